"""Free slots of an appointment type (the contract's slot rules, pure Python).

Each window's grid runs in absolute time from the window's start (a wall-clock time of
that day in Europe/Berlin) every ``slot_interval`` minutes; a slot lasts ``duration``
minutes and must end within the window. So on a DST day a slot keeps its length, the
skipped hour has no slot and the repeated one has its own (with its own UTC offset).

All appointment types of a centre share one calendar: a slot is free when the slot
widened by its type's buffers overlaps no active booking widened by that booking's
buffers. Bookings of the same type at the same start share the slot up to ``capacity``
(seats); every other overlapping booking blocks it. The caller passes the centre's active
bookings (requested and confirmed, not cancelled or declined); nothing here reads the
database, so the booking service re-checks a start with ``slot_at`` inside its
transaction, on the bookings it read there.
"""

from collections.abc import Iterable
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from datetime import datetime
from datetime import time
from datetime import timedelta
from functools import lru_cache
from heapq import heappop
from heapq import heappush
from sozialplattform.site import _
from sozialplattform.site.booking.availability import Availability
from sozialplattform.site.booking.availability import BookingInputError
from sozialplattform.site.geo.states import state_by_code
from zoneinfo import ZoneInfo
import holidays


ZONE = ZoneInfo("Europe/Berlin")
#: Longest range of one ``free_slots`` call (days, both ends included).
MAX_RANGE_DAYS = 62
#: Bounds of the appointment type's numbers: (minimum, maximum), both included.
LIMITS = {
    "duration": (10, 240),
    "slot_interval": (5, 240),
    "buffer_before": (0, 240),
    "buffer_after": (0, 240),
    "min_notice_hours": (0, 24 * 365),
    "max_advance_days": (1, 365),
    "capacity": (1, 500),
}


@dataclass(frozen=True, slots=True)
class Rules:
    """What the slot maths needs of an appointment type (minutes unless named)."""

    type_id: str
    duration: int
    availability: Availability
    slot_interval: int | None = None
    buffer_before: int = 0
    buffer_after: int = 0
    min_notice_hours: int = 0
    max_advance_days: int = 90
    capacity: int = 1
    closed_on_holidays: bool = False
    #: The centre's State, ISO 3166-2 (``DE-SL``); needed for ``closed_on_holidays``.
    state_code: str | None = None

    def __post_init__(self):
        for name, (low, high) in LIMITS.items():
            value = getattr(self, name)
            if name == "slot_interval" and value is None:
                continue
            if type(value) is not int or not low <= value <= high:
                raise BookingInputError(
                    name,
                    _(
                        "booking_error_range",
                        default="Enter a whole number from ${low} to ${high}.",
                        mapping={"low": low, "high": high},
                    ),
                )
        if self.closed_on_holidays and state_by_code(self.state_code or "") is None:
            raise ValueError(
                f"closed_on_holidays needs a State, not {self.state_code!r}"
            )

    @property
    def interval(self) -> int:
        return self.slot_interval or self.duration


@dataclass(frozen=True, slots=True)
class Busy:
    """An active booking of the centre, with the buffers of its type (minutes)."""

    start: datetime
    end: datetime
    type_id: str
    buffer_before: int = 0
    buffer_after: int = 0


@dataclass(frozen=True, slots=True)
class Slot:
    start: datetime
    end: datetime
    #: Places left (``capacity`` minus the bookings of the same type at this start).
    available: int


@lru_cache(maxsize=64)
def holiday_dates(state_code: str, year: int) -> frozenset[date]:
    """The public holidays of a State (``DE-SL``) in ``year``."""
    subdivision = state_by_code(state_code).code.removeprefix("DE-")
    return frozenset(holidays.country_holidays("DE", subdiv=subdivision, years=year))


