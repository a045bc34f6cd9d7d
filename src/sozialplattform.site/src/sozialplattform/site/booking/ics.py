"""The booking as an RFC 5545 calendar object (iTIP, RFC 5546), with ``icalendar``.

One ``VEVENT`` per booking with a stable ``UID`` (``<booking UID>@<site host>``), so
every later mail or download replaces the entry in the booker's calendar app: METHOD
REQUEST with the booking's current ``SEQUENCE`` (``ics_sequence``, raised by every
change) while it holds its slot, METHOD CANCEL (STATUS CANCELLED) once it was cancelled
or declined. DTSTART/DTEND carry ``TZID=Europe/Berlin`` and the calendar its
``VTIMEZONE``. LOCATION is the centre's address for on-site appointments, the type's
instructions otherwise; ORGANIZER is the centre (its e-mail). The booker's message and
the staff note are never part of it, nor the manage token.
"""

from datetime import datetime
from icalendar import Calendar
from icalendar import Event
from icalendar import vCalAddress
from icalendar import vText
from sozialplattform.site import _
from sozialplattform.site.booking import calendar
from sozialplattform.site.booking import manage
from sozialplattform.site.booking.interfaces import CHANNEL_TITLES
from sozialplattform.site.booking.slots import ZONE
from sozialplattform.site.site_url import public_url
from urllib.parse import urlsplit
from zope.i18n import translate
import pytz


PRODID = "-//Sozialplattform//Online-Terminbuchung//DE"
MIMETYPE = "text/calendar"
#: states whose calendar object is a CANCEL
CANCELLED_STATES = ("cancelled", "declined")


def event_uid(booking) -> str:
    host = urlsplit(public_url()).hostname or "localhost"
    return f"{booking.UID()}@{host}"


def method_for(booking) -> str:
    cancelled = calendar.review_state(booking) in CANCELLED_STATES
    return "CANCEL" if cancelled else "REQUEST"


def location(booking) -> str:
    appointment_type = manage.type_of(booking)
    centre = manage.centre_of(booking)
    if appointment_type is None or appointment_type.channel == "on_site":
        return manage.centre_address(centre) if centre else ""
    return appointment_type.instructions or ""


def _event(booking, summary: str, now: datetime | None) -> Event:
    """The booking's ``VEVENT`` with what every copy carries: UID, SEQUENCE, the times
    with their zone, LOCATION and STATUS (never the message, note or contact)."""
    method = method_for(booking)
    event = Event()
    event.add("uid", event_uid(booking))
    event.add("sequence", getattr(booking, "ics_sequence", 0) or 0)
    event.add("dtstamp", now or datetime.now(pytz.utc))
    event.add("dtstart", booking.start.astimezone(ZONE))
    event.add("dtend", booking.end.astimezone(ZONE))
    event.add("summary", summary)
    place = location(booking)
    if place:
        event.add("location", vText(place))
    state = calendar.review_state(booking)
    event.add(
        "status",
        "CANCELLED"
        if method == "CANCEL"
        else ("TENTATIVE" if state == "requested" else "CONFIRMED"),
    )
    return event


def ics(booking, language: str | None = None, now: datetime | None = None) -> bytes:
    """The booking's calendar object, METHOD by its state (``method_for``)."""
    language = language or getattr(booking, "language", None) or "de"
    method = method_for(booking)
    centre = manage.centre_of(booking)
    appointment_type = manage.type_of(booking)
    type_title = appointment_type.Title() if appointment_type else ""
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("method", method)
    summary = translate(
        _(
            "booking_ics_summary",
            default="Appointment: ${type}",
            mapping={"type": type_title},
        ),
        target_language=language,
    )
    event = _event(booking, summary, now)
    if appointment_type is not None:
        event.add(
            "description",
            ", ".join(
                part
                for part in (
                    translate(
                        CHANNEL_TITLES[appointment_type.channel],
                        target_language=language,
                    ),
                    centre.Title() if centre else "",
                )
                if part
            ),
        )
    if centre is not None and getattr(centre, "email", None):
        organizer = vCalAddress(f"mailto:{centre.email}")
        organizer.params["cn"] = vText(centre.Title())
        event.add("organizer", organizer)
    if getattr(booking, "email", None):
        attendee = vCalAddress(f"mailto:{booking.email}")
        attendee.params["role"] = vText("REQ-PARTICIPANT")
        attendee.params["partstat"] = vText("ACCEPTED")
        event.add("attendee", attendee)
    cal.add_component(event)
    cal.add_missing_timezones()
    return cal.to_ical()


def feed(items, name: str, now: datetime | None = None) -> bytes:
    """A read-only calendar of ``items`` (booking, summary) for the staff's feed.

    No METHOD (a published calendar, not an invitation); each event carries the
    booking's UID and SEQUENCE, its time and place and its summary (type and status),
    never the booker's name, contact, message or the staff note.
    """
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", "Europe/Berlin")
    for booking, summary in items:
        cal.add_component(_event(booking, summary, now))
    cal.add_missing_timezones()
    return cal.to_ical()


def filename(booking) -> str:
    return "termin.ics"
