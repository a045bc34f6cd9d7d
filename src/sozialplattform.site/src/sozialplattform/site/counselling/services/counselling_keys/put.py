"""PUT /Plone/@counselling-keys/me ``{"public_key", "wrapped_private_key"}``: a
counsellor stores their key pair (a new kid drops the old key's envelopes)."""

from sozialplattform.site.counselling import keys
from sozialplattform.site.counselling import wire
from sozialplattform.site.counselling.services.common import CounsellingService
from sozialplattform.site.counselling.services.common import Refusal
from sozialplattform.site.counselling.services.counselling_keys.get import OwnKeys


class OwnKeysPut(OwnKeys, CounsellingService):
    def answer(self) -> dict:
        userid = self.userid_of_me()
        data = self.body(
            {"public_key", "wrapped_private_key"},
            {"public_key", "wrapped_private_key"},
        )
        if not keys.is_counsellor_anywhere(userid):
            raise Refusal(403, "Only counsellors of a centre keep keys.", "Forbidden")
        try:
            public_key, wrapped = keys.check_keys(
                userid, data["public_key"], data["wrapped_private_key"]
            )
        except (wire.WireFormatError, keys.KeyRefused) as error:
            raise Refusal(400, str(error)) from None
        keys.set_keys(userid, public_key, wrapped)
        return {"public_key": public_key, "wrapped_private_key": wrapped}
