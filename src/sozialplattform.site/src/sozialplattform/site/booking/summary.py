"""A centre's next free slots per channel, kept in its catalog record for the finder.

The finder must not compute slots for thousands of centres per query. So every centre's
catalog record carries a summary (metadata column ``booking_summary``): for each channel
of its appointment types, the first ``KEEP`` free slots of the next ``SCAN_DAYS`` days,
each with the moment it falls inside its type's minimum notice (``valid_until``), and
how far that list is complete (``complete``: the last listed slot when ``KEEP`` were
found, else the end of what the types' horizons reached). It is written whenever the
calendar changes (a booking made, moved, cancelled or handled by the staff; an
appointment type added, edited or removed; the centre reindexed), and read against the
clock: while no calendar change happens, the first listed slot that is still valid is
the first free slot, as long as it lies within ``complete``; later days only come into
reach as the horizon moves on, after ``complete``.

When the list cannot answer (every listed slot has passed and the question reaches past
``complete``) the summary is *stale*: the finder computes that centre live, as
``@slots`` would (``live_first_free``), and ``refresh_stale`` (``make reminders``)
rewrites stale summaries. So the finder's ``next_free_slot`` is the slot ``@slots``
lists at that moment, never one of an old summary.

A summary is a tuple of ``(channel, complete, ((start, valid_until), ...))`` in UTC
seconds, slots ascending; an empty tuple: the centre has no appointment types.
"""

from datetime import date
from datetime import datetime
from datetime import timedelta
from itertools import islice
from plone import api
from plone.indexer import indexer
from sozialplattform.site.booking import calendar
from sozialplattform.site.booking.slots import iter_free_slots
from sozialplattform.site.booking.slots import ZONE
from sozialplattform.site.content.interfaces import ICounsellingCentre
from sozialplattform.site.content.types import containing_centre
from zope.lifecycleevent.interfaces import IObjectRemovedEvent
import pytz


#: how far the summary looks ahead (days after today); the finder's ``within_days`` limit
SCAN_DAYS = 62
#: free slots kept per channel: the summary stays right while they pass one by one
KEEP = 12
#: the finder's default question: a free slot in the next 14 days
DEFAULT_WITHIN_DAYS = 14
COLUMN = "booking_summary"
INDEX = "takes_bookings"

Summary = tuple[tuple[str, int, tuple[tuple[int, int], ...]], ...]


def day_end(day: date) -> int:
    """UTC seconds of the midnight after ``day`` in Europe/Berlin."""
    midnight = datetime.combine(day + timedelta(days=1), datetime.min.time(), ZONE)
    return int(midnight.timestamp())


def _type_slots(appointment_type, now, busy, stamp, scanned_to):
    """(complete, slots) of one appointment type."""
    rules = calendar.rules_for(appointment_type)
    today = now.astimezone(ZONE).date()
    found = iter_free_slots(rules, today, today + timedelta(days=SCAN_DAYS), now, busy)
    notice = rules.min_notice_hours * 3600
    slots = [
        (int(slot.start.timestamp()), int(slot.start.timestamp()) - notice)
        for slot in islice(found, KEEP)
    ]
    if len(slots) == KEEP:
        return slots[-1][0], slots
    return min(scanned_to, stamp + rules.max_advance_days * 86400), slots


def compute(centre, now: datetime) -> Summary:
    """The centre's summary at ``now``, from its appointment types and bookings."""
    types = calendar.appointment_types(centre)
    if not types:
        return ()
    busy = calendar.active_bookings(centre, now)
    stamp = int(now.timestamp())
    scanned_to = day_end(now.astimezone(ZONE).date() + timedelta(days=SCAN_DAYS))
    channels: dict[str, list] = {}
    for appointment_type in types:
        channels.setdefault(appointment_type.channel, []).append(
            _type_slots(appointment_type, now, busy, stamp, scanned_to)
        )
    summary = []
    for channel in sorted(channels):
        complete = min(entry[0] for entry in channels[channel])
        merged = sorted(slot for entry in channels[channel] for slot in entry[1])
        kept = tuple(slot for slot in merged if slot[0] <= complete)
        if len(kept) > KEEP:
            kept = kept[:KEEP]
            complete = kept[-1][0]
        summary.append((channel, complete, kept))
    return tuple(summary)


def first_free(
    summary: Summary, channels, now: datetime, last_day: date
) -> tuple[bool, int | None]:
    """``(known, start)``: the first free slot of ``channels`` (None: every channel)
    up to ``last_day`` (included) by ``summary`` at ``now``; ``known`` is False when
    the summary cannot tell and the centre must be computed live."""
    stamp, window_end = int(now.timestamp()), day_end(last_day)
    best = None
    for channel, complete, slots in summary or ():
        if channels is not None and channel not in channels:
            continue
        start = next((start for start, valid in slots if valid >= stamp), None)
        if start is None:
            if complete < window_end:
                return False, None
            continue
        if start < window_end and (best is None or start < best):
            best = start
    return True, best


def live_first_free(centre, channels, now: datetime, last_day: date) -> int | None:
    """``first_free`` of a summary computed now (never stale)."""
    return first_free(compute(centre, now), channels, now, last_day)[1]


def as_datetime(start: int | None) -> datetime | None:
    return None if start is None else datetime.fromtimestamp(start, ZONE)


@indexer(ICounsellingCentre)
def summary_metadata(centre) -> Summary:
    """The catalog column ``booking_summary`` (computed at indexing time)."""
    return compute(centre, datetime.now(pytz.utc))


@indexer(ICounsellingCentre)
def takes_bookings(centre) -> bool:
    """The catalog index ``takes_bookings``: the centre has appointment types."""
    return bool(calendar.appointment_types(centre))


def refresh(centre) -> None:
    """Rewrite the centre's catalog record (summary and index) now."""
    if centre is not None:
        centre.reindexObject(idxs=[INDEX])  # the metadata row is rewritten with it


def refresh_for(obj, event) -> None:
    """Subscriber: a booking or appointment type changed; its centre's summary follows.

    Not when the event is about a container of it (a centre copied, moved or deleted
    is indexed, or unindexed, as a whole)."""
    if getattr(event, "object", obj) is not obj:
        return
    if IObjectRemovedEvent.providedBy(event):
        centre = containing_centre(event.oldParent)
    else:
        centre = containing_centre(obj)
    refresh(centre)


def refresh_stale(portal, now: datetime | None = None) -> int:
    """Rewrite the summaries that time has made stale; returns how many (for cron)."""
    now = now or datetime.now(pytz.utc)
    last_day = now.astimezone(ZONE).date() + timedelta(days=DEFAULT_WITHIN_DAYS + 1)
    catalog = api.portal.get_tool("portal_catalog")
    count = 0
    for brain in catalog.unrestrictedSearchResults(**{INDEX: True}):
        known, _start = first_free(getattr(brain, COLUMN, None), None, now, last_day)
        if not known:
            refresh(brain._unrestrictedGetObject())
            count += 1
    return count
