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

    def _verifyObjectPaste(self, object, validate_src=1):
        """Copy and move into a State: the centre's postcode rule (see ``paste``)."""
        super()._verifyObjectPaste(object, validate_src)
        if ICounsellingCentre.providedBy(object):
            from sozialplattform.site.content.paste import paste_errors
            from sozialplattform.site.content.paste import PasteRefused

            errors = paste_errors(object, self)
            if errors:
                raise PasteRefused(errors, getattr(self, "REQUEST", None))


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
