"""Read CSV and JSON files into rows of field values.

A cell is converted to the type of its field here (booleans, numbers, lists, opening hours,
plain text to HTML); whether the value is valid is ``validate``'s business. Problems of the
whole file raise ``FileError``; problems of one cell become ``(field, message)`` pairs of the
row, so one bad cell does not hide the others.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from pathlib import Path
from plone.app.textfield.value import RichTextValue
from sozialplattform.site import _
from sozialplattform.site.bulk import columns
from sozialplattform.site.content import openinghours
from typing import Any
from zope.i18nmessageid import Message
import csv
import html
import io
import json
import math
import re


TRUE_WORDS = frozenset({"true", "ja", "yes", "1", "x", "wahr"})
FALSE_WORDS = frozenset({"false", "nein", "no", "0", "", "falsch"})
DELIMITERS = (";", ",", "\t")
FORMATS = ("csv", "json")
_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*(?:\n[ \t]*)+")

Error = tuple[str, Message]


class FileError(ValueError):
    """The file as a whole cannot be imported; nothing is written."""

    def __init__(self, message: Message):
        self.message = message
        super().__init__(str(message))


class CellError(ValueError):
    """One value cannot be converted to its field's type."""

    def __init__(self, message: Message):
        self.message = message
        super().__init__(str(message))


@dataclass
class SourceRow:
    """One centre of the file: converted values of the columns it has, and its errors.

    ``number`` is the row as a spreadsheet shows it (the header is row 1) or, in JSON, the
    position of the object in the list (from 1). ``offers`` is None when the row has none.
    """

    number: int
    values: dict[str, Any] = dataclass_field(default_factory=dict)
    errors: list[Error] = dataclass_field(default_factory=list)
    offers: list[dict[str, Any]] | None = None

    @property
    def key(self) -> str | None:
        value = self.values.get(columns.KEY)
        return value if isinstance(value, str) and value else None


# -- cells ------------------------------------------------------------------------------------


def parse_bool(text: str) -> bool:
    word = text.strip().casefold()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise CellError(
        _(
            "error_boolean",
            default="Enter true or false (also ja/nein, 1/0, x), or leave it empty.",
        )
    )


def _number_error() -> CellError:
    return CellError(_("error_number", default="Enter a number, for example 52.52."))


def finite_float(value: float) -> float:
    """``value`` unless it is NaN or infinite (Python reads "nan" and "inf" as floats)."""
    if not math.isfinite(value):
        raise _number_error()
    return value


def parse_float(text: str) -> float | None:
    text = text.strip()
    if not text:
        return None
    try:
        return finite_float(float(text.replace(",", ".")))
    except ValueError:
        raise _number_error() from None


def parse_list(text: str) -> list[str]:
    """``"a|b | c"`` -> ``["a", "b", "c"]``; empty items are dropped."""
    return [item.strip() for item in text.split(columns.LIST_SEPARATOR) if item.strip()]


def parse_hours(text: str) -> list[dict]:
    """``"Mo 09:00-12:00; Di 14:00-18:00"`` -> ``[{day, start, end}, ...]``."""
    entries = [
        entry.strip() for entry in re.split(r"[;\n]", text or "") if entry.strip()
    ]
    try:
        return openinghours.parse("\n".join(entries))
    except openinghours.OpeningHoursSyntaxError as error:
        raise CellError(error.message(entries=True)) from None


def parse_text(text: str, name: str = "") -> str | None:
    text = text.replace("\r\n", "\n").strip()
    if text.startswith("'") and text[1:2] in ("=", "+", "-", "@"):
        text = text[
            1:
        ]  # written by the export to keep spreadsheets from running formulas
    if name == "postcode" and len(text) == 4 and text.isdigit():
        # Spreadsheets drop the leading zero of 01067 Dresden.
        text = "0" + text
    return text or None


def text_to_html(text: str) -> str:
    """Plain text as escaped HTML: blank lines separate paragraphs, newlines become <br />."""
    paragraphs = _PARAGRAPH_BREAK.split(text.replace("\r\n", "\n").strip())
    return "".join(
        "<p>"
        + "<br />".join(
            html.escape(line.strip(), quote=False) for line in p.splitlines()
        )
        + "</p>"
        for p in paragraphs
        if p.strip()
    )


def richtext(text: str) -> RichTextValue | None:
    html_text = text_to_html(text or "")
    if not html_text:
        return None
    return RichTextValue(html_text, "text/html", "text/x-html-safe")


