"""One entry point for the REST service and the page: parse, search, serialise."""

from plone import api
from sozialplattform.site.finder import results
from sozialplattform.site.finder.query import FinderQuery
from sozialplattform.site.finder.query import parse
from sozialplattform.site.finder.search import nationwide
from sozialplattform.site.finder.search import search
from sozialplattform.site.finder.vocabularies import facet_terms
from sozialplattform.site.finder.vocabularies import token_sets
from sozialplattform.site.functions.gating import state_participation
from urllib.parse import urlencode


def run(context, request, form=None) -> tuple[FinderQuery, dict]:
    """Parse ``form`` (default: the request's), search, and return the JSON-ready answer.

    Raises ``FinderParameterError`` on bad parameters.
    """
    form = request.form if form is None else form
    terms = facet_terms(context, request)
    query = parse(form, token_sets(terms))
    result = search(api.portal.get_tool("portal_catalog"), query)
    batch = result.batch(query.b_start, query.b_size)
    base_url = f"{context.absolute_url()}/@finder"
    answer = {
        "@id": _url(base_url, form, query.b_start),
        "items_total": result.total,
        "batching": batching(base_url, form, query, result.total),
        "location": location(query),
        "items": _items(batch, request),
        "facets": results.facets(result, terms),
    }
    return query, answer


def _items(hits, request) -> list[dict]:
    states = state_participation()
    return [results.item(hit, request, states) for hit in hits]


def nationwide_items(context, request, form, limit: int = 10) -> list[dict]:
    """JSON items of up to ``limit`` nationwide centres matching ``form``'s filters."""
    terms = facet_terms(context, request)
    query = parse(form, token_sets(terms))
    result = nationwide(api.portal.get_tool("portal_catalog"), query, limit)
    return _items(result.batch(0, limit), request)


def location(query: FinderQuery) -> dict | None:
    if query.location is None:
        return None
    return {
        "postcode": query.location.postcode,
        "place": query.location.place,
        "lat": query.location.latitude,
        "lon": query.location.longitude,
        "radius": query.radius_km,
    }


def _url(base: str, form, b_start: int) -> str:
    pairs = []
    for key, value in form.items():
        if key == "b_start":
            continue
        for item in value if isinstance(value, list | tuple) else [value]:
            pairs.append((key, item))
    if b_start:
        pairs.append(("b_start", b_start))
    return f"{base}?{urlencode(pairs)}" if pairs else base


def batching(base: str, form, query: FinderQuery, total: int) -> dict | None:
    """plone.restapi-style batching links, or None when everything fits one page."""
    if total <= query.b_size and query.b_start == 0:
        return None
    size = query.b_size
    last = max(0, (total - 1) // size * size)
    links = {
        "@id": _url(base, form, query.b_start),
        "first": _url(base, form, 0),
        "last": _url(base, form, last),
    }
    if query.b_start + size < total:
        links["next"] = _url(base, form, query.b_start + size)
    if query.b_start > 0:
        links["prev"] = _url(base, form, max(0, query.b_start - size))
    return links
