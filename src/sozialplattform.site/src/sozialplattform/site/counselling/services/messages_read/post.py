"""POST /Plone/@messages-read ``{"token", "cursor"}`` (the seeker) and POST
<conversation>/@messages-read ``{"cursor"}`` (a counsellor): everything up to the
cursor has been read (200 ``{"cursor"}``). Separate from ``GET @messages`` so that
polling never writes; a notice mail is sent again only after this."""

from sozialplattform.site.counselling import conversations
from sozialplattform.site.counselling import ROLE_COUNSELLOR
from sozialplattform.site.counselling import ROLE_SEEKER
from sozialplattform.site.counselling.services.common import CounsellingService


class SeekerReadPost(CounsellingService):
    csrf_exempt = True

    def answer(self) -> dict:
        data = self.body({"token", "cursor"}, {"token", "cursor"})
        conversation = self.seeker_conversation(data["token"])
        conversations.mark_read(conversation, ROLE_SEEKER, data["cursor"])
        return {"cursor": conversation.seeker_read_cursor}


class CounsellorReadPost(CounsellingService):
    def answer(self) -> dict:
        data = self.body({"cursor"}, {"cursor"})
        conversations.mark_read(self.context, ROLE_COUNSELLOR, data["cursor"])
        return {"cursor": self.context.counsellor_read_cursor}
