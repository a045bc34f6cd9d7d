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
import re


PHONE_PATTERN = re.compile(r"^\+?[0-9][0-9 ()/\-]{3,29}$")
TIME_PATTERN = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


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


def plain_text(value: str) -> bool:
    """No markup in plain-text fields."""
    if value and ("<" in value or ">" in value):
        raise HTMLNotAllowed(value)
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
