"""Signed room tokens (JWT, HS256) as Jitsi's prosody ``token_verification`` expects.

A token admits one person to one room for the appointment's window: from
``open_before_minutes`` before the start to ``close_after_minutes`` after the end. It
names the person (read-only in the call), sends visitors to the waiting room
(``lobby``, read by the ``token_lobby_ondemand`` plugin), makes staff moderators
(``moderator`` and the ``affiliation`` "owner" that the ``token_affiliation`` plugin
reads) and switches
recording, live streaming and transcription off in ``context.features`` (a token
without ``features`` would allow them all).
"""

from dataclasses import dataclass
from datetime import datetime
from datetime import timedelta
from sozialplattform.site.jitsi.rooms import Participant
from sozialplattform.site.jitsi.settings import JitsiSettings
import jwt


AUDIENCE = "jitsi"
ALGORITHM = "HS256"
#: what no token allows, whatever the server's defaults are
FEATURES_OFF = (
    "recording",
    "livestreaming",
    "transcription",
    "outbound-call",
    "sip-outbound-call",
)


class NotYetOpen(Exception):
    """The window opens later (``opens_at``)."""

    def __init__(self, opens_at: datetime):
        super().__init__(opens_at.isoformat())
        self.opens_at = opens_at


class Closed(Exception):
    """The window closed."""


@dataclass(frozen=True)
class Window:
    opens_at: datetime | None
    closes_at: datetime | None

    def check(self, now: datetime) -> None:
        if self.opens_at is not None and now < self.opens_at:
            raise NotYetOpen(self.opens_at)
        if self.closes_at is not None and now > self.closes_at:
            raise Closed()


def window(opens: datetime | None, closes: datetime | None, settings) -> Window:
    """The time a token for an appointment from ``opens`` to ``closes`` is valid."""
    return Window(
        opens - timedelta(minutes=settings.open_before_minutes) if opens else None,
        closes + timedelta(minutes=settings.close_after_minutes) if closes else None,
    )


def claims(
    settings: JitsiSettings,
    room: str,
    participant: Participant,
    valid: Window,
    now: datetime,
    *,
    lifetime: timedelta = timedelta(hours=4),
) -> dict:
    """The token's payload; ``exp`` is the window's end (else ``lifetime`` from now)."""
    not_before = valid.opens_at or now
    expires = valid.closes_at or now + lifetime
    user = {
        "name": participant.name,
        "moderator": participant.moderator,
        "affiliation": "owner" if participant.moderator else "member",
    }
    if settings.lobby and not participant.moderator:
        # the waiting room (prosody's token_lobby_ondemand + persistent_lobby): the
        # visitor waits until staff admit them, however early they come
        user["lobby"] = True
    if participant.id:
        user["id"] = participant.id
    return {
        "iss": settings.app_id,
        "aud": AUDIENCE,
        "sub": settings.domain,
        "room": room,
        "iat": int(now.timestamp()),
        "nbf": int(not_before.timestamp()),
        "exp": int(expires.timestamp()),
        "context": {
            "user": user,
            "features": dict.fromkeys(FEATURES_OFF, False),
        },
    }


def encode(settings: JitsiSettings, payload: dict) -> str | None:
    """The signed JWT; None without a secret (a public server admits by room name)."""
    if not settings.protected:
        return None
    return jwt.encode(payload, settings.secret, algorithm=ALGORITHM)
