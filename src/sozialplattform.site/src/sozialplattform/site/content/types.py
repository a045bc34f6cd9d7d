"""Content classes."""

from Acquisition import aq_chain
from plone.dexterity.content import Container
from plone.dexterity.content import Item
from sozialplattform.site.content.interfaces import ICounsellingCentre
from sozialplattform.site.content.interfaces import ICounsellingOffer
from sozialplattform.site.content.interfaces import IPlatformContent
from sozialplattform.site.content.interfaces import IState
from zope.interface import implementer


@implementer(IState, IPlatformContent)
class State(Container):
    """A German state (Bundesland)."""


@implementer(ICounsellingCentre, IPlatformContent)
class CounsellingCentre(Container):
    """A counselling centre (Beratungsstelle)."""

    # Postcode the coordinates were last derived from; None when an editor set them.
    _coordinates_from_postcode = None


@implementer(ICounsellingOffer, IPlatformContent)
class CounsellingOffer(Item):
    """An offer (Beratungsangebot) of a centre."""


def containing_state(obj) -> State | None:
    """The State an object lies in (itself when it is one)."""
    for item in aq_chain(obj):
        if IState.providedBy(item):
            return item
    return None


def containing_centre(obj) -> CounsellingCentre | None:
    for item in aq_chain(obj):
        if ICounsellingCentre.providedBy(item):
            return item
    return None
