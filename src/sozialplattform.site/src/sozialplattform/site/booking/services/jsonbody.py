"""The body checks the booker's POST services share with ``@book``."""

from sozialplattform.site import _
from sozialplattform.site.content.deserializer import field_error
from zExceptions import BadRequest


def check_keys(data, keys: set, request) -> dict:
    """``data`` when it is a JSON object with only ``keys``; else ``BadRequest`` naming
    every unknown key (the shape of ``@book``'s 400s)."""
    if not isinstance(data, dict):
        raise BadRequest(
            [
                field_error(
                    "", _("booking_error_body", default="Send a JSON object."), request
                )
            ]
        )
    errors = [
        field_error(
            key, _("booking_error_unknown_key", default="Unknown field."), request
        )
        for key in sorted(set(data) - keys)
    ]
    if errors:
        raise BadRequest(errors)
    return data
