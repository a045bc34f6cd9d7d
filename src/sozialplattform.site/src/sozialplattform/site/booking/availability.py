"""When an appointment type can be booked: weekly windows, date overrides, closures.

Strict parsers turn the contract's JSON shapes (``docs/api/booking.md``) into frozen value
objects; anything else raises ``BookingInputError`` naming the field and the entry, so the
REST layer answers 400 with the field and forms show a field message. Times are wall-clock
minutes since midnight (0 to 1440, ``24:00`` as an end); ``slots`` turns them into aware
datetimes of each day.
"""

from dataclasses import dataclass
from datetime import date
from sozialplattform.site import _
from zope.i18n import translate
from zope.i18nmessageid import Message
from zope.schema import ValidationError
import re


#: Weekday keys; the index is ``date.weekday()``.
DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
MINUTES_PER_DAY = 24 * 60
MAX_WINDOWS = 70
MAX_OVERRIDES = 400
MAX_CLOSURES = 200

_TIME = re.compile(r"^(?:([01][0-9]|2[0-3]):([0-5][0-9])|24:00)$")
_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")


class BookingInputError(ValidationError):
    """Bad booking input: ``field_name`` names the field, ``entry`` the entry.

    ``entry`` holds 0-based positions (``(1, 0)``: the first window of the second
    override); the message counts from 1 ("Entry 2.1: ..."). ``doc()`` is the message,
    as z3c.form and plone.restapi read it from a ``ValidationError``.
    """

    def __init__(self, field_name: str, message, entry: tuple[int, ...] = ()):
        super().__init__(message)
        self.field_name = field_name
        self.message = message
        self.entry = entry

    def doc(self):
        return self.message

    def __str__(self):
        return translate(self.message)


def entry_error(field_name, entry, message: Message) -> BookingInputError:
    """An error about entry ``entry`` (positions) of ``field_name``; the message's
    ``${number}`` is the entry counted from 1."""
    number = ".".join(str(position + 1) for position in entry)
    mapping = {**(message.mapping or {}), "number": number}
    return BookingInputError(field_name, Message(message, mapping=mapping), entry)


@dataclass(frozen=True, order=True, slots=True)
class Window:
    """A wall-clock time window of one day, in minutes since midnight."""

    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Closure:
    """Closed from ``start`` to ``end``, both days included."""

    start: date
    end: date

    def __contains__(self, day: date) -> bool:
        return self.start <= day <= self.end


@dataclass(frozen=True, slots=True)
class Availability:
    """Weekly windows (one tuple per weekday), date overrides and closures."""

    weekly: tuple[tuple[Window, ...], ...] = ((),) * 7
    overrides: dict[date, tuple[Window, ...]] | None = None
    closures: tuple[Closure, ...] = ()

    def windows_on(self, day: date) -> tuple[Window, ...]:
        """The windows of ``day``: none when closed, an override's, else the week's."""
        if any(day in closure for closure in self.closures):
            return ()
        if self.overrides and day in self.overrides:
            return self.overrides[day]
        return self.weekly[day.weekday()]

    @classmethod
    def parse(cls, availability=(), date_overrides=(), closures=()) -> "Availability":
        """From the three fields' JSON values (None counts as empty)."""
        return cls(
            parse_weekly(availability or []),
            parse_date_overrides(date_overrides or []),
            parse_closures(closures or []),
        )


def _entries(value, field_name: str, limit: int, keys: frozenset, prefix=()):
    """``(position, entry)`` of a JSON list of objects with exactly ``keys``."""
    if not isinstance(value, list | tuple):
        raise BookingInputError(
            field_name,
            _("booking_error_list", default="Send a list of entries."),
            prefix,
        )
    if len(value) > limit:
        raise BookingInputError(
            field_name,
            _(
                "booking_error_too_many",
                default="At most ${limit} entries are allowed.",
                mapping={"limit": limit},
            ),
            prefix,
        )
    for position, entry in enumerate(value):
        if not isinstance(entry, dict) or set(entry) != keys:
            raise entry_error(
                field_name,
                (*prefix, position),
                _(
                    "booking_error_keys",
                    default="Entry ${number}: send an object with exactly ${keys}.",
                    mapping={"keys": ", ".join(sorted(keys))},
                ),
            )
        yield (*prefix, position), entry