def convert_cell(kind: str, text: str, name: str = "") -> Any:
    """A CSV cell (or a JSON string) as the value of a field of ``kind``."""
    if kind == columns.BOOL:
        return parse_bool(text)
    if kind == columns.FLOAT:
        return parse_float(text)
    if kind == columns.LIST:
        return parse_list(text)
    if kind == columns.HOURS:
        return parse_hours(text)
    if kind == columns.RICHTEXT:
        return richtext(text)
    return parse_text(text, name)


def _wrong_type(kind: str) -> CellError:
    if kind == columns.LIST:
        return CellError(_("error_list", default="Enter a list of values."))
    if kind == columns.HOURS:
        return CellError(
            _(
                "error_opening_hours",
                default="Opening hours need a weekday and a start before the end (HH:MM).",
            )
        )
    if kind == columns.FLOAT:
        return _number_error()
    return CellError(_("error_text", default="Enter text."))


def convert_json(kind: str, value: Any, name: str = "") -> Any:
    """A JSON value as the value of a field of ``kind``; strings are read like CSV cells."""
    if isinstance(value, str):
        return convert_cell(kind, value, name)
    if value is None:
        return {columns.BOOL: False, columns.LIST: [], columns.HOURS: []}.get(kind)
    if kind == columns.BOOL and isinstance(value, bool | int) and value in (0, 1):
        return bool(value)
    if (
        kind == columns.FLOAT
        and isinstance(value, int | float)
        and not isinstance(value, bool)
    ):
        try:
            return finite_float(float(value))
        except OverflowError:
            raise _number_error() from None
    if (
        kind == columns.LIST
        and isinstance(value, list)
        and all(isinstance(item, str) for item in value)
    ):
        return [item.strip() for item in value if item.strip()]
    if kind == columns.HOURS and isinstance(value, list):
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        if name == "postcode":
            return f"{value:05d}"
        if name == columns.KEY:
            return str(value)
    raise _wrong_type(kind)


# -- files ------------------------------------------------------------------------------------


def decode(data: bytes) -> str:
    """UTF-8 with or without a byte order mark."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise FileError(
            _(
                "error_file_encoding",
                default="The file is not UTF-8 encoded (byte ${position}). "
                "Save it as UTF-8.",
                mapping={"position": error.start},
            )
        ) from None


def sniff_delimiter(text: str) -> str:
    """The delimiter of a CSV file: the most frequent of ``;`` ``,`` and tab in the header."""
    header = text.split("\n", 1)[0]
    counts = {delimiter: header.count(delimiter) for delimiter in DELIMITERS}
    best = max(DELIMITERS, key=lambda delimiter: counts[delimiter])
    return best if counts[best] else ","


def check_header(names: Iterable[str]) -> list[str]:
    """The normalised column names; unknown, repeated or missing key columns fail."""
    header = [name.strip().casefold() for name in names]
    known = set(columns.COLUMNS)
    unknown = [name for name in header if name not in known]
    if unknown:
        raise FileError(
            _(
                "error_file_unknown_columns",
                default="Unknown columns: ${columns}. Allowed: ${allowed}.",
                mapping={
                    "columns": ", ".join(unknown),
                    "allowed": ", ".join(columns.COLUMNS),
                },
            )
        )
    repeated = sorted({name for name in header if header.count(name) > 1})
    if repeated:
        raise FileError(
            _(
                "error_file_repeated_columns",
                default="Columns given more than once: ${columns}.",
                mapping={"columns": ", ".join(repeated)},
            )
        )
    if columns.KEY not in header:
        raise FileError(
            _(
                "error_file_no_key",
                default="The column external_id is missing; every centre needs one.",
            )
        )
    return header


def _convert_values(
    row: SourceRow, items: Iterable[tuple[str, Any]], json_values: bool
):
    for name, raw in items:
        if name in columns.EXPORT_ONLY:
            continue
        kind = columns.CENTRE_KINDS[name]
        try:
            if json_values:
                row.values[name] = convert_json(kind, raw, name)
            else:
                row.values[name] = convert_cell(kind, raw, name)
        except CellError as error:
            row.errors.append((name, error.message))


def read_csv(text: str) -> list[SourceRow]:
    """The rows of a CSV text; empty lines are skipped."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sniff_delimiter(text))
    try:
        header = check_header(next(reader))
    except StopIteration:
        raise FileError(_("error_file_empty", default="The file is empty.")) from None
    rows = []
    try:
        for number, cells in enumerate(reader, start=2):
            if not any(cell.strip() for cell in cells):
                continue
            row = SourceRow(number)
            if len(cells) > len(header) and any(
                c.strip() for c in cells[len(header) :]
            ):
                row.errors.append(
                    (
                        "-",
                        _(
                            "error_too_many_cells",
                            default="The row has more cells than the header has columns.",
                        ),
                    )
                )
            # A spreadsheet drops empty cells at the end: they count as empty, not missing.
            padded = cells + [""] * (len(header) - len(cells))
            _convert_values(row, zip(header, padded, strict=False), json_values=False)
            rows.append(row)
    except csv.Error as error:
        raise FileError(
            _(
                "error_file_csv",
                default="The CSV file cannot be read near line ${line}: ${detail}",
                mapping={"line": reader.line_num, "detail": str(error)},
            )
        ) from None
    return rows


