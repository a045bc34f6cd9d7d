"""JSON serialization of centres: plone.restapi's plus the ISO code of the State."""

from plone.restapi.interfaces import ISerializeToJson
from plone.restapi.serializer.dxcontent import SerializeFolderToJson
from sozialplattform.site.content.interfaces import ICounsellingCentre
from sozialplattform.site.content.types import containing_state
from zope.component import adapter
from zope.interface import implementer
from zope.interface import Interface


@implementer(ISerializeToJson)
@adapter(ICounsellingCentre, Interface)
class CentreSerializer(SerializeFolderToJson):
    def __call__(self, version=None, include_items=True):
        result = super().__call__(version=version, include_items=include_items)
        state = containing_state(self.context)
        result["state"] = state.code if state is not None else None
        return result
