"""The onboarding's grants, written through to the centre when they change.

A request's ``granted_functions`` are the onboarding's decision; the centre's stored grants
(``functions.gating``) are what every reader uses. ``grant_access`` stores them on the new
centre (``provisioning.provision``); each later transition and edit of the request writes
them again (``sync_grants``): withdrawn after access, the centre keeps an empty grant, so
purging the request later changes nothing.

The request names its centre (``centre_uid``); the centre keeps nothing of its request.
Why this link is no zc.relation: ``docs/developers/functions.md``.
"""

from plone import api
from sozialplattform.site.functions.gating import GRANTS_KEY
from sozialplattform.site.functions.gating import set_grants
from sozialplattform.site.onboarding import GRANTED_STATES
from sozialplattform.site.onboarding import REQUEST_TYPE
from zope.annotation.interfaces import IAnnotations


CENTRE_TYPE = "CounsellingCentre"


def request_grants(request) -> tuple[str, ...]:
    """What the request grants its centre now: nothing unless access was granted."""
    if api.content.get_state(request, None) not in GRANTED_STATES:
        return ()
    return tuple(request.granted_functions or ())


def linked_centre(request):
    """The centre created for ``request`` (unrestricted), or None."""
    uid = getattr(request, "centre_uid", None)
    if not uid:
        return None
    catalog = api.portal.get_tool("portal_catalog")
    brains = catalog.unrestrictedSearchResults(UID=uid, portal_type=CENTRE_TYPE)
    return brains[0]._unrestrictedGetObject() if brains else None


def sync_grants(request, event=None) -> None:
    """After a transition or an edit of a request with a centre: write its grants there."""
    centre = linked_centre(request)
    if centre is not None:
        set_grants(centre, request_grants(request))


#: Before: the centre's link back to its request, next to ``request.centre_uid``.
OLD_REQUEST_KEY = "sozialplattform.onboarding.request_uid"


def store_grants_on_centres(context=None) -> list[str]:
    """Upgrade handler: the centre's stored grants become the only ones read.

    Until now a live request's ``granted_functions`` won over the centre's copy, and a
    centre linked back to a deleted request without a copy was finder-only. Both values
    are stored on the centre now, and the link back is removed. Returns the changed
    centres' paths.
    """
    catalog = api.portal.get_tool("portal_catalog")
    changed = set()
    for brain in catalog.unrestrictedSearchResults(portal_type=REQUEST_TYPE):
        request = brain._unrestrictedGetObject()
        centre = linked_centre(request)
        if centre is None:
            continue
        before = IAnnotations(centre).get(GRANTS_KEY)
        if set_grants(centre, request_grants(request)) != before:
            changed.add("/".join(centre.getPhysicalPath()))
    for brain in catalog.unrestrictedSearchResults(portal_type=CENTRE_TYPE):
        centre = brain._unrestrictedGetObject()
        annotations = IAnnotations(centre)
        if OLD_REQUEST_KEY not in annotations:
            continue
        del annotations[OLD_REQUEST_KEY]
        if GRANTS_KEY not in annotations:
            set_grants(centre, ())
        changed.add("/".join(centre.getPhysicalPath()))
    return sorted(changed)
