"""Function gating: which functions a counselling centre may offer.

The finder entry and the self-service are open to every centre. Online booking and online
counselling are available only when (1) the centre's State takes part, (2) the function was
granted and (3) the centre switched it on. Participation and switches are read live, so a
State leaving a function hides it at once (pages, API, finder) without touching any data.

Where the grants come from:

- A centre created by ``grant_access`` of an onboarding request is linked to the request
  and gets a copy of the granted functions (``link_centre``), refreshed after each
  transition and edit of the request (``sync_grants``; empty once withdrawn). While the
  request exists, its ``granted_functions`` count; once it is deleted, the copy counts.
  A linked centre without a copy counts as finder-only, never as all-granted.
- A centre that never went through onboarding (created by its state's editors, or by a
  ministry's bulk import) has every function granted: the state itself decided. Its
  State's participation and its own switches still apply.

The copy is also the centre's catalog metadata column ``granted_functions`` (None for a
centre that never went through onboarding), so lists such as the finder read every centre's
grants from brains without waking the centres.
"""

from plone import api
from plone.indexer import indexer
from sozialplattform.site.caching import until_catalog_changes
from sozialplattform.site.content.interfaces import ICounsellingCentre
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


GRANTS_KEY = "sozialplattform.onboarding.granted_functions"
CENTRE_TYPE = "CounsellingCentre"


def link_centre(centre, request) -> None:
    """Remember which onboarding request a centre came from and copy its grants.

    Called while access is granted, before ``provision`` stores the default grants on a
    request that has none: the copy uses the same defaults.
    """
    from sozialplattform.site.onboarding.provisioning import default_grants

    IAnnotations(centre)[REQUEST_KEY] = request.UID()
    record_grants(
        centre,
        request.granted_functions or default_grants(request, containing_state(request)),
    )


def record_grants(centre, functions) -> tuple[str, ...]:
    """Copy the functions granted in the onboarding onto the centre (and its metadata)."""
    wanted = set(functions or ())
    grants = tuple(name for name in FUNCTIONS if name in wanted)
    IAnnotations(centre)[GRANTS_KEY] = grants
    centre.reindexObject(idxs=["UID"])  # any index: the metadata row is rewritten
    return grants


def sync_grants(request, event=None) -> None:
    """After a transition or an edit of a request with a centre: refresh the centre's copy.

    Withdrawn after access was granted, the copy becomes empty, so purging the request
    later does not bring the functions back; a correction of ``granted_functions`` is
    copied, too.
    """
    uid = getattr(request, "centre_uid", None)
    if not uid:
        return
    catalog = api.portal.get_tool("portal_catalog")
    brains = catalog.unrestrictedSearchResults(UID=uid)
    if brains:
        record_grants(brains[0]._unrestrictedGetObject(), _granted(request))


def recorded_grants(centre) -> frozenset[str] | None:
    """The copy made when access was granted; None for a centre without one."""
    grants = IAnnotations(centre).get(GRANTS_KEY)
    return None if grants is None else frozenset(grants)


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


def came_through_onboarding(centre) -> bool:
    annotations = IAnnotations(centre)
    return REQUEST_KEY in annotations or GRANTS_KEY in annotations


def granted_functions(centre) -> frozenset[str]:
    """Functions granted to the centre (see the module's docstring).

    The live onboarding request when it exists, else the copy made when access was
    granted (finder only without one); ``ALL_GRANTED`` for a centre that never went
    through onboarding.
    """
    if not came_through_onboarding(centre):
        return ALL_GRANTED
    request = onboarding_request(centre)
    if request is not None:
        return _granted(request)
    return recorded_grants(centre) or frozenset()


@indexer(ICounsellingCentre)
def granted_functions_metadata(centre) -> tuple[str, ...] | None:
    """The catalog column: the centre's copy of its grants; None if never onboarded."""
    if not came_through_onboarding(centre):
        return None
    return tuple(recorded_grants(centre) or ())


def grants_of_record(value) -> frozenset[str]:
    """Granted functions from a catalog record's ``granted_functions`` value."""
    return frozenset(value) if isinstance(value, tuple) else ALL_GRANTED


@until_catalog_changes
def granted_functions_by_centre() -> dict[str, frozenset[str]]:
    """Centre UID -> granted functions of the centres that came through onboarding.

    The catalog's copies, overridden by the live requests (as ``granted_functions``).
    Centres missing here never went through onboarding: use ``ALL_GRANTED`` for them.
    """
    catalog = api.portal.get_tool("portal_catalog")
    result = {
        brain.UID: frozenset(brain.granted_functions)
        for brain in catalog.unrestrictedSearchResults(portal_type=CENTRE_TYPE)
        if isinstance(brain.granted_functions, tuple)
    }
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


def available_functions(centre) -> dict[str, bool]:
    """Function -> available now, for every function (the same rule as the finder)."""
    granted = granted_functions(centre)
    return {
        function: function_available(centre, function, granted=granted)
        for function in FUNCTIONS
    }
