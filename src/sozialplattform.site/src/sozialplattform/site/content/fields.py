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
#: Largest logo in bytes, and the raster formats a logo may have (by magic bytes).
MAX_LOGO_SIZE = 2 * 1024 * 1024
LOGO_SIGNATURES = (
    (b"\x89PNG\r\n\x1a\n", "png"),
    (b"\xff\xd8\xff", "jpeg"),
    (b"GIF87a", "gif"),
    (b"GIF89a", "gif"),
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


class InvalidLogo(ValidationError):
    __doc__ = _(
        "error_logo",
        default="The logo must be a PNG, JPEG, WebP or GIF image of at most 2 MB.",
    )


def plain_text(value: str) -> bool:
    """No markup in plain-text fields."""
    if value and ("<" in value or ">" in value):
        raise HTMLNotAllowed(value)
    return True


def single_line(value: str) -> bool:
    """No line breaks (what TextLine checks when it has no other constraint)."""
    if value and ("\n" in value or "\r" in value):
        raise LineBreakNotAllowed(value)
    return True


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


def logo(value) -> bool:
    """A PNG, JPEG, WebP or GIF image (checked by its bytes, so no SVG) of at most 2 MB."""
    if value is None:
        return True
    size = value.getSize() if hasattr(value, "getSize") else len(value.data)
    if size > MAX_LOGO_SIZE:
        raise InvalidLogo(value)
    if hasattr(value, "open"):
        with value.open() as stream:
            head = stream.read(12)
    else:
        head = bytes(value.data[:12])
    if image_format(head) is None:
        raise InvalidLogo(value)
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
