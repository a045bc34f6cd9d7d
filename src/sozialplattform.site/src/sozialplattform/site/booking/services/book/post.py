"""POST <centre>/@book: a visitor books a free slot (anonymous, throttled).

201 with the booking, its status and the manage link; 400 naming the fields; 403 when the
centre takes no bookings (before any validation); 409 when the last place of the slot
went meanwhile; 429 past the rate limit (``anonymous.throttle.BOOKING``).
"""

from datetime import datetime
from plone.protect.interfaces import IDisableCSRFProtection
from plone.restapi.deserializer import json_body
from sozialplattform.site import _
from sozialplattform.site.anonymous import throttle
from sozialplattform.site.anonymous.service import ThrottledService
from sozialplattform.site.booking import booker
from sozialplattform.site.booking.calendar import review_state
from sozialplattform.site.booking.services.guard import require_booking
from sozialplattform.site.site_url import public_url
from zope.i18n import translate
from zope.interface import alsoProvides
import pytz


def booking_json(booking) -> dict:
    """The fields a booker sees of their booking (never the staff note)."""
    return {
        "booking": booking.UID(),
        "status": review_state(booking),
        "start": booking.start.isoformat(),
        "end": booking.end.isoformat(),
    }


class BookPost(ThrottledService):
    throttle_name = throttle.BOOKING

    def reply(self) -> dict:
        # anonymous JSON from any client: no Plone form, no CSRF token to check
        alsoProvides(self.request, IDisableCSRFProtection)
        require_booking(self.context, self.request)
        now = datetime.now(pytz.utc)
        request = booker.parse(self.context, json_body(self.request), self.request)
        try:
            slot = booker.free_slot(self.context, request, now, self.request)
        except booker.SlotTaken:
            self.request.response.setStatus(409)
            message = _(
                "booking_error_taken",
                default="This appointment was booked meanwhile. Please choose another.",
            )
            return {
                "error": {
                    "type": "Conflict",
                    "message": translate(message, context=self.request),
                }
            }
        booking, token = booker.book(self.context, request, slot, now)
        self.request.response.setStatus(201)
        manage_url = f"{public_url()}/@@termin?token={token}"
        return {
            **booking_json(booking),
            "manage_url": manage_url,
            "ics_url": f"{public_url()}/@@termin.ics?token={token}",
        }
