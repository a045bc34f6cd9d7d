"""Turn finder hits into the JSON items of @finder (and the page's rows)."""

from sozialplattform.site.finder.search import FinderResult
from sozialplattform.site.finder.search import FLAG_COLUMNS
from sozialplattform.site.finder.search import Hit
from sozialplattform.site.finder.search import LIST_COLUMNS
from sozialplattform.site.finder.search import SHOWN_COLUMNS
from sozialplattform.site.functions import gated
from sozialplattform.site.functions.gating import links


def _list(value) -> list:
    return list(value) if value else []


def item(
    hit: Hit, request, states: dict | None = None, next_free_slot: str | None = None
) -> dict:
    """``states``: ``functions.gating.state_participation()``, fetched once per page;
    ``next_free_slot``: the centre's first free appointment (``finder.bookable``)."""
    record = hit.record
    url = request.physicalPathToURL(record["path"])
    urls = links(record, request, url, states)
    return {
        "@id": url,
        "@type": "CounsellingCentre",
        "UID": record["UID"],
        "title": record["Title"],
        "description": record["Description"],
        "distance_km": None if hit.distance_km is None else round(hit.distance_km, 1),
        **{name: record[name] for name in SHOWN_COLUMNS},
        **{name: _list(record[name]) for name in LIST_COLUMNS},
        **{name: bool(record[name]) for name in FLAG_COLUMNS},
        **{f"{function.name}_url": urls[function.name] for function in gated()},
        "next_free_slot": next_free_slot,
    }


def facets(
    result: FinderResult, vocabularies: dict[str, list[tuple[str, str]]]
) -> dict:
    """Facet lists in vocabulary order: {parameter: [{token, title, count}]}."""
    return {
        parameter: [
            {
                "token": token,
                "title": title,
                "count": result.facets[parameter].get(token, 0),
            }
            for token, title in vocabularies[parameter]
        ]
        for parameter in result.facets
    }
