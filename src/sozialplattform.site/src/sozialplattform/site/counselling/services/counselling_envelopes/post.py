"""POST <centre>/beratung/@counselling-envelopes ``{"envelopes": [...]}``: a counsellor
grants colleagues access to conversations (200 ``{"added"}``; all or nothing)."""

from sozialplattform.site.counselling import wire
from sozialplattform.site.counselling.envelopes import add_envelopes
from sozialplattform.site.counselling.keys import KeyRefused
from sozialplattform.site.counselling.services.common import CounsellingService
from sozialplattform.site.counselling.services.common import Refusal


class EnvelopesPost(CounsellingService):
    def answer(self) -> dict:
        data = self.body({"envelopes"}, {"envelopes"})
        try:
            added = add_envelopes(self.context, self.userid(), data["envelopes"])
        except (KeyRefused, wire.WireFormatError) as error:
            raise Refusal(400, str(error)) from None
        return {"added": added}
