"""Video appointments get their Jitsi room (``jitsi``): the booking side of it.

A booking of a type with channel ``video`` gets a room name when it is made; the
bookings of one group slot (capacity > 1) share their slot's room; a moved booking keeps
its room (or joins the room of the group slot it moves into); a cancelled or declined one
loses it. The room opens for confirmed appointments where online counselling is
available (``functions.COUNSELLING``: the State takes part, granted, switched on).
"""

from Acquisition import aq_base
from sozialplattform.site import _
from sozialplattform.site.booking import booker
from sozialplattform.site.booking import calendar
from sozialplattform.site.booking import manage
from sozialplattform.site.booking.content import booking_folder
from sozialplattform.site.functions import COUNSELLING
from sozialplattform.site.functions.gating import available
from sozialplattform.site.jitsi.interfaces import IVideoRoom
from sozialplattform.site.jitsi.interfaces import IVideoRoomLookup
from sozialplattform.site.jitsi.rooms import new_room_name
from sozialplattform.site.jitsi.rooms import Participant
from sozialplattform.site.jitsi.rooms import staff_participant
from sozialplattform.site.permissions import MANAGE_BOOKINGS
from zope.globalrequest import getRequest
from zope.i18n import translate
from zope.interface import implementer


VIDEO = "video"
#: states whose bookings keep their room (the others lose it)
ROOM_STATES = ("requested", "confirmed", "completed")
NOT_CONFIRMED = _(
    "jitsi_error_not_confirmed",
    default="The appointment is not confirmed yet. The video room opens once the "
    "counselling centre has confirmed it.",
)
NOT_ACTIVE = _(
    "jitsi_error_not_active",
    default="This appointment was cancelled or declined; it has no video room.",
)
NOT_AVAILABLE = _(
    "jitsi_error_not_available",
    default="This counselling centre does not offer video counselling on the platform. "
    "It will tell you how the conversation takes place.",
)
BOOKER_NAME = _("jitsi_booker_name", default="Person seeking advice")


def is_video(booking) -> bool:
    appointment_type = manage.type_of(booking)
    return appointment_type is not None and appointment_type.channel == VIDEO


def group_room(booking) -> str | None:
    """The room of another active booking of the same type at the same start."""
    folder = booking_folder(manage.centre_of(booking), create=False)
    if folder is None:
        return None
    for other in folder.objectValues():
        if (
            aq_base(other) is not aq_base(booking)
            and getattr(other, "video_room", None)
            and other.appointment_type == booking.appointment_type
            and other.start == booking.start
            and calendar.review_state(other) in ROOM_STATES
        ):
            return other.video_room
    return None


def assign_room(booking) -> str | None:
    """Give a video booking its room (its group slot's, else a new one)."""
    if getattr(booking, "video_room", None) or not is_video(booking):
        return getattr(booking, "video_room", None)
    booking.video_room = group_room(booking) or new_room_name()
    return booking.video_room


def booking_added(booking, event) -> None:
    assign_room(booking)


def booking_moved(booking) -> None:
    """After a move: the room of the group slot it joined; else its own room, unless
    that is still the room of the group slot it left (then a new one)."""
    room = getattr(booking, "video_room", None)
    joined = group_room(booking)
    if joined:
        booking.video_room = joined
    elif room is None or shares_room(booking, room):
        booking.video_room = None
        assign_room(booking)


def shares_room(booking, room: str) -> bool:
    """Whether another active booking of the centre has ``room``."""
    folder = booking_folder(manage.centre_of(booking), create=False)
    return folder is not None and any(
        aq_base(other) is not aq_base(booking)
        and getattr(other, "video_room", None) == room
        and calendar.review_state(other) in ROOM_STATES
        for other in folder.objectValues()
    )


def booking_transition(booking, event) -> None:
    """Cancelled or declined: the room name is dropped (and never given again)."""
    if event.new_state is not None and event.new_state.id not in ROOM_STATES:
        booking.video_room = None


def type_changed(appointment_type, event) -> None:
    """A type that became video: its active bookings get their rooms."""
    if getattr(appointment_type, "channel", None) != VIDEO:
        return
    centre = manage.centre_of(appointment_type)
    folder = booking_folder(centre, create=False) if centre is not None else None
    if folder is None:
        return
    uid = appointment_type.UID()
    for booking in folder.objectValues():
        if booking.appointment_type == uid and (
            calendar.review_state(booking) in ROOM_STATES
        ):
            assign_room(booking)


@implementer(IVideoRoom)
class BookingVideoRoom:
    """The video room of a booking."""

    def __init__(self, booking):
        self.booking = booking

    @property
    def room(self) -> str | None:
        if not is_video(self.booking):
            return None
        return getattr(self.booking, "video_room", None)

    @property
    def opens(self):
        return self.booking.start

    @property
    def closes(self):
        return self.booking.end

    @property
    def title(self) -> str:
        appointment_type = manage.type_of(self.booking)
        return appointment_type.Title() if appointment_type is not None else ""

    @property
    def centre(self):
        return manage.centre_of(self.booking)

    def available(self):
        state = calendar.review_state(self.booking)
        if state == "requested":
            return NOT_CONFIRMED
        if state not in ROOM_STATES:
            return NOT_ACTIVE
        centre = self.centre
        if centre is None or not available(centre)[COUNSELLING.name]:
            return NOT_AVAILABLE
        return None

    def staff_participant(self) -> Participant | None:
        return staff_participant(MANAGE_BOOKINGS, self.booking)


@implementer(IVideoRoomLookup)
class BookingRoomLookup:
    """Opens a booking's room by the booker's manage token (mail or reminder)."""

    def lookup(self, token):
        booking = booker.by_token(token)
        if booking is None:
            return None
        name = booking.Title() or translate(BOOKER_NAME, context=getRequest())
        return BookingVideoRoom(booking), Participant(name=name, moderator=False)


BOOKING_ROOM_LOOKUP = BookingRoomLookup()


def video_url(token: str) -> str:
    """The booker's room page (from the configured site URL, never the request)."""
    from sozialplattform.site.site_url import public_url

    return f"{public_url()}/@@video?token={token}"


def offers_room(booking) -> bool:
    """Whether the booker's mails and pages link the room: a video booking with a
    room, where video counselling is available."""
    video_room = BookingVideoRoom(booking)
    if not video_room.room:
        return False
    centre = video_room.centre
    return centre is not None and available(centre)[COUNSELLING.name]
