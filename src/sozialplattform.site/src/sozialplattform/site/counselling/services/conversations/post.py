"""POST <centre>/@conversations: a seeker starts a conversation (anonymous, throttled
per address): 201 ``{"conversation", "token", "url"}``; 400, 404 (not available), 409
(the id exists), 429."""

from sozialplattform.site.anonymous import throttle
from sozialplattform.site.counselling import checks
from sozialplattform.site.counselling import conversations
from sozialplattform.site.counselling import mails
from sozialplattform.site.counselling.services.common import CounsellingService
from sozialplattform.site.counselling.services.common import require_counselling
from sozialplattform.site.site_url import public_url


class ConversationsPost(CounsellingService):
    csrf_exempt = True

    def answer(self) -> dict:
        require_counselling(self.context)
        throttle.check(self.request, throttle.CONVERSATION)
        data = self.body(checks.START_KEYS)
        start = checks.check_start(self.context, data)
        self.throttle_participant(f"seeker:{start['id']}", len(start["attachments"]))
        conversation, token = conversations.create(self.context, start, self.now())
        mails.seeker_wrote(conversation)
        self.request.response.setStatus(201)
        return {
            "conversation": conversation.conversation_id,
            "token": token,
            "url": f"{public_url()}/@@beratung",
        }
