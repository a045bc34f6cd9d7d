"""POST /Plone/@messages ``{"token", "message", "attachments"}`` (the seeker) and POST
<conversation>/@messages ``{"message", "attachments"}`` (a counsellor): 201
``{"cursor"}``; 400 a bad object or a closed conversation, 409 not the next ``seq``,
429 past 30 messages a minute per participant or the attachments per day."""

from sozialplattform.site.counselling import conversations
from sozialplattform.site.counselling import mails
from sozialplattform.site.counselling import ROLE_COUNSELLOR
from sozialplattform.site.counselling import ROLE_SEEKER
from sozialplattform.site.counselling.services.common import CounsellingService


class SeekerMessagesPost(CounsellingService):
    csrf_exempt = True

    def answer(self) -> dict:
        data = self.body({"token", "message", "attachments"}, {"token", "message"})
        conversation = self.seeker_conversation(data["token"])
        # checked first: a refused post (400, 409) does not use up the quota
        checked = conversations.check_post(conversation, ROLE_SEEKER, data)
        self.throttle_participant(
            f"seeker:{conversation.conversation_id}", len(checked[1])
        )
        cursor = conversations.post(conversation, ROLE_SEEKER, checked, self.now())
        mails.seeker_wrote(conversation)
        self.request.response.setStatus(201)
        return {"cursor": cursor}


class CounsellorMessagesPost(CounsellingService):
    def answer(self) -> dict:
        data = self.body({"message", "attachments"}, {"message"})
        userid = self.userid()
        checked = conversations.check_post(self.context, ROLE_COUNSELLOR, data)
        self.throttle_participant(f"counsellor:{userid}", len(checked[1]))
        cursor = conversations.post(
            self.context, ROLE_COUNSELLOR, checked, self.now(), userid
        )
        mails.counsellor_replied(self.context)
        self.request.response.setStatus(201)
        return {"cursor": cursor}
