"""What a booker does with their booking by its manage token: read, cancel, move.

The REST services (``@booking``, ``@booking-cancel``, ``@booking-reschedule``) and the
manage page ``@@termin`` call these functions. The token opens exactly one booking
(``booker.by_token``); nothing else of the centre is reachable through it, and the staff
note never leaves here. Every change raises the booking's ``ics_sequence`` (the iCalendar
SEQUENCE, so calendar apps replace the old entry) and writes the centre's calendar
(``calendar.touch``), so a move conflicts with a concurrent ``@book`` like two bookings do.
"""

from datetime import datetime
from plone import api
from sozialplattform.site import _
from sozialplattform.site.booking import calendar
from sozialplattform.site.booking.booker import SlotTaken
from sozialplattform.site.booking.slots import iter_free_slots
from sozialplattform.site.booking.slots import slot_at
from sozialplattform.site.booking.slots import ZONE
from sozialplattform.site.content.deserializer import field_error
from sozialplattform.site.content.types import containing_centre
from zExceptions import BadRequest


#: states in which the booker may still cancel or move (and only before the start)
CHANGEABLE_STATES = ("requested", "confirmed")
REASON_LENGTH = 2000


class NotChangeable(Exception):
    """The booking is cancelled, declined, over or past its start (HTTP 409)."""


def centre_of(booking):
    return containing_centre(booking)


def type_of(booking):
    """The booking's appointment type (None when it was deleted meanwhile)."""
    centre = centre_of(booking)
    if centre is None or not booking.appointment_type:
        return None
    return calendar.find_type(centre, booking.appointment_type)


def centre_address(centre) -> str:
    """ "Street 1, 10115 City" (the parts that are set)."""
    town = " ".join(
        part for part in (centre.postcode, getattr(centre, "city", None)) if part
    )
    return ", ".join(part for part in (getattr(centre, "street", None), town) if part)


def booking_json(booking) -> dict:
    """The booking as its booker sees it (never the staff note, never the message)."""
    centre = centre_of(booking)
    appointment_type = type_of(booking)
    return {
        "booking": booking.UID(),
        "status": calendar.review_state(booking),
        "start": booking.start.astimezone(ZONE).isoformat(),
        "end": booking.end.astimezone(ZONE).isoformat(),
        "type": {
            "title": appointment_type.Title() if appointment_type else "",
            "channel": appointment_type.channel if appointment_type else None,
        },
        "centre": {
            "title": centre.Title() if centre else "",
            "address": centre_address(centre) if centre else "",
        },
    }


def is_changeable(booking, now: datetime) -> bool:
    """Whether the booker may still cancel or move the booking."""
    return (
        calendar.review_state(booking) in CHANGEABLE_STATES
        and booking.start > now
        and type_of(booking) is not None
    )


def bump_sequence(booking) -> int:
    """The next iCalendar SEQUENCE of the booking (stored)."""
    booking.ics_sequence = (getattr(booking, "ics_sequence", 0) or 0) + 1
    return booking.ics_sequence


def check_reason(reason, request) -> str | None:
    """The optional cancel reason, or ``BadRequest`` naming ``reason``."""
    if reason is None or reason == "":
        return None
    if not isinstance(reason, str) or len(reason) > REASON_LENGTH:
        raise BadRequest(
            [
                field_error(
                    "reason",
                    _(
                        "booking_error_reason",
                        default="Send the reason as text of at most ${length} "
                        "characters.",
                        mapping={"length": REASON_LENGTH},
                    ),
                    request,
                )
            ]
        )
    return reason.strip() or None


def cancel(booking, reason: str | None, now: datetime) -> bool:
    """Cancel the booking for its booker; False when it was cancelled already.

    ``NotChangeable`` for a declined, completed or past booking.
    """
    state = calendar.review_state(booking)
    if state == "cancelled":
        return False
    if not is_changeable(booking, now):
        raise NotChangeable()
    booking.cancel_reason = reason
    booking._v_by_booker = True
    try:
        with api.env.adopt_roles(["Manager"]):
            api.content.transition(booking, transition="cancel")
    finally:
        del booking._v_by_booker
    bump_sequence(booking)
    booking.reindexObject()
    calendar.touch(centre_of(booking))
    return True


def parse_start(value, request) -> datetime:
    start = None
    if isinstance(value, str):
        try:
            start = datetime.fromisoformat(value)
        except ValueError:
            start = None
    if start is None or start.tzinfo is None:
        raise BadRequest(
            [
                field_error(
                    "start",
                    _(
                        "booking_error_start",
                        default="Send the start as date and time with its UTC offset, "
                        "e.g. 2027-01-12T09:00:00+01:00.",
                    ),
                    request,
                )
            ]
        )
    return start


def reschedule(booking, start: datetime, now: datetime, request) -> datetime | None:
    """Move the booking to the free slot at ``start`` of the same type; returns the old
    start, or None when ``start`` is the booking's own start (nothing changes).

    The slot is re-checked inside the transaction on the centre's active bookings
    without this one (so its old slot counts as free), and the write of the centre's
    calendar makes a concurrent ``@book`` conflict: the publisher retries the later
    transaction, whose re-check sees the first. ``SlotTaken`` (409) when the last place
    went, ``BadRequest`` naming ``start`` when it is no slot, ``NotChangeable`` (409).
    """
    if not is_changeable(booking, now):
        raise NotChangeable()
    if start == booking.start:
        return None
    centre = centre_of(booking)
    rules = calendar.rules_for(type_of(booking))
    busy = calendar.active_bookings(centre, now, leave_out=booking)
    slot = slot_at(rules, start, now, busy)
    if slot is None:
        if slot_at(rules, start, now, ()) is not None:
            raise SlotTaken()
        raise BadRequest(
            [
                field_error(
                    "start",
                    _(
                        "booking_error_not_a_slot",
                        default="This is not a free appointment; choose one of the "
                        "times offered.",
                    ),
                    request,
                )
            ]
        )
    old_start = booking.start
    booking.start = slot.start.astimezone(calendar.EVENT_ZONE)
    booking.end = slot.end.astimezone(calendar.EVENT_ZONE)
    from sozialplattform.site.booking import video  # it reads this module

    video.booking_moved(booking)
    bump_sequence(booking)
    booking.reindexObject()
    calendar.touch(centre)
    return old_start


def next_free_slots(booking, now: datetime, count: int = 12) -> list:
    """The next free slots of the booking's type, the booking's own left out (for the
    "move" list of the manage page)."""
    appointment_type = type_of(booking)
    if appointment_type is None:
        return []
    centre = centre_of(booking)
    rules = calendar.rules_for(appointment_type)
    busy = calendar.active_bookings(centre, now, leave_out=booking)
    today = now.astimezone(ZONE).date()
    last = datetime.fromtimestamp(
        now.timestamp() + rules.max_advance_days * 86400, ZONE
    ).date()
    result = []
    for slot in iter_free_slots(rules, today, last, now, busy):
        if slot.start == booking.start:
            continue
        result.append(slot)
        if len(result) >= count:
            break
    return result
