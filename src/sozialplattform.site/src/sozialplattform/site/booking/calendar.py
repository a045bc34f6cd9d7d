"""A centre's booking calendar on the ZODB: its types, their rules, the active bookings.

``slots`` does the maths on plain values; this module reads them from the content and
writes new bookings. Every write of a centre's calendar (a booking made, moved, cancelled)
also writes the centre's booking folder itself (``touch``): two transactions booking at
the same centre then conflict on that one object, the publisher retries the later one,
and its re-check inside the new transaction sees the first booking. Within one process
``@book`` runs one at a time anyway (``anonymous.serialize``).
"""

from Acquisition import aq_base
from datetime import datetime
from datetime import timedelta
from plone import api
from sozialplattform.site.booking import ACTIVE_STATES
from sozialplattform.site.booking import TYPE_TYPE
from sozialplattform.site.booking import WORKFLOW_ID
from sozialplattform.site.booking.availability import Availability
from sozialplattform.site.booking.content import booking_folder
from sozialplattform.site.booking.slots import Busy
from sozialplattform.site.booking.slots import LIMITS
from sozialplattform.site.booking.slots import Rules
from sozialplattform.site.content.types import containing_state
import pytz


#: plone.app.event stores pytz-aware datetimes (its accessor reads ``tzinfo.zone``)
EVENT_ZONE = pytz.timezone("Europe/Berlin")
#: the widest buffer a booking can carry (minutes): how far back bookings can still block
LONGEST_REACH = LIMITS["buffer_after"][1] + LIMITS["duration"][1]


def appointment_types(centre) -> list:
    """The centre's appointment types, in the centre's order."""
    return [obj for obj in centre.objectValues() if obj.portal_type == TYPE_TYPE]


def find_type(centre, key: str):
    """The centre's appointment type with the id or UID ``key``, or None."""
    for appointment_type in appointment_types(centre):
        if key in (appointment_type.getId(), appointment_type.UID()):
            return appointment_type
    return None


def rules_for(appointment_type) -> Rules:
    """The slot rules of an appointment type (its stored values, with the defaults)."""
    state = containing_state(appointment_type)
    return Rules(
        type_id=appointment_type.UID(),
        duration=appointment_type.duration,
        availability=Availability.parse(
            appointment_type.availability,
            appointment_type.date_overrides,
            appointment_type.closures,
        ),
        slot_interval=appointment_type.slot_interval,
        buffer_before=appointment_type.buffer_before,
        buffer_after=appointment_type.buffer_after,
        min_notice_hours=appointment_type.min_notice_hours,
        max_advance_days=appointment_type.max_advance_days,
        capacity=appointment_type.capacity,
        closed_on_holidays=bool(appointment_type.closed_on_holidays and state),
        state_code=getattr(state, "code", None),
    )


def review_state(booking, workflow_tool=None) -> str:
    """The booking's state: the last entry of its ``booking_workflow`` history.

    DCWorkflow keeps a workflow's status there (``workflow_history[<id>][-1]``, what
    ``getStatusOf`` returns); read directly, because ``getInfoFor`` and ``getStatusOf``
    look up chains and adapters per call, which cost more than the slot maths for a
    calendar of 200 bookings. Other states (no history yet) ask the tool.
    """
    history = getattr(aq_base(booking), "workflow_history", None) or {}
    entries = history.get(WORKFLOW_ID)
    if entries:
        return entries[-1]["review_state"]
    workflow_tool = workflow_tool or api.portal.get_tool("portal_workflow")
    return workflow_tool.getInfoFor(booking, "review_state")


def active_bookings(centre, now: datetime, leave_out=None) -> list[Busy]:
    """The centre's bookings that can still block a slot (requested or confirmed, not
    long over), with their types' buffers; ``leave_out`` (a booking being moved)."""
    folder = booking_folder(centre, create=False)
    if folder is None:
        return []
    buffers = {
        obj.UID(): (obj.buffer_before, obj.buffer_after)
        for obj in appointment_types(centre)
    }
    since = now - timedelta(minutes=LONGEST_REACH)
    workflow_tool = api.portal.get_tool("portal_workflow")
    busy = []
    for booking in folder.objectValues():
        if booking is leave_out or booking.end < since:
            continue
        if review_state(booking, workflow_tool) not in ACTIVE_STATES:
            continue
        before, after = buffers.get(booking.appointment_type, (0, 0))
        busy.append(
            Busy(booking.start, booking.end, booking.appointment_type, before, after)
        )
    return busy


def touch(centre) -> None:
    """Write the centre's booking folder: concurrent calendar writes conflict here;
    and rewrite the centre's summary of free slots for the finder."""
    from sozialplattform.site.booking import summary  # it reads this module

    folder = booking_folder(centre)
    folder.calendar_changed = datetime.now(pytz.utc)
    summary.refresh(centre)
