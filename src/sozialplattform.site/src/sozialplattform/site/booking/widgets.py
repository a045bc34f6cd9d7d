"""Form widgets of an appointment type's hours: plain rows instead of JSON text.

``availability``, ``date_overrides`` and ``closures`` are JSON fields (``fields.py``);
REST clients keep sending and reading the JSON of ``docs/api/booking.md``, only the
Classic UI forms use these widgets (registered for the three field classes and the form
layer in ``configure.zcml``). Each widget shows one row per entry (a weekday or a date
with a start and an end time, or a first and a last day) and a few empty rows; the
button "Zeile hinzufügen" submits the form without saving and brings one more empty
row, so it works without JavaScript. Empty rows are left out.

The rows are checked by the data converter (``RowsConverter``) before the field's own
parser: every problem becomes a message on its row ("Zeile 2: ...") and one field
message listing them. Time inputs cannot show ``24:00``: an end of ``00:00`` means
midnight and is stored as ``24:00``.
"""

from sozialplattform.site import _
from sozialplattform.site.booking import availability
from sozialplattform.site.booking.availability import BookingInputError
from sozialplattform.site.booking.fields import ClosuresField
from sozialplattform.site.booking.fields import DateOverridesField
from sozialplattform.site.booking.fields import WeeklyAvailabilityField
from z3c.form.converter import BaseDataConverter
from z3c.form.interfaces import IFieldWidget
from z3c.form.interfaces import IFormLayer
from z3c.form.interfaces import IWidget
from z3c.form.interfaces import NO_VALUE
from z3c.form.util import expandPrefix
from z3c.form.widget import FieldWidget
from z3c.form.widget import Widget
from zope.component import adapter
from zope.i18n import translate
from zope.i18nmessageid import Message
from zope.interface import implementer
import re


BLANK_ROWS = 2
MAX_BLANK_ROWS = 30
MIDNIGHT = "24:00"
_TIME = re.compile(r"^([01][0-9]|2[0-3]):([0-5][0-9])(:[0-5][0-9](\.[0-9]+)?)?$")
_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")

DAY_TITLES = {
    "mon": _("weekday_mon", default="Monday"),
    "tue": _("weekday_tue", default="Tuesday"),
    "wed": _("weekday_wed", default="Wednesday"),
    "thu": _("weekday_thu", default="Thursday"),
    "fri": _("weekday_fri", default="Friday"),
    "sat": _("weekday_sat", default="Saturday"),
    "sun": _("weekday_sun", default="Sunday"),
}
COLUMN_TITLES = {
    "day": _("label_row_day", default="Weekday"),
    "date": _("label_row_date", default="Date"),
    "start": _("label_row_from", default="From"),
    "end": _("label_row_until", default="Until"),
    "first": _("label_row_first_day", default="First day"),
    "last": _("label_row_last_day", default="Last day"),
}


class IRowsWidget(IWidget):
    """A widget of rows (weekly windows, date overrides, closures)."""


