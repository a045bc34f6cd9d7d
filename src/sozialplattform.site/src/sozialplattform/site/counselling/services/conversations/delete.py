"""DELETE /Plone/@conversations?token=: the seeker deletes the conversation (204); it
is gone for the centre too, whose counsellors get a notice without content."""

from sozialplattform.site.counselling import conversations
from sozialplattform.site.counselling import mails
from sozialplattform.site.counselling.services.common import CounsellingService


class ConversationsDelete(CounsellingService):
    csrf_exempt = True

    def answer(self):
        conversation = self.seeker_conversation(self.request.form.get("token"))
        centre = conversations.centre_of(conversation)
        conversations.delete(conversation)
        mails.deleted(centre)
        return self.reply_no_content()
