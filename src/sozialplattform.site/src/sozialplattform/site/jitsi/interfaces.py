"""What the Jitsi integration asks of the things that have a video room."""

from zope.interface import Attribute
from zope.interface import Interface


class IHasVideoRoom(Interface):
    """Marker: content with a video room (``<content>/@jitsi-token``, ``@@video``)."""


class IVideoRoom(Interface):
    """A video room of a booking or a conversation (an adapter of that content)."""

    room = Attribute("The Jitsi room name, or None: no room (not video, cancelled)")
    opens = Attribute("Aware datetime: the appointment starts (None: open now)")
    closes = Attribute("Aware datetime: the appointment ends (None: no end)")
    title = Attribute("What the room is for, shown on the room page")

    def available():
        """None when the room may be used now, else the refusal (a Message)."""

    def staff_participant():
        """The logged-in member as a ``Participant`` (moderator) when they may run
        the room, else None."""


class IVideoRoomLookup(Interface):
    """A named utility: opens a room by a visitor's secret token (manage link)."""

    def lookup(token):
        """``(IVideoRoom, Participant)`` for a valid token, else None."""
