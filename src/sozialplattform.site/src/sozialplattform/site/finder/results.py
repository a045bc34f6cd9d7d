"""Turn finder hits into the JSON items of @finder (and the page's rows)."""

from plone import api
from sozialplattform.site.caching import until_catalog_changes
from sozialplattform.site.content.interfaces import ICounsellingCentre
from sozialplattform.site.finder.search import FinderResult
from sozialplattform.site.finder.search import FLAG_COLUMNS
from sozialplattform.site.finder.search import Hit
from sozialplattform.site.finder.search import LIST_COLUMNS
from sozialplattform.site.finder.search import SHOWN_COLUMNS
from sozialplattform.site.onboarding import BOOKING
from sozialplattform.site.onboarding import COUNSELLING
from sozialplattform.site.onboarding.gating import ALL_GRANTED
from sozialplattform.site.onboarding.gating import grants_of_record
from sozialplattform.site.onboarding.gating import is_available
from zope.component import getSiteManager
from zope.interface import Interface
from zope.interface import providedBy


BOOKING_VIEW = "booking"
COUNSELLING_VIEW = "online-counselling"


def internal_pages(request) -> frozenset[str]:
    """Functions whose own page (view on a centre) is installed.

    Online booking and online counselling pages arrive in later releases; until a view of
    that name exists, the finder links the centre's external tool instead of a dead page.
    """
    adapters = getSiteManager().adapters
    found = set()
    for function, name in ((BOOKING, BOOKING_VIEW), (COUNSELLING, COUNSELLING_VIEW)):
        if adapters.lookup((ICounsellingCentre, providedBy(request)), Interface, name):
            found.add(function)
    return frozenset(found)


@until_catalog_changes
def state_participation() -> dict[str, tuple[bool, bool]]:
    """ISO code -> (booking_participation, counselling_participation) of every State."""
    catalog = api.portal.get_tool("portal_catalog")
    result = {}
    for brain in catalog.unrestrictedSearchResults(portal_type="State"):
        state = brain._unrestrictedGetObject()
        result[state.code] = (
            bool(state.booking_participation),
            bool(state.counselling_participation),
        )
    return result


def function_urls(
    record: dict,
    url: str,
    participation: dict,
    granted=ALL_GRANTED,
    pages: frozenset = frozenset({BOOKING, COUNSELLING}),
) -> tuple[str | None, str | None]:
    """Our booking/counselling page when the function is available, else the external tool.

    Available = the state takes part, the function was granted, the centre switched it on.
    """
    booking, counselling = participation.get(record["state"], (False, False))
    booking_url = (
        f"{url}/@@{BOOKING_VIEW}"
        if BOOKING in pages
        and is_available(BOOKING, booking, granted, record["booking_enabled"])
        else record["external_booking_url"] or None
    )
    counselling_url = (
        f"{url}/@@{COUNSELLING_VIEW}"
        if COUNSELLING in pages
        and is_available(
            COUNSELLING, counselling, granted, record["online_counselling_enabled"]
        )
        else record["external_counselling_url"] or None
    )
    return booking_url, counselling_url


def _list(value) -> list:
    return list(value) if value else []


def item(hit: Hit, request, participation: dict, pages: frozenset) -> dict:
    record = hit.record
    url = request.physicalPathToURL(record["path"])
    booking_url, counselling_url = function_urls(
        record,
        url,
        participation,
        grants_of_record(record["granted_functions"]),
        pages,
    )
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
        "booking_url": booking_url,
        "counselling_url": counselling_url,
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
