"""Event subscribers of the content model."""

from sozialplattform.site.content.geocoding import update_coordinates
from sozialplattform.site.content.types import containing_centre
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
