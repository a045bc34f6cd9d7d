"""Validation messages every entry path shares (forms, the bulk import, the API)."""

from sozialplattform.site import _
from zope.i18nmessageid import Message


def too_long_message(limit: int, length: int | None = None) -> Message:
    """ "At most ${max} characters" (and how many were entered, when known)."""
    if length is None:
        return _(
            "error_too_long_limit",
            default="At most ${max} characters are allowed.",
            mapping={"max": limit},
        )
    return _(
        "error_too_long",
        default="At most ${max} characters are allowed (here ${length}).",
        mapping={"max": limit, "length": length},
    )