def _timestamp(day: date, minutes: int) -> int:
    """UTC seconds of a wall-clock time of ``day`` in Europe/Berlin (1440 = midnight
    after). A time the DST switch skips counts with the offset before the switch
    (02:30 is 03:30 CEST), a repeated one is its first occurrence (zoneinfo, fold=0)."""
    if minutes == 1440:
        day, minutes = day + timedelta(days=1), 0
    wall = datetime.combine(day, time(minutes // 60, minutes % 60), tzinfo=ZONE)
    return int(wall.timestamp())


def _seconds(value: datetime) -> int:
    if value.tzinfo is None:
        raise ValueError(f"an aware datetime is needed, not {value!r}")
    return int(value.timestamp())


def _busy_table(bookings: Iterable[Busy]) -> list[tuple[int, int, str, int]]:
    """(widened start, widened end, type, start) in seconds, sorted by widened start."""
    return sorted(
        (
            _seconds(busy.start) - busy.buffer_before * 60,
            _seconds(busy.end) + busy.buffer_after * 60,
            busy.type_id,
            _seconds(busy.start),
        )
        for busy in bookings
    )


def _candidates(rules: Rules, first: date, last: date) -> Iterator[tuple[int, int]]:
    """(start, end) in UTC seconds of the grid from ``first`` to ``last``, ascending."""
    step, length = rules.interval * 60, rules.duration * 60
    day = first
    while day <= last:
        closed = rules.closed_on_holidays and day in holiday_dates(
            rules.state_code, day.year
        )
        starts = set()
        for window in () if closed else rules.availability.windows_on(day):
            start, end = _timestamp(day, window.start), _timestamp(day, window.end)
            starts.update(range(start, end - length + 1, step))
        # sorted: on the night of the spring switch, wall-clock order is not UTC order
        yield from ((start, start + length) for start in sorted(starts))
        day += timedelta(days=1)


def iter_free_slots(
    rules: Rules, first: date, last: date, now: datetime, bookings: Iterable[Busy]
) -> Iterator[Slot]:
    """The free slots from day ``first`` to ``last`` (both included), ascending.

    Only slots from ``now`` plus the minimum notice up to ``now`` plus the horizon
    (both included) with a place left. One sweep: the bookings are sorted once and
    a heap by end keeps the ones that may overlap the current slot.
    """
    earliest = _seconds(now) + rules.min_notice_hours * 3600
    latest = _seconds(now) + rules.max_advance_days * 86400
    first = max(first, datetime.fromtimestamp(earliest, ZONE).date())
    last = min(last, datetime.fromtimestamp(latest, ZONE).date())
    before, after = rules.buffer_before * 60, rules.buffer_after * 60
    table = _busy_table(bookings)
    position, count = 0, len(table)
    active: list[tuple[int, str, int]] = []  # heap by widened end: (end, type, start)
    type_id, capacity = rules.type_id, rules.capacity
    for start, end in _candidates(rules, first, last):
        if start < earliest:
            continue
        if start > latest:
            return
        low, high = start - before, end + after
        while position < count and table[position][0] < high:
            heappush(active, table[position][1:])
            position += 1
        while active and active[0][0] <= low:
            heappop(active)
        if len(active) < capacity and all(
            busy[1] == type_id and busy[2] == start for busy in active
        ):
            yield Slot(
                datetime.fromtimestamp(start, ZONE),
                datetime.fromtimestamp(end, ZONE),
                capacity - len(active),
            )


def free_slots(
    rules: Rules, first: date, last: date, now: datetime, bookings: Iterable[Busy]
) -> list[Slot]:
    """``iter_free_slots`` for the ``@slots`` range: ``last`` not before ``first``, at
    most ``MAX_RANGE_DAYS`` days; otherwise ``BookingInputError`` naming ``end``."""
    if last < first or (last - first).days >= MAX_RANGE_DAYS:
        raise BookingInputError(
            "end",
            _(
                "booking_error_slot_range",
                default="The end must be a day from the start to ${days} days later "
                "(both included).",
                mapping={"days": MAX_RANGE_DAYS},
            ),
        )
    return list(iter_free_slots(rules, first, last, now, bookings))


def next_free_slot(
    rules: Rules, now: datetime, bookings: Iterable[Busy], within_days: int = 14
) -> Slot | None:
    """The first free slot from ``now`` in the next ``within_days`` days (today
    included), or None: the first one ``@slots`` would list at that moment."""
    today = now.astimezone(ZONE).date()
    last = today + timedelta(days=within_days)
    return next(iter_free_slots(rules, today, last, now, bookings), None)


def slot_at(
    rules: Rules, start: datetime, now: datetime, bookings: Iterable[Busy]
) -> Slot | None:
    """The free slot beginning at ``start``, or None when ``start`` is not one (off
    the grid, too soon, too late, closed or taken). For the booking service, inside
    its transaction; to move a booking, leave the booking itself out of ``bookings``."""
    day = start.astimezone(ZONE).date()
    wanted = _seconds(start)
    for slot in iter_free_slots(rules, day, day, now, bookings):
        if _seconds(slot.start) == wanted:
            return slot
    return None


def is_free(
    rules: Rules, start: datetime, bookings: Iterable[Busy], now: datetime
) -> bool:
    """Whether a booking may start at ``start`` now (see ``slot_at``)."""
    return slot_at(rules, start, now, bookings) is not None
