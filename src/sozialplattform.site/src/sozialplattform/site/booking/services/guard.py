"""What the booking services share: the gate, the token lookup, the error answers."""

from sozialplattform.site import _
from sozialplattform.site.booking import booker
from sozialplattform.site.functions import BOOKING
from sozialplattform.site.functions.gating import available
from sozialplattform.site.site_url import public_url
from zExceptions import Forbidden
from zope.i18n import translate


def require_booking(centre, request) -> None:
    """``Forbidden`` (403) unless the centre takes bookings now (``functions.gating``)."""
    if not available(centre)[BOOKING.name]:
        raise Forbidden(
            translate(
                _(
                    "booking_error_not_available",
                    default="This counselling centre does not take online bookings.",
                ),
                context=request,
            )
        )


def links(token: str) -> dict:
    """The booker's links (from the configured site URL, never the request)."""
    return {
        "manage_url": f"{public_url()}/@@termin?token={token}",
        "ics_url": f"{public_url()}/@@termin.ics?token={token}",
    }


def token_headers(request) -> None:
    """Answers to a request carrying a manage token: no referrer, no caching."""
    response = request.response
    response.setHeader("Referrer-Policy", "no-referrer")
    response.setHeader("Cache-Control", "private, no-store")


def conflict(request) -> dict:
    request.response.setStatus(409)
    message = _(
        "booking_error_taken",
        default="This appointment was booked meanwhile. Please choose another.",
    )
    return {
        "error": {"type": "Conflict", "message": translate(message, context=request)}
    }


def not_changeable(request) -> dict:
    request.response.setStatus(409)
    message = _(
        "booking_error_not_changeable",
        default="This appointment can no longer be changed.",
    )
    return {
        "error": {"type": "Conflict", "message": translate(message, context=request)}
    }


def not_found(request) -> dict:
    """404 that says nothing about the token (unknown, malformed or deleted alike)."""
    request.response.setStatus(404)
    message = _(
        "booking_error_token",
        default="This link is not valid (any more).",
    )
    return {"type": "NotFound", "message": translate(message, context=request)}


def booking_by_token(token):
    return booker.by_token(token)
