"""Content classes of the booking: appointment types, the private folder, bookings."""

from plone.dexterity.content import Item
from plone.dexterity.utils import createContentInContainer
from sozialplattform.site.anonymous.containers import UnorderedContainer
from sozialplattform.site.booking import FOLDER_ID
from sozialplattform.site.booking import FOLDER_TYPE
from sozialplattform.site.booking.interfaces import IAppointmentType
from sozialplattform.site.booking.interfaces import IBooking
from sozialplattform.site.booking.interfaces import IBookingFolder
from zope.interface import implementer


@implementer(IAppointmentType)
class AppointmentType(Item):
    """What a centre's visitors can book: duration, channel, hours, rules."""


@implementer(IBookingFolder)
class BookingFolder(UnorderedContainer):
    """``<centre>/termine``: the centre's bookings; its staff and site admins only.

    Unordered: bookings arrive concurrently from anonymous visitors.
    """

    exclude_from_nav = True


@implementer(IBooking)
class Booking(Item):
    """One booked appointment; an event (start/end from plone.app.event)."""

    consent_date = None
    appointment_type = None
    staff_note = None
    cancel_reason = None
    #: the iCalendar SEQUENCE of the last mail or download (raised by every change)
    ics_sequence = 0


def booking_folder(centre, create: bool = True) -> BookingFolder | None:
    """The centre's booking folder; created on demand (without permission checks)."""
    folder = centre.get(FOLDER_ID)
    if folder is None and create:
        folder = createContentInContainer(
            centre, FOLDER_TYPE, checkConstraints=False, id=FOLDER_ID, title="Termine"
        )
    return folder


def create_booking_folder(appointment_type, event) -> None:
    """A centre's first appointment type brings its booking folder (staff, not visitors)."""
    from sozialplattform.site.content.types import containing_centre

    centre = containing_centre(appointment_type)
    if centre is not None:
        booking_folder(centre)
