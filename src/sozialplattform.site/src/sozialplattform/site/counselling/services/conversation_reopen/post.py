"""POST <conversation>/@conversation-reopen: a counsellor opens a closed conversation
again (200)."""

from sozialplattform.site.counselling import conversations
from sozialplattform.site.counselling.services.common import CounsellingService
from sozialplattform.site.counselling.services.conversation_close.post import state_json


class ReopenPost(CounsellingService):
    def answer(self) -> dict:
        conversations.reopen(self.context, self.now())
        return state_json(self.context)
