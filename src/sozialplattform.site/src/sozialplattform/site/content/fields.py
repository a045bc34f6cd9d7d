"""Field constraints shared by the content schemas, the REST API and the bulk import.

Each constraint raises ``zope.interface.Invalid`` subclasses with a German message, so forms
show it at the field and the REST API answers 400 naming the field.
"""

from sozialplattform.site import _
from sozialplattform.site.geo import is_postcode_format
from sozialplattform.site.geo import lookup
from urllib.parse import urlsplit
from zope.interface import Invalid
from zope.schema import ValidationError
import math
import re


PHONE_PATTERN = re.compile(r"^\+?[0-9][0-9 ()/\-]{3,29}$")
TIME_PATTERN = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
#: Longest e-mail address (RFC 5321 path limit).
MAX_EMAIL_LENGTH = 254
#: Longest rich text (``text``) in characters of HTML.
MAX_RICH_TEXT_LENGTH = 100_000
#: MIME types a client may declare for rich text (portal_transforms turns them into
#: filtered HTML); any other, and any encoding but UTF-8, is refused.
RICH_TEXT_TYPES = frozenset(("text/html", "text/plain", "text/x-web-intelligent"))
#: Largest logo in bytes, and the raster formats a logo may have (by magic bytes).
MAX_LOGO_SIZE = 2 * 1024 * 1024
LOGO_SIGNATURES = (
    (b"\x89PNG\r\n\x1a\n", "png"),
    (b"\xff\xd8\xff", "jpeg"),
    (b"GIF87a", "gif"),
    (b"GIF89a", "gif"),
)
#: Characters that end a line somewhere (e-mail headers, str.splitlines, JavaScript) or
#: are control characters: one-line fields refuse them all.
LINE_BREAKS = frozenset("\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029")
#: Control characters refused in multi-line plain text too (tab and line feeds stay).
CONTROL_CHARACTERS = frozenset(
    chr(code)
    for code in (*range(0x20), *range(0x7F, 0xA0))
    if chr(code) not in "\t\n\r"
)


class HTMLNotAllowed(ValidationError):
    __doc__ = _("error_html_not_allowed", default="HTML is not allowed in this field.")


class InvalidPostcode(ValidationError):
    __doc__ = _(
        "error_postcode_format", default="Enter a German postcode with five digits."
    )


class UnknownPostcode(ValidationError):
    __doc__ = _("error_postcode_unknown", default="This postcode does not exist.")


class InvalidPhone(ValidationError):
    __doc__ = _(
        "error_phone",
        default="Enter a phone number with digits, spaces, +, /, - and brackets only.",
    )


class InvalidWebAddress(ValidationError):
    __doc__ = _(
        "error_web_address",
        default="Enter a web address starting with https:// or http://.",
    )


class InvalidOpeningHours(ValidationError):
    __doc__ = _(
        "error_opening_hours",
        default="Opening hours need a weekday and a start before the end (HH:MM).",
    )


class LineBreakNotAllowed(ValidationError):
    __doc__ = _(
        "error_line_break_not_allowed",
        default="Line breaks are not allowed in this field.",
    )


class ControlCharacterNotAllowed(ValidationError):
    __doc__ = _(
        "error_control_character_not_allowed",
        default="Control characters are not allowed in this field.",
    )


class InvalidFile(ValidationError):
    __doc__ = _(
        "error_invalid_file",
        default="Send the file as an object with data (base64), filename and "
        "content-type; null removes the file.",
    )


class NotAPDF(ValidationError):
    __doc__ = _("error_not_pdf", default="The file must be a PDF document.")


class InvalidValue(ValidationError):
    __doc__ = _(
        "error_invalid_value", default="This value has the wrong form for this field."
    )


class NotFinite(ValidationError):
    __doc__ = _(
        "error_not_finite",
        default="Enter a number such as 52.52 (not NaN or Infinity).",
    )


class NotABoolean(ValidationError):
    __doc__ = _("error_not_boolean", default="Enter true or false.")


class RichTextTooLong(ValidationError):
    __doc__ = _(
        "error_rich_text_too_long",
        default="The text is too long: at most 100,000 characters (with formatting).",
    )


class InvalidTextFormat(ValidationError):
    __doc__ = _(
        "error_text_format",
        default="Send the text as text/html, text/plain or text/x-web-intelligent "
        "in UTF-8.",
    )


class InvalidOrdering(ValidationError):
    __doc__ = _(
        "error_ordering",
        default="Send ordering as an object with obj_id (an item of this folder) and "
        "delta (a whole number, top or bottom).",
    )


class InvalidLogo(ValidationError):
    __doc__ = _(
        "error_logo",
        default="The logo must be a PNG, JPEG, WebP or GIF image of at most 2 MB.",
    )


