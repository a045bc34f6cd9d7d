"""GET <centre>/beratung/@conversations?filter=new|mine|open|closed: the counsellors'
inbox with the counts of each filter."""

from sozialplattform.site.counselling import inbox
from sozialplattform.site.counselling.services.common import CounsellingService


class ConversationsGet(CounsellingService):
    def answer(self) -> dict:
        name = self.request.form.get("filter") or "open"
        if not isinstance(name, str):
            name = ""
        return inbox.inbox(self.context, name, self.userid())
