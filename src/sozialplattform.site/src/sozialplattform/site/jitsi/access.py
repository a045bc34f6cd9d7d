"""Who may enter a room now, and the answer the token service and the room page share."""

from dataclasses import dataclass
from datetime import datetime
from sozialplattform.site import _
from sozialplattform.site.jitsi import tokens
from sozialplattform.site.jitsi.interfaces import IVideoRoomLookup
from sozialplattform.site.jitsi.rooms import Participant
from sozialplattform.site.jitsi.settings import get_settings
from sozialplattform.site.jitsi.settings import JitsiSettings
from sozialplattform.site.timeformat import in_site_zone
from zope.component import getUtilitiesFor
from zope.i18nmessageid import Message


NO_ROOM = _("jitsi_error_no_room", default="This appointment has no video room.")
CLOSED = _(
    "jitsi_error_closed",
    default="The video room of this appointment is closed.",
)
NOT_STAFF = _(
    "jitsi_error_not_staff",
    default="Only the counselling centre's staff can start this video counselling.",
)
BAD_TOKEN = _("jitsi_error_token", default="This link is not valid (any more).")


def not_yet_open(opens_at: datetime) -> Message:
    """ "The video room opens on 12.01.2027 at 08:45." (the site's time zone)"""
    local = in_site_zone(opens_at)
    return _(
        "jitsi_error_not_yet_open",
        default="The video room opens on ${date} at ${time}.",
        mapping={"date": f"{local:%d.%m.%Y}", "time": f"{local:%H:%M}"},
    )


class Refused(Exception):
    """No token: ``status`` (403/404), the German ``message``, maybe ``opens_at``."""

    def __init__(self, status: int, message: Message, opens_at: datetime | None = None):
        super().__init__(str(message))
        self.status = status
        self.message = message
        self.opens_at = opens_at


@dataclass(frozen=True)
class Admission:
    """Everything the room page and ``@jitsi-token`` give one participant."""

    settings: JitsiSettings
    room: str
    participant: Participant
    jwt: str | None
    expires: datetime

    def json(self) -> dict:
        return {
            "domain": self.settings.domain,
            "room": self.room,
            "jwt": self.jwt,
            "expires": self.expires.isoformat(),
            "moderator": self.participant.moderator,
            "name": self.participant.name,
        }


def admit(video_room, participant: Participant | None, now: datetime) -> Admission:
    """The admission of ``participant`` to ``video_room`` at ``now``, or ``Refused``."""
    if participant is None:
        raise Refused(403, NOT_STAFF)
    if not video_room.room:
        raise Refused(404, NO_ROOM)
    refusal = video_room.available()
    if refusal is not None:
        raise Refused(403, refusal)
    settings = get_settings()
    valid = tokens.window(video_room.opens, video_room.closes, settings)
    try:
        valid.check(now)
    except tokens.NotYetOpen as exc:
        raise Refused(403, not_yet_open(exc.opens_at), opens_at=exc.opens_at) from None
    except tokens.Closed:
        raise Refused(403, CLOSED) from None
    payload = tokens.claims(settings, video_room.room, participant, valid, now)
    return Admission(
        settings,
        video_room.room,
        participant,
        tokens.encode(settings, payload),
        datetime.fromtimestamp(payload["exp"], now.tzinfo),
    )


def by_token(token):
    """``(IVideoRoom, Participant)`` of a visitor's secret token, or None."""
    if not isinstance(token, str) or not token or len(token) > 200:
        return None
    for _name, lookup in getUtilitiesFor(IVideoRoomLookup):
        found = lookup.lookup(token)
        if found is not None:
            return found
    return None
