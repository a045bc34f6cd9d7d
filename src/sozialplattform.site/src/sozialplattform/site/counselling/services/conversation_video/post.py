"""POST <conversation>/@conversation-video: a counsellor offers an ad-hoc video call
(200 ``{"room", "offered", "video_url"}``); both sides then ask ``@jitsi-token``
within two hours (``counselling.video``)."""

from sozialplattform.site.counselling import conversations
from sozialplattform.site.counselling.services.common import CounsellingService


class VideoPost(CounsellingService):
    def answer(self) -> dict:
        room = conversations.offer_video(self.context, self.now())
        return {
            "room": room,
            "offered": self.context.video_offered,
            "video_url": f"{self.context.absolute_url()}/@@video",
        }