def plain_text(value: str) -> bool:
    """No markup and no control characters (but tab and line breaks) in plain text."""
    if value and ("<" in value or ">" in value):
        raise HTMLNotAllowed(value)
    if value and not CONTROL_CHARACTERS.isdisjoint(value):
        raise ControlCharacterNotAllowed(value)
    return True


def single_line(value: str) -> bool:
    """No line breaks of any kind (Unicode separators, vertical tab, form feed, NEL) and
    no control characters: TextLine itself only refuses \\n and \\r."""
    if value and not LINE_BREAKS.isdisjoint(value):
        raise LineBreakNotAllowed(value)
    if value and not CONTROL_CHARACTERS.isdisjoint(value):
        raise ControlCharacterNotAllowed(value)
    return True


def as_one_line(value: str) -> str:
    """``value`` with every line break and control character replaced by a space, for
    places that must never break (mail headers) even when stored data slipped through."""
    return " ".join(
        "".join(
            " " if char in LINE_BREAKS or char in CONTROL_CHARACTERS else char
            for char in value or ""
        ).split()
    )


def plain_line(value: str) -> bool:
    """One line of plain text."""
    return single_line(value) and plain_text(value)


def finite(value: float | None) -> bool:
    """No NaN or infinity (their comparisons are always False, so min/max let them in)."""
    if value is not None and not math.isfinite(value):
        raise NotFinite(value)
    return True


def rich_text_length(value) -> bool:
    """At most ``MAX_RICH_TEXT_LENGTH`` characters of HTML in a RichTextValue (or str)."""
    raw = getattr(value, "raw", value)
    if isinstance(raw, str) and len(raw) > MAX_RICH_TEXT_LENGTH:
        raise RichTextTooLong(value)
    return True


def image_format(head: bytes) -> str | None:
    """The raster format of an image from its first bytes, or None."""
    for signature, name in LOGO_SIGNATURES:
        if head.startswith(signature):
            return name
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "webp"
    return None


def _head(value, length: int = 12) -> bytes:
    if hasattr(value, "open"):
        with value.open() as stream:
            return stream.read(length)
    return bytes(value.data[:length])


def logo(value) -> bool:
    """A PNG, JPEG, WebP or GIF image (checked by its bytes, so no SVG) of at most 2 MB.

    The content type is decided from the bytes as well: a declared one that differs (PNG
    sent as ``image/svg+xml``) is replaced, so the image is always served as what it is.
    REST, the edit forms and the bulk import all pass through this constraint.
    """
    if value is None:
        return True
    size = value.getSize() if hasattr(value, "getSize") else len(value.data)
    if size > MAX_LOGO_SIZE:
        raise InvalidLogo(value)
    name = image_format(_head(value))
    if name is None:
        raise InvalidLogo(value)
    if getattr(value, "contentType", None) != f"image/{name}":
        value.contentType = f"image/{name}"
    return True


def pdf(value) -> bool:
    """A file whose bytes start like a PDF document (or no file)."""
    if value is not None and _head(value, 5) != b"%PDF-":
        raise NotAPDF(value)
    return True


def postcode(value: str) -> bool:
    """Five digits that exist in the German postcode table."""
    if not is_postcode_format(value or ""):
        raise InvalidPostcode(value)
    if lookup(value) is None:
        raise UnknownPostcode(value)
    return True


def phone(value: str) -> bool:
    if value and (
        not PHONE_PATTERN.match(value) or sum(c.isdigit() for c in value) < 4
    ):
        raise InvalidPhone(value)
    return True


def web_address(value: str) -> bool:
    if not value:
        return True
    parts = urlsplit(value)
    if (
        parts.scheme not in ("http", "https")
        or not parts.netloc
        or any(char in value for char in ' <>"')
    ):
        raise InvalidWebAddress(value)
    return True


def opening_hours(value) -> bool:
    """A list of {"day": "mon".."sun", "start": "HH:MM", "end": "HH:MM"}, start < end."""
    if not value:
        return True
    if not isinstance(value, list) or len(value) > 50:
        raise InvalidOpeningHours(value)
    for entry in value:
        if not isinstance(entry, dict) or set(entry) != {"day", "start", "end"}:
            raise InvalidOpeningHours(value)
        if entry["day"] not in WEEKDAYS:
            raise InvalidOpeningHours(value)
        start, end = entry["start"], entry["end"]
        if not (
            isinstance(start, str)
            and isinstance(end, str)
            and TIME_PATTERN.match(start)
            and TIME_PATTERN.match(end)
            and start < end
        ):
            raise InvalidOpeningHours(value)
    return True


def check(constraint, value) -> str | None:
    """Return the message of a failed constraint, or None."""
    try:
        constraint(value)
    except (ValidationError, Invalid) as error:
        return error.doc() if isinstance(error, ValidationError) else str(error)
    return None
