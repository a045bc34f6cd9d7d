"""Room names and the people in a room."""

from dataclasses import dataclass
from plone import api
from secrets import token_hex


#: 16 random bytes: 128 bits, as 32 lowercase hex characters (Jitsi compares room
#: names case-insensitively, so only one case carries entropy)
ROOM_BYTES = 16


def new_room_name() -> str:
    """A fresh, unguessable room name, derived from nothing public."""
    return token_hex(ROOM_BYTES)


def is_room_name(value) -> bool:
    return (
        isinstance(value, str)
        and len(value) == 2 * ROOM_BYTES
        and all(char in "0123456789abcdef" for char in value)
    )


@dataclass(frozen=True)
class Participant:
    """Who joins: the name shown in the call and whether they run the room."""

    name: str
    moderator: bool = False
    #: a stable id for the call's participant list (member id); "" for visitors
    id: str = ""


def staff_participant(permission: str, obj) -> Participant | None:
    """The logged-in member as the room's moderator, if they hold ``permission`` on ``obj``."""
    if api.user.is_anonymous() or not api.user.has_permission(permission, obj=obj):
        return None
    member = api.user.get_current()
    name = member.getProperty("fullname", "") or member.getId()
    return Participant(name=name, moderator=True, id=member.getId())
