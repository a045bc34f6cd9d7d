"""Event subscribers of the content model."""

from AccessControl import getSecurityManager
from AccessControl import Unauthorized
from OFS.interfaces import IObjectWillBeRemovedEvent
from sozialplattform.site.content.geocoding import update_coordinates
from sozialplattform.site.content.types import containing_centre
from sozialplattform.site.content.types import containing_state
from sozialplattform.site.permissions import ADD_CENTRE
from sozialplattform.site.permissions import ADD_STATE
from zope.lifecycleevent.interfaces import IObjectRemovedEvent


def geocode_centre(centre, event):
    """Added/modified centre: coordinates from the postcode where none were given."""
    update_coordinates(centre)


def reindex_centre_of_offer(offer, event):
    """An offer changed: its centre's tags and full text include published offers."""
    if IObjectRemovedEvent.providedBy(event):
        centre = event.oldParent
    else:
        centre = containing_centre(offer.__parent__ if offer.__parent__ else offer)
    if centre is not None and getattr(centre, "reindexObject", None):
        centre.reindexObject(
            idxs=[
                "topics",
                "target_groups",
                "languages",
                "channels",
                "finder_words",
                "SearchableText",
            ]
        )


def guard_centre_removal(centre, event):
    """Only those who may create centres in a State may remove one.

    Centre editors hold "Delete objects" on their centre so that they can remove its
    offers (Plone checks the permission on the parent too); the centre itself stays.
    """
    if event.newParent is not None or not IObjectWillBeRemovedEvent.providedBy(event):
        return  # a move or rename, not a removal
    state = containing_state(centre)
    if state is None:
        return
    if not getSecurityManager().checkPermission(ADD_CENTRE, state):
        raise Unauthorized("Only the state editors can remove a counselling centre.")


def guard_state_removal(state, event):
    """States are removed by site administrators only (state editors hold "Delete objects"
    inside their State, which would otherwise reach the State itself through the API)."""
    if event.newParent is not None or not IObjectWillBeRemovedEvent.providedBy(event):
        return
    parent = state.aq_parent
    if not getSecurityManager().checkPermission(ADD_STATE, parent):
        raise Unauthorized("Only site administrators can remove a state.")