@implementer(IRowsWidget)
class RowsWidget(Widget):
    """Rows of inputs named ``<name>.<row>.<column>``; ``<name>.count`` says how many
    rows were shown, ``<name>.blank`` how many empty ones, ``<name>.add`` adds one."""

    #: (column, input type) in the order shown
    columns: tuple = ()
    klass = "rows-widget"
    row_legend = _("legend_row", default="Row ${number}")

    def __init__(self, request):
        super().__init__(request)
        self.row_errors: dict[int, str] = {}

    # -- request --------------------------------------------------------------
    def extract(self, default=NO_VALUE):
        form = self.request.form
        if f"{self.name}.count" not in form:
            return default
        try:
            count = min(int(form[f"{self.name}.count"]), 1000)
        except (TypeError, ValueError):
            count = 0
        rows = []
        for index in range(count):
            row = {}
            for column, _kind in self.columns:
                value = form.get(f"{self.name}.{index}.{column}", "")
                row[column] = value.strip() if isinstance(value, str) else ""
            if any(row.values()):
                rows.append(row)
        return rows

    def blank_rows(self) -> int:
        form = self.request.form
        try:
            blank = int(form.get(f"{self.name}.blank", BLANK_ROWS))
        except (TypeError, ValueError):
            blank = BLANK_ROWS
        if f"{self.name}.add" in form:
            blank += 1
        return max(1, min(blank, MAX_BLANK_ROWS))

    # -- template -------------------------------------------------------------
    def _t(self, message, **mapping) -> str:
        if mapping:
            message = Message(message, mapping=mapping)
        return translate(message, context=self.request)

    def column_title(self, column: str) -> str:
        return self._t(COLUMN_TITLES[column])

    def day_options(self) -> list[dict]:
        return [
            {"value": day, "title": self._t(title)} for day, title in DAY_TITLES.items()
        ]

    def rows(self) -> list[dict]:
        """Every row to show: the values, then the empty rows."""
        values = list(self.value or []) if isinstance(self.value, list) else []
        blank = self.blank_rows()
        rows = []
        for index, row in enumerate([*values, *({} for _blank in range(blank))]):
            prefix = f"{self.id}-{index}"
            error = self.row_errors.get(index)
            rows.append(
                {
                    "index": index,
                    "legend": self._t(self.row_legend, number=index + 1),
                    "error": error,
                    "error_id": f"{prefix}-error",
                    "legend_id": f"{prefix}-legend",
                    "cells": [
                        {
                            "column": column,
                            "kind": kind,
                            "id": f"{prefix}-{column}",
                            "name": f"{self.name}.{index}.{column}",
                            "title": self.column_title(column),
                            "value": row.get(column, ""),
                        }
                        for column, kind in self.columns
                    ],
                }
            )
        return rows

    def add_action(self) -> str | None:
        """Where "Zeile hinzufügen" posts: the form's own action, scrolled back to this
        widget (the page reloads without JavaScript)."""
        action = getattr(getattr(self, "form", None), "action", None)
        return f"{action}#{self.id}" if action else None

    def default_button(self) -> dict | None:
        """The form's save button once more, before the first rows widget's own buttons.

        A form's default button (Enter in a single-line field) is its first submit
        button; without this it were "Zeile hinzufügen". Rendered once per form,
        visually hidden and out of the tab order; None without a save button."""
        form = getattr(self, "form", None)
        buttons = getattr(form, "buttons", None)
        if buttons is None or "save" not in buttons:
            return None
        annotations = self.request.other
        if annotations.get("_rows_default_button"):
            return None
        annotations["_rows_default_button"] = True
        return {
            "name": expandPrefix(form.prefix) + expandPrefix(buttons.prefix) + "save",
            "title": self._t(buttons["save"].title),
        }

    def add_label(self) -> str:
        return self._t(_("button_add_row", default="Add a row"))

    def display_rows(self) -> list[str]:
        """The rows as text for the display mode ("Montag 09:00–12:30")."""
        lines = []
        for row in self.value or []:
            parts = []
            for column, _kind in self.columns:
                value = row.get(column, "")
                if column == "day" and value in DAY_TITLES:
                    value = self._t(DAY_TITLES[value])
                parts.append(value)
            lines.append(self.display_line(parts))
        return lines

    def display_line(self, parts: list[str]) -> str:
        return " ".join(part for part in parts if part)


def _midnight(end: str) -> str:
    """An end as read: the time input's ``00:00`` is midnight, ``24:00``."""
    return MIDNIGHT if end == "00:00" else end


class WeeklyRowsWidget(RowsWidget):
    columns = (("day", "select"), ("start", "time"), ("end", "time"))
    row_legend = _("legend_row_window", default="Time window ${number}")

    def display_line(self, parts):
        day, start, end = parts
        return f"{day} {start}–{_midnight(end)}"


class DateOverridesRowsWidget(RowsWidget):
    columns = (("date", "date"), ("start", "time"), ("end", "time"))
    row_legend = _("legend_row_override", default="Changed day ${number}")

    def display_line(self, parts):
        day, start, end = parts
        if not start:
            return f"{day} " + self._t(_("label_row_closed", default="closed"))
        return f"{day} {start}–{_midnight(end)}"


class ClosuresRowsWidget(RowsWidget):
    columns = (("first", "date"), ("last", "date"))
    row_legend = _("legend_row_closure", default="Closure ${number}")

    def display_line(self, parts):
        first, last = parts
        return first if first == last else f"{first} – {last}"


