"""JSON serialization of centres: plone.restapi's plus the State and the gated functions.

``available_functions`` and ``booking_url``/``counselling_url`` follow the gating rule
(State participation, grant, the centre's switch) exactly as the finder does, so a State
leaving a function hides it in the API at once. The stored switches ``booking_enabled``
and ``online_counselling_enabled`` are the editors' settings: only users who may modify
the centre see them.
"""

from plone import api
from plone.restapi.interfaces import ISerializeToJson
from plone.restapi.serializer.dxcontent import SerializeFolderToJson
from sozialplattform.site.content.interfaces import ICounsellingCentre
from sozialplattform.site.content.types import containing_state
from sozialplattform.site.overrides.locking import HideLockDetails
from zope.component import adapter
from zope.interface import implementer
from zope.interface import Interface


SWITCHES = ("booking_enabled", "online_counselling_enabled")


def gated_fields(centre, request) -> dict:
    """``available_functions``, ``booking_url`` and ``counselling_url`` of ``centre``."""
    from sozialplattform.site.finder.results import function_urls
    from sozialplattform.site.finder.results import internal_pages
    from sozialplattform.site.onboarding.gating import available_functions
    from sozialplattform.site.onboarding.gating import granted_functions

    state = containing_state(centre)
    code = state.code if state is not None else None
    participation = (
        {
            code: (
                bool(state.booking_participation),
                bool(state.counselling_participation),
            )
        }
        if state is not None
        else {}
    )
    record = {
        "state": code,
        "booking_enabled": bool(centre.booking_enabled),
        "online_counselling_enabled": bool(centre.online_counselling_enabled),
        "external_booking_url": centre.external_booking_url,
        "external_counselling_url": centre.external_counselling_url,
    }
    booking_url, counselling_url = function_urls(
        record,
        centre.absolute_url(),
        participation,
        granted_functions(centre),
        internal_pages(request),
    )
    return {
        "available_functions": available_functions(centre),
        "booking_url": booking_url,
        "counselling_url": counselling_url,
    }


@implementer(ISerializeToJson)
@adapter(ICounsellingCentre, Interface)
class CentreSerializer(HideLockDetails, SerializeFolderToJson):
    def __call__(self, version=None, include_items=True):
        result = super().__call__(version=version, include_items=include_items)
        state = containing_state(self.context)
        result["state"] = state.code if state is not None else None
        result.update(gated_fields(self.context, self.request))
        if not api.user.has_permission("Modify portal content", obj=self.context):
            for name in SWITCHES:
                result.pop(name, None)
        return result
