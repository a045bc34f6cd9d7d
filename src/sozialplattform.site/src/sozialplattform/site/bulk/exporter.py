"""Export centres as CSV or JSON with the import's columns, so an export re-imports cleanly.

CSV: UTF-8 with a byte order mark (spreadsheets then detect the encoding), ``;`` as
delimiter, lists joined with ``|``, opening hours as ``Mo 09:00-12:00; Di 14:00-18:00``,
booleans as ``ja``/``nein``, the text as plain text. JSON: a list of objects with native
values and the centre's ``offers``.
"""

from collections.abc import Iterable
from collections.abc import Iterator
from datetime import date
from html.parser import HTMLParser
from Products.CMFCore.utils import getToolByName
from sozialplattform.site import _
from sozialplattform.site.bulk import columns
from sozialplattform.site.content import openinghours
from sozialplattform.site.content.interfaces import ICounsellingOffer
from sozialplattform.site.content.interfaces import IState
from sozialplattform.site.content.types import containing_state
from typing import Any
from zope.i18nmessageid import Message
import csv
import io
import json
import re


CSV_DELIMITER = ";"
BOM = "\ufeff"
BLOCK_TAGS = frozenset(
    {
        "p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "blockquote",
        "pre", "table", "tr", "section", "article", "header", "footer", "dl", "dt", "dd",
    }
)  # fmt: skip
PARAGRAPH = "\x00"


class _TextExtractor(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "br":
            self.parts.append("\n")
        elif tag in BLOCK_TAGS:
            self.parts.append(PARAGRAPH)
            if tag == "li":
                self.parts.append("- ")

    def handle_endtag(self, tag):
        if tag in BLOCK_TAGS:
            self.parts.append(PARAGRAPH)

    def handle_data(self, data):
        self.parts.append(re.sub(r"\s+", " ", data))


def html_to_text(html: str) -> str:
    """Rich text as the import's plain text: paragraphs separated by a blank line."""
    parser = _TextExtractor()
    parser.feed(html or "")
    parser.close()
    text = "".join(parser.parts)
    paragraphs = []
    for chunk in text.split(PARAGRAPH):
        lines = [line.strip() for line in chunk.split("\n")]
        paragraph = "\n".join(lines).strip("\n")
        if paragraph.strip():
            paragraphs.append(paragraph)
    return "\n\n".join(paragraphs)


def _plain(kind: str, value: Any) -> Any:
    """A field value as JSON data."""
    if kind == columns.RICHTEXT:
        return html_to_text(value.raw) if value is not None and value.raw else None
    if kind == columns.LIST:
        return list(value or ())
    if kind == columns.HOURS:
        return [dict(entry) for entry in value or ()]
    if kind == columns.BOOL:
        return bool(value)
    return value if value != "" else None


def centre_record(centre, workflow=None) -> dict[str, Any]:
    """The export record of a centre (JSON values), with its offers."""
    record = {
        name: _plain(columns.CENTRE_KINDS[name], getattr(centre, name, None))
        for name in (columns.KEY, *columns.CENTRE_FIELDS)
    }
    # A centre made in the site has no external_id: its UID keys it on re-import.
    record[columns.KEY] = record[columns.KEY] or centre.UID()
    state = containing_state(centre)
    record["state"] = state.code if state is not None else None
    workflow = workflow or getToolByName(centre, "portal_workflow")
    record["review_state"] = workflow.getInfoFor(centre, "review_state", None)
    reviewed = getattr(centre, "last_reviewed", None)
    record["last_reviewed"] = reviewed.isoformat() if reviewed else None
    offers = [
        {
            name: _plain(columns.OFFER_KINDS[name], getattr(offer, name, None))
            for name in columns.OFFER_FIELDS
        }
        for offer in centre.objectValues()
        if ICounsellingOffer.providedBy(offer)
    ]
    if offers:
        record[columns.OFFERS] = offers
    return record


def csv_cell(kind: str, value: Any) -> str:
    """A JSON value of a record as the text of a CSV cell."""
    if value is None:
        return ""
    if kind == columns.BOOL:
        return "ja" if value else "nein"
    if kind == columns.LIST:
        return columns.LIST_SEPARATOR.join(value)
    if kind == columns.HOURS:
        return f"{columns.HOURS_SEPARATOR} ".join(
            openinghours.format_lines(value).splitlines()
        )
    if kind == columns.FLOAT:
        return repr(float(value))
    return neutralise_formula(str(value))


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise_formula(text: str) -> str:
    """Spreadsheets run cells starting with = + - @ as formulas: prefix them with '.

    Phone numbers (+49 ...) are left alone; the reader strips the prefix again.
    """
    if text.startswith(FORMULA_STARTS) and not columns.PHONE_LIKE.match(text):
        return "'" + text
    return text


def csv_text(records: Iterable[dict]) -> str:
    """The records as CSV text (with a byte order mark)."""
    stream = io.StringIO()
    writer = csv.writer(stream, delimiter=CSV_DELIMITER, lineterminator="\r\n")
    writer.writerow(columns.COLUMNS)
    for record in records:
        writer.writerow(
            [
                csv_cell(columns.CENTRE_KINDS.get(name, columns.TEXT), record.get(name))
                for name in columns.COLUMNS
            ]
        )
    return BOM + stream.getvalue()


def json_text(records: Iterable[dict]) -> str:
    return json.dumps(list(records), ensure_ascii=False, indent=2)


def find_centres(context, restricted: bool = True) -> Iterator[Any]:
    """The centres in ``context`` (a State or the centre folder), by State and title.

    ``restricted``: only what the current user may view (drafts included where the user's
    role allows it).
    """
    catalog = getToolByName(context, "portal_catalog")
    query = {
        "portal_type": "CounsellingCentre",
        "path": "/".join(context.getPhysicalPath()),
        "sort_on": "path",
    }
    if restricted:
        for brain in catalog.searchResults(**query):
            yield brain.getObject()
    else:
        for brain in catalog.unrestrictedSearchResults(**query):
            yield brain._unrestrictedGetObject()


def export_records(context, restricted: bool = True) -> Iterator[dict]:
    workflow = getToolByName(context, "portal_workflow")
    for centre in find_centres(context, restricted):
        yield centre_record(centre, workflow)


def render(records: Iterable[dict], format: str) -> str:
    return csv_text(records) if format == "csv" else json_text(records)


def file_name(context, format: str, today: date | None = None) -> str:
    """``beratungsstellen-<state id or alle>-<date>.<format>``."""
    scope = context.getId() if IState.providedBy(context) else "alle"
    return f"beratungsstellen-{scope}-{(today or date.today()).isoformat()}.{format}"


def exported_message(count: int, file: str) -> Message:
    """The export script's success line."""
    return _(
        "info_exported",
        default="Exported ${count} centres to ${file}.",
        mapping={"count": count, "file": file},
    )


def unknown_state_message(folder, name: str) -> Message:
    """An unknown ``STATE=``: name every State by id and ISO code."""
    known = ", ".join(
        f"{state.getId()} ({state.code})"
        for state in folder.objectValues()
        if IState.providedBy(state)
    )
    return _(
        "error_export_unknown_state",
        default="There is no State ${state}. Give its id or ISO code: ${states}.",
        mapping={"state": name, "states": known},
    )