@adapter(WeeklyAvailabilityField, IFormLayer)
@implementer(IFieldWidget)
def WeeklyRowsFieldWidget(field, request):
    return FieldWidget(field, WeeklyRowsWidget(request))


@adapter(DateOverridesField, IFormLayer)
@implementer(IFieldWidget)
def DateOverridesRowsFieldWidget(field, request):
    return FieldWidget(field, DateOverridesRowsWidget(request))


@adapter(ClosuresField, IFormLayer)
@implementer(IFieldWidget)
def ClosuresRowsFieldWidget(field, request):
    return FieldWidget(field, ClosuresRowsWidget(request))


# -- conversion and row checks ------------------------------------------------
class RowErrors(Exception):
    pass


def _row_message(message, number: int) -> Message:
    return Message(message, mapping={**(message.mapping or {}), "number": number})


MESSAGES = {
    "day": _("booking_row_day", default="Row ${number}: choose a weekday."),
    "date": _("booking_row_date", default="Row ${number}: enter a date."),
    "first": _("booking_row_first", default="Row ${number}: enter the first day."),
    "last": _("booking_row_last", default="Row ${number}: enter the last day."),
    "start": _("booking_row_start", default="Row ${number}: enter the start time."),
    "end": _("booking_row_end", default="Row ${number}: enter the end time."),
    "time": _(
        "booking_row_time", default="Row ${number}: enter times as HH:MM, e.g. 09:30."
    ),
    "order": _(
        "booking_row_order", default="Row ${number}: the start must be before the end."
    ),
    "overlap": _(
        "booking_row_overlap",
        default="Row ${number}: the time overlaps another row of the same day.",
    ),
    "bad_date": _(
        "booking_row_bad_date", default="Row ${number}: this is not a valid date."
    ),
    "closure_order": _(
        "booking_row_closure_order",
        default="Row ${number}: the first day must not be after the last day.",
    ),
    "both_times": _(
        "booking_row_both_times",
        default="Row ${number}: enter both times, or none to close the day.",
    ),
    "too_many": _("booking_row_too_many", default="At most ${limit} rows are allowed."),
}


def _time(value: str) -> str | None:
    """``HH:MM`` of a time input's value (seconds dropped), None when malformed."""
    match = _TIME.match(value)
    return f"{match.group(1)}:{match.group(2)}" if match else None


def _end(value: str) -> str | None:
    time = _time(value)
    return MIDNIGHT if time == "00:00" else time


def _valid_date(value: str) -> bool:
    from datetime import date

    if not _DATE.match(value):
        return False
    try:
        date.fromisoformat(value)
    except ValueError:
        return False
    return True


def _minutes(value: str) -> int:
    return (
        availability.MINUTES_PER_DAY
        if value == MIDNIGHT
        else (int(value[:2]) * 60 + int(value[3:]))
    )


class RowsConverter(BaseDataConverter):
    """Rows (dicts of strings) <-> the field's JSON value; problems per row."""

    def toWidgetValue(self, value):
        if not value:
            return []
        return list(self.rows_of(value))

    def toFieldValue(self, value):
        if value is NO_VALUE or value is None:
            return self.field.missing_value
        widget = self.widget
        widget.row_errors = {}
        errors: dict[int, Message] = {}

        def fail(index: int, key: str) -> None:
            errors.setdefault(index, _row_message(MESSAGES[key], index + 1))

        result = self.entries(value, fail)
        if errors:
            widget.row_errors = {
                index: translate(message, context=widget.request)
                for index, message in errors.items()
            }
            text = " ".join(widget.row_errors[index] for index in sorted(errors))
            raise BookingInputError(self.field.__name__, text)
        return result

    # subclasses: rows_of(value) -> rows, entries(rows, fail) -> JSON value
    def rows_of(self, value):  # pragma: no cover - abstract
        raise NotImplementedError

    def entries(self, rows, fail):  # pragma: no cover - abstract
        raise NotImplementedError

    def times(self, index, row, fail) -> tuple | None:
        """The row's (start, end) as stored; None (and a message) when wrong."""
        if not row["start"]:
            fail(index, "start")
            return None
        if not row["end"]:
            fail(index, "end")
            return None
        start, end = _time(row["start"]), _end(row["end"])
        if start is None or end is None:
            fail(index, "time")
            return None
        if _minutes(start) >= _minutes(end):
            fail(index, "order")
            return None
        return start, end

    @staticmethod
    def check_overlaps(windows: list[tuple[int, str, str]], fail) -> None:
        """``(row, start, end)`` of one day: a row overlapping an earlier one fails."""
        ordered = sorted(windows, key=lambda window: _minutes(window[1]))
        for previous, current in zip(ordered, ordered[1:], strict=False):
            if _minutes(current[1]) < _minutes(previous[2]):
                fail(max(previous[0], current[0]), "overlap")

    def check_limit(self, count: int, limit: int, fail) -> bool:
        if count > limit:
            self.widget.row_errors = {}
            raise BookingInputError(
                self.field.__name__,
                translate(
                    Message(MESSAGES["too_many"], mapping={"limit": limit}),
                    context=self.widget.request,
                ),
            )
        return True


