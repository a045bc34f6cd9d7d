"""POST <conversation>/@conversation-assign ``{"to": <user id> | null}``: take the
conversation (own id), hand it to a colleague with the role on the centre, or release
it (200 ``{"assignee"}``; 400 for anyone else)."""

from sozialplattform.site.counselling import conversations
from sozialplattform.site.counselling.services.common import CounsellingService


class AssignPost(CounsellingService):
    def answer(self) -> dict:
        data = self.body({"to"}, {"to"})
        conversations.assign(self.context, data["to"], self.userid())
        return {"assignee": self.context.assignee}