def _minutes(value, field_name, entry, key) -> int:
    match = _TIME.match(value) if isinstance(value, str) else None
    if match is None:
        raise entry_error(
            field_name,
            entry,
            _(
                "booking_error_time",
                default="Entry ${number}: ${key} must be a time from 00:00 to 24:00 (HH:MM).",
                mapping={"key": key},
            ),
        )
    if match.group(1) is None:
        return MINUTES_PER_DAY
    return int(match.group(1)) * 60 + int(match.group(2))


def _window(entry, field_name, position) -> Window:
    window = Window(
        _minutes(entry["start"], field_name, position, "start"),
        _minutes(entry["end"], field_name, position, "end"),
    )
    if window.start >= window.end:
        raise entry_error(
            field_name,
            position,
            _(
                "booking_error_window_order",
                default="Entry ${number}: the start must be before the end.",
            ),
        )
    return window


def _day_windows(positioned: list, field_name: str) -> tuple[Window, ...]:
    """The windows of one day, sorted; overlapping windows are an error."""
    positioned = sorted(positioned, key=lambda item: item[1])
    for (_before, previous), (position, window) in zip(
        positioned, positioned[1:], strict=False
    ):
        if window.start < previous.end:
            raise entry_error(
                field_name,
                position,
                _(
                    "booking_error_window_overlap",
                    default="Entry ${number}: the window overlaps another one of the same day.",
                ),
            )
    return tuple(window for _position, window in positioned)


_WINDOW_KEYS = frozenset({"start", "end"})


def parse_weekly(value, field_name: str = "availability"):
    """Weekly windows ``[{"day": "mon", "start": "09:00", "end": "12:30"}]``."""
    days: list[list] = [[] for _day in DAYS]
    for position, entry in _entries(
        value, field_name, MAX_WINDOWS, _WINDOW_KEYS | {"day"}
    ):
        if entry["day"] not in DAYS:
            raise entry_error(
                field_name,
                position,
                _(
                    "booking_error_day",
                    default="Entry ${number}: the day must be one of ${days}.",
                    mapping={"days": ", ".join(DAYS)},
                ),
            )
        days[DAYS.index(entry["day"])].append(
            (position, _window(entry, field_name, position))
        )
    return tuple(_day_windows(windows, field_name) for windows in days)


def _date(value, field_name, entry, key) -> date:
    if isinstance(value, str) and _DATE.match(value):
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    raise entry_error(
        field_name,
        entry,
        _(
            "booking_error_entry_date",
            default="Entry ${number}: ${key} must be a date (YYYY-MM-DD).",
            mapping={"key": key},
        ),
    )


def parse_date_overrides(value, field_name: str = "date_overrides"):
    """``[{"date": "YYYY-MM-DD", "windows": [{"start", "end"}]}]`` as a dict by date;
    the windows replace the day's, an empty list closes it."""
    overrides: dict[date, tuple[Window, ...]] = {}
    for position, entry in _entries(
        value, field_name, MAX_OVERRIDES, frozenset({"date", "windows"})
    ):
        day = _date(entry["date"], field_name, position, "date")
        if day in overrides:
            raise entry_error(
                field_name,
                position,
                _(
                    "booking_error_date_repeated",
                    default="Entry ${number}: ${date} has an override already.",
                    mapping={"date": entry["date"]},
                ),
            )
        windows = _entries(
            entry["windows"], field_name, MAX_WINDOWS, _WINDOW_KEYS, position
        )
        overrides[day] = _day_windows(
            [(inner, _window(window, field_name, inner)) for inner, window in windows],
            field_name,
        )
    return overrides


def parse_closures(value, field_name: str = "closures") -> tuple[Closure, ...]:
    """``[{"start": "YYYY-MM-DD", "end": "YYYY-MM-DD"}]``, both days closed."""
    closures = []
    for position, entry in _entries(value, field_name, MAX_CLOSURES, _WINDOW_KEYS):
        closure = Closure(
            _date(entry["start"], field_name, position, "start"),
            _date(entry["end"], field_name, position, "end"),
        )
        if closure.start > closure.end:
            raise entry_error(
                field_name,
                position,
                _(
                    "booking_error_closure_order",
                    default="Entry ${number}: the first day must not be after the last day.",
                ),
            )
        closures.append(closure)
    return tuple(sorted(closures, key=lambda closure: closure.start))
