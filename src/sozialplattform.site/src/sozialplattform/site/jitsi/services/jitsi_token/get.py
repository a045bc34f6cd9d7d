"""GET <room content>/@jitsi-token (its staff) and GET /Plone/@jitsi-token?token=
(a visitor's secret link): ``{"domain", "room", "jwt", "expires", "moderator", "name"}``.

Refused without a token: 403 ``{"error": {"type", "message"[, "opens_at"]}}`` before
the window opens (``opens_at``: when it does), after it closes, for a cancelled
appointment or where the function is not available; 404 for an unknown token or no
room. Answers are never cached and send no referrer (the token is in the URL).
"""

from datetime import datetime
from plone.restapi.services import Service
from sozialplattform.site.anonymous import throttle
from sozialplattform.site.anonymous.service import ThrottledService
from sozialplattform.site.jitsi import access
from sozialplattform.site.jitsi.interfaces import IVideoRoom
from zope.i18n import translate
import logging
import pytz


logger = logging.getLogger(__name__)


def no_store(request) -> None:
    request.response.setHeader("Cache-Control", "private, no-store")
    request.response.setHeader("Referrer-Policy", "no-referrer")


def refusal_json(request, refused: access.Refused) -> dict:
    request.response.setStatus(refused.status)
    error = {
        "type": "Forbidden" if refused.status == 403 else "NotFound",
        "message": translate(refused.message, context=request),
    }
    if refused.opens_at is not None:
        error["opens_at"] = refused.opens_at.isoformat()
    return {"error": error}


def answer(request, video_room, participant) -> dict:
    no_store(request)
    try:
        admission = access.admit(video_room, participant, datetime.now(pytz.utc))
    except access.Refused as refused:
        return refusal_json(request, refused)
    return admission.json()


class StaffTokenGet(Service):
    """The room content's staff: a moderator's token."""

    def reply(self) -> dict:
        video_room = IVideoRoom(self.context)
        participant = video_room.staff_participant()
        body = answer(self.request, video_room, participant)
        if "jwt" in body:
            # who opened which confidential session as moderator (never the token)
            logger.info(
                "Video room token for %s issued to %s",
                "/".join(self.context.getPhysicalPath()),
                participant.id,
            )
        return body


class VisitorTokenGet(ThrottledService):
    """A visitor with the secret link of their appointment (throttled)."""

    throttle_name = throttle.VIDEO

    def reply(self) -> dict:
        found = access.by_token(self.request.form.get("token"))
        if found is None:
            no_store(self.request)
            return refusal_json(self.request, access.Refused(404, access.BAD_TOKEN))
        return answer(self.request, *found)
