"""GET <centre>/beratung/@counselling-envelopes?missing=1: the open conversations in
which the caller holds an envelope, with the current colleagues' public keys that have
none (what the caller's browser re-wraps)."""

from sozialplattform.site.counselling.envelopes import missing_envelopes
from sozialplattform.site.counselling.services.common import CounsellingService


class EnvelopesGet(CounsellingService):
    def answer(self) -> dict:
        only_missing = self.request.form.get("missing") not in (None, "", "0")
        return {"items": missing_envelopes(self.context, self.userid(), only_missing)}
