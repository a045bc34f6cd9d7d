"""POST /Plone/@conversation-close ``{"token"}`` (the seeker) and POST
<conversation>/@conversation-close (a counsellor): the conversation is closed (200)."""

from sozialplattform.site.counselling import conversations
from sozialplattform.site.counselling.services.common import CounsellingService


def state_json(conversation) -> dict:
    return {"conversation": conversation.conversation_id, "state": conversation.state}


class SeekerClosePost(CounsellingService):
    csrf_exempt = True

    def answer(self) -> dict:
        data = self.body({"token"}, {"token"})
        conversation = self.seeker_conversation(data["token"])
        conversations.close(conversation, self.now())
        return state_json(conversation)


class CounsellorClosePost(CounsellingService):
    def answer(self) -> dict:
        conversations.close(self.context, self.now())
        return state_json(self.context)