def _offers(row: SourceRow, value: Any) -> list[dict] | None:
    message = _(
        "error_offers",
        default="offers must be a list of objects with the offer fields.",
    )
    if value is None:
        return None
    if not isinstance(value, list) or not all(isinstance(item, dict) for item in value):
        row.errors.append((columns.OFFERS, message))
        return None
    offers = []
    for position, item in enumerate(value, start=1):
        offer = {}
        for name, raw in item.items():
            field_name = f"{columns.OFFERS}[{position}].{name}"
            if name not in columns.OFFER_KINDS:
                row.errors.append((field_name, _unknown_column()))
                continue
            try:
                offer[name] = convert_json(columns.OFFER_KINDS[name], raw, name)
            except CellError as error:
                row.errors.append((field_name, error.message))
        offers.append(offer)
    return offers


def _unknown_column() -> Message:
    return _("error_unknown_column", default="Unknown column.")


def read_json(text: str) -> list[SourceRow]:
    """The rows of a JSON list of objects."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise FileError(
            _(
                "error_file_json",
                default="The file is not valid JSON (line ${line}): ${detail}",
                mapping={"line": error.lineno, "detail": error.msg},
            )
        ) from None
    if isinstance(data, dict) and isinstance(data.get("items"), list):
        data = data["items"]
    if not isinstance(data, list):
        raise FileError(
            _(
                "error_file_json_list",
                default="The JSON file must hold a list of objects.",
            )
        )
    rows = []
    for number, item in enumerate(data, start=1):
        row = SourceRow(number)
        rows.append(row)
        if not isinstance(item, dict):
            row.errors.append(
                ("-", _("error_json_object", default="The entry is not a JSON object."))
            )
            continue
        known = []
        for name, value in item.items():
            if name == columns.OFFERS:
                row.offers = _offers(row, value)
            elif name in columns.CENTRE_KINDS or name in columns.EXPORT_ONLY:
                known.append((name, value))
            else:
                row.errors.append((name, _unknown_column()))
        _convert_values(row, known, json_values=True)
    return rows


def file_format(path: str | Path) -> str:
    """``csv`` or ``json`` from the file name."""
    suffix = Path(path).suffix.lower().lstrip(".")
    if suffix not in FORMATS:
        raise FileError(
            _("error_file_format", default="Use a file ending in .csv or .json.")
        )
    return suffix


def read_data(data: bytes, format: str) -> list[SourceRow]:
    text = decode(data)
    return read_json(text) if format == "json" else read_csv(text)


def read_file(path: str | Path) -> list[SourceRow]:
    """All rows of a .csv or .json file."""
    format = file_format(path)
    try:
        data = Path(path).read_bytes()
    except OSError as error:
        raise FileError(read_error(path, error)) from None
    return read_data(data, format)


def read_error(path: str | Path, error: OSError) -> Message:
    """Why the file at ``path`` cannot be read, naming its absolute path."""
    mapping = {"path": str(Path(path).absolute())}
    if isinstance(error, FileNotFoundError):
        return _(
            "error_file_not_found",
            default="The file ${path} does not exist.",
            mapping=mapping,
        )
    if isinstance(error, IsADirectoryError):
        return _(
            "error_file_is_directory",
            default="${path} is a directory, not a file.",
            mapping=mapping,
        )
    if isinstance(error, PermissionError):
        return _(
            "error_file_permission",
            default="No permission to read the file ${path}.",
            mapping=mapping,
        )
    return _(
        "error_file_unreadable",
        default="The file ${path} cannot be read: ${detail}",
        mapping={**mapping, "detail": error.strerror or str(error)},
    )
