"""What every booking service checks first: booking is available for the centre."""

from sozialplattform.site import _
from sozialplattform.site.functions import BOOKING
from sozialplattform.site.functions.gating import available
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
