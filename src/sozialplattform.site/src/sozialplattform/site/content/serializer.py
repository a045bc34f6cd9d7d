"""JSON serialization of centres: plone.restapi's plus the State and the gated functions.

``available_functions`` and ``booking_url``/``counselling_url`` follow the gating rule
(``functions.gating``: State participation, grant, the centre's switch) exactly as the
finder does, so a State leaving a function hides it in the API at once. The stored
switches ``booking_enabled`` and ``online_counselling_enabled`` are the editors'
settings: their ``read_permission`` in the schema lets only users who may modify the
centre see them.
"""

from plone.restapi.interfaces import ISerializeToJson
from plone.restapi.serializer.dxcontent import SerializeFolderToJson
from sozialplattform.site.content.interfaces import ICounsellingCentre
from sozialplattform.site.content.types import containing_state
from sozialplattform.site.functions.gating import available
from sozialplattform.site.functions.gating import links
from sozialplattform.site.overrides.locking import HideLockDetails
from zope.component import adapter
from zope.interface import implementer
from zope.interface import Interface


def gated_fields(centre, request) -> dict:
    """``available_functions``, ``booking_url`` and ``counselling_url`` of ``centre``."""
    urls = links(centre, request)
    return {
        "available_functions": available(centre),
        **{f"{name}_url": url for name, url in urls.items()},
    }


@implementer(ISerializeToJson)
@adapter(ICounsellingCentre, Interface)
class CentreSerializer(HideLockDetails, SerializeFolderToJson):
    def __call__(self, version=None, include_items=True):
        result = super().__call__(version=version, include_items=include_items)
        state = containing_state(self.context)
        result["state"] = state.code if state is not None else None
        result.update(gated_fields(self.context, self.request))
        return result
