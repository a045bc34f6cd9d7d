"""Opening hours as text lines ("Mo 09:00-12:00") and as data ({day, start, end})."""

from sozialplattform.site import _
from sozialplattform.site.content.fields import TIME_PATTERN
from sozialplattform.site.content.fields import WEEKDAYS
from zope.i18nmessageid import Message
import re


DAY_LABELS = dict(
    zip(WEEKDAYS, ("Mo", "Di", "Mi", "Do", "Fr", "Sa", "So"), strict=True)
)
DAY_ALIASES = {
    **{day: day for day in WEEKDAYS},
    **{label.lower(): day for day, label in DAY_LABELS.items()},
    "montag": "mon",
    "dienstag": "tue",
    "mittwoch": "wed",
    "donnerstag": "thu",
    "freitag": "fri",
    "samstag": "sat",
    "sonnabend": "sat",
    "sonntag": "sun",
}
LINE = re.compile(
    r"^\s*(?P<day>[A-Za-zäöüÄÖÜ]+)\.?\s+(?P<start>\d{1,2}[:.]\d{2})\s*(?:-|–|bis)\s*"
    r"(?P<end>\d{1,2}[:.]\d{2})\s*(?:Uhr)?\s*$"
)


class OpeningHoursSyntaxError(ValueError):
    """A line that is not "<day> HH:MM-HH:MM", or whose start is not before its end."""

    def __init__(self, line_number: int, line: str, start_after_end: bool = False):
        self.line_number, self.line = line_number, line
        self.start_after_end = start_after_end
        super().__init__(f"Line {line_number}: {line!r}")

    def message(self, entries: bool = False) -> Message:
        """The message naming the line (forms) or, with ``entries``, the entry (import)."""
        mapping = {
            "number": self.line_number,
            "entry" if entries else "line": self.line,
        }
        if self.start_after_end and entries:
            return _(
                "error_opening_hours_entry_order",
                default="Entry ${number}: the start must be before the end: ${entry}",
                mapping=mapping,
            )
        if self.start_after_end:
            return _(
                "error_opening_hours_line_order",
                default="Line ${number}: the start must be before the end: ${line}",
                mapping=mapping,
            )
        if entries:
            return _(
                "error_opening_hours_entry",
                default='Entry ${number} is not like "Mo 09:00-12:00": ${entry}',
                mapping=mapping,
            )
        return _(
            "error_opening_hours_line",
            default='Line ${number} is not like "Mo 09:00-12:00": ${line}',
            mapping=mapping,
        )


def _time(text: str) -> str:
    hours, minutes = re.split(r"[:.]", text)
    return f"{int(hours):02d}:{minutes}"


def parse(text: str) -> list[dict]:
    """Parse one time span per line; empty lines are skipped."""
    entries = []
    for number, line in enumerate((text or "").splitlines(), start=1):
        if not line.strip():
            continue
        match = LINE.match(line)
        day = DAY_ALIASES.get(match.group("day").lower()) if match else None
        if not match or day is None:
            raise OpeningHoursSyntaxError(number, line)
        start, end = _time(match.group("start")), _time(match.group("end"))
        if not (TIME_PATTERN.match(start) and TIME_PATTERN.match(end)):
            raise OpeningHoursSyntaxError(number, line)
        if start >= end:
            raise OpeningHoursSyntaxError(number, line, start_after_end=True)
        entries.append({"day": day, "start": start, "end": end})
    return entries


def format_lines(entries) -> str:
    """The text form of ``entries``, in weekday order."""
    ordered = sorted(
        entries or (), key=lambda e: (WEEKDAYS.index(e["day"]), e["start"])
    )
    return "\n".join(f"{DAY_LABELS[e['day']]} {e['start']}-{e['end']}" for e in ordered)