def _shown(time: str) -> str:
    """A stored time as a time input shows it (``24:00`` as ``00:00``)."""
    return "00:00" if time == MIDNIGHT else time


@adapter(WeeklyAvailabilityField, IRowsWidget)
class WeeklyRowsConverter(RowsConverter):
    def rows_of(self, value):
        for entry in value:
            yield {
                "day": entry["day"],
                "start": entry["start"],
                "end": _shown(entry["end"]),
            }

    def entries(self, rows, fail):
        self.check_limit(len(rows), availability.MAX_WINDOWS, fail)
        result, by_day = [], {}
        for index, row in enumerate(rows):
            times = self.times(index, row, fail)
            if row["day"] not in availability.DAYS:
                fail(index, "day")
                continue
            if times is None:
                continue
            result.append({"day": row["day"], "start": times[0], "end": times[1]})
            by_day.setdefault(row["day"], []).append((index, *times))
        for windows in by_day.values():
            self.check_overlaps(windows, fail)
        return result


@adapter(DateOverridesField, IRowsWidget)
class DateOverridesRowsConverter(RowsConverter):
    def rows_of(self, value):
        for entry in value:
            if not entry["windows"]:
                yield {"date": entry["date"], "start": "", "end": ""}
            for window in entry["windows"]:
                yield {
                    "date": entry["date"],
                    "start": window["start"],
                    "end": _shown(window["end"]),
                }

    def entries(self, rows, fail):
        by_date: dict[str, list] = {}
        for index, row in enumerate(rows):
            if not row["date"]:
                fail(index, "date")
                continue
            if not _valid_date(row["date"]):
                fail(index, "bad_date")
                continue
            windows = by_date.setdefault(row["date"], [])
            if not row["start"] and not row["end"]:
                continue  # the day closed (unless another row gives it times)
            if not (row["start"] and row["end"]):
                fail(index, "both_times")
                continue
            times = self.times(index, row, fail)
            if times is not None:
                windows.append((index, *times))
        self.check_limit(len(by_date), availability.MAX_OVERRIDES, fail)
        result = []
        for day in sorted(by_date):
            windows = by_date[day]
            self.check_overlaps(windows, fail)
            result.append(
                {
                    "date": day,
                    "windows": [
                        {"start": start, "end": end}
                        for _index, start, end in sorted(
                            windows, key=lambda window: _minutes(window[1])
                        )
                    ],
                }
            )
        return result


@adapter(ClosuresField, IRowsWidget)
class ClosuresRowsConverter(RowsConverter):
    def rows_of(self, value):
        for entry in value:
            yield {"first": entry["start"], "last": entry["end"]}

    def entries(self, rows, fail):
        self.check_limit(len(rows), availability.MAX_CLOSURES, fail)
        result = []
        for index, row in enumerate(rows):
            first, last = row["first"], row["last"] or row["first"]
            if not first:
                fail(index, "first")
                continue
            if not _valid_date(first) or not _valid_date(last):
                fail(index, "bad_date")
                continue
            if first > last:
                fail(index, "closure_order")
                continue
            result.append({"start": first, "end": last})
        return result
