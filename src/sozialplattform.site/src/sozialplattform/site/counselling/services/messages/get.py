"""GET /Plone/@messages?token=&since= (the seeker) and GET <conversation>/@messages
?since= (a counsellor): the messages after the cursor ``since``. Reads only: polling
never writes to the database."""

from sozialplattform.site.counselling import conversations
from sozialplattform.site.counselling import ROLE_COUNSELLOR
from sozialplattform.site.counselling import ROLE_SEEKER
from sozialplattform.site.counselling.services.common import CounsellingService


class SeekerMessagesGet(CounsellingService):
    def answer(self) -> dict:
        conversation = self.seeker_conversation(self.request.form.get("token"))
        since = conversations.parse_since(self.request.form.get("since"))
        return conversations.messages_json(conversation, since, ROLE_SEEKER, self.now())


class CounsellorMessagesGet(CounsellingService):
    def answer(self) -> dict:
        since = conversations.parse_since(self.request.form.get("since"))
        return conversations.messages_json(
            self.context, since, ROLE_COUNSELLOR, self.now(), self.userid()
        )
