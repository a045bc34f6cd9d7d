"""GET /Plone/@attachment?token=&cursor=&index= (the seeker) and GET
<conversation>/@attachment?cursor=&index= (a counsellor): the attachment object."""

from sozialplattform.site.counselling import conversations
from sozialplattform.site.counselling.services.common import CounsellingService


class SeekerAttachmentGet(CounsellingService):
    def answer(self) -> dict:
        form = self.request.form
        conversation = self.seeker_conversation(form.get("token"))
        return conversations.attachment_json(
            conversation, form.get("cursor"), form.get("index")
        )


class CounsellorAttachmentGet(CounsellingService):
    def answer(self) -> dict:
        form = self.request.form
        return conversations.attachment_json(
            self.context, form.get("cursor"), form.get("index")
        )
