"""Function gating: which functions a counselling centre may offer.

The finder entry and the self-service are open to every centre. Online booking and online
counselling are available only when (1) the centre's State takes part, (2) the function was
granted in the onboarding and (3) the centre switched it on. Everything is read live, so a
State leaving a function hides it at once without touching any data.
"""

from plone import api
from sozialplattform.site.caching import until_catalog_changes
from sozialplattform.site.content.types import containing_state
from sozialplattform.site.onboarding import BOOKING
from sozialplattform.site.onboarding import COUNSELLING
from sozialplattform.site.onboarding import FUNCTIONS
from sozialplattform.site.onboarding import GRANTED_STATES
from sozialplattform.site.onboarding import REQUEST_TYPE
from zope.annotation.interfaces import IAnnotations


REQUEST_KEY = "sozialplattform.onboarding.request_uid"
# function -> (State participation flag, centre switch)
FLAGS = {
    BOOKING: ("booking_participation", "booking_enabled"),
    COUNSELLING: ("counselling_participation", "online_counselling_enabled"),
}


def link_centre(centre, request) -> None:
    """Remember which onboarding request a centre came from."""
    IAnnotations(centre)[REQUEST_KEY] = request.UID()


def onboarding_request(centre):
    """The OnboardingRequest a centre was created from (unrestricted), or None."""
    uid = IAnnotations(centre).get(REQUEST_KEY)
    if not uid:
        return None
    catalog = api.portal.get_tool("portal_catalog")
    brains = catalog.unrestrictedSearchResults(UID=uid, portal_type=REQUEST_TYPE)
    return brains[0]._unrestrictedGetObject() if brains else None


def _granted(request) -> frozenset[str]:
    if request is None or api.content.get_state(request, None) not in GRANTED_STATES:
        return frozenset()
    return frozenset(request.granted_functions or ())


ALL_GRANTED = frozenset(FUNCTIONS)


def granted_functions(centre) -> frozenset[str]:
    """Functions granted to the centre in its onboarding.

    A centre without an onboarding request was created by its state's editors or a
    ministry's bulk import: the state itself decided, so every function counts as granted
    (its participation and the centre's switches still apply).
    """
    request = onboarding_request(centre)
    return ALL_GRANTED if request is None else _granted(request)


@until_catalog_changes
def granted_functions_by_centre() -> dict[str, frozenset[str]]:
    """Centre UID -> granted functions of the centres that came through onboarding.

    Centres missing here have no onboarding request: use ``ALL_GRANTED`` for them.
    """
    catalog = api.portal.get_tool("portal_catalog")
    result = {}
    for brain in catalog.unrestrictedSearchResults(portal_type=REQUEST_TYPE):
        request = brain._unrestrictedGetObject()
        if getattr(request, "centre_uid", None):
            result[request.centre_uid] = _granted(request)
    return result


def is_available(
    function: str, participates: bool, granted: frozenset | set, switched_on: bool
) -> bool:
    """The rule itself, on plain values (for catalog records)."""
    if function not in FUNCTIONS:
        raise ValueError(f"unknown function {function!r}")
    if function not in FLAGS:
        return True
    return bool(participates) and function in granted and bool(switched_on)


def function_available(centre, function: str, granted=None) -> bool:
    """May ``centre`` offer ``function`` ("finder", "booking", "counselling") now?

    ``granted`` saves the look-up when the caller already has the centre's grants.
    """
    if function not in FLAGS:
        return is_available(function, True, frozenset(), True)
    participation, switch = FLAGS[function]
    state = containing_state(centre)
    return is_available(
        function,
        getattr(state, participation, False),
        granted_functions(centre) if granted is None else granted,
        getattr(centre, switch, False),
    )
