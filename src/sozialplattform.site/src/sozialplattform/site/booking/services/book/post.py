"""POST <centre>/@book: a visitor books a free slot (anonymous, throttled).

201 with the booking, its status and the manage link; 400 naming the fields; 403 when the
centre takes no bookings (before any validation); 409 when the last place of the slot
went meanwhile; 429 past the rate limit (``anonymous.throttle.BOOKING``). With an
``Idempotency-Key`` header a repeat of a successful POST returns its first answer
(``booking.idempotency``).
"""

from datetime import datetime
from plone.protect.interfaces import IDisableCSRFProtection
from plone.restapi.deserializer import json_body
from sozialplattform.site.anonymous import throttle
from sozialplattform.site.anonymous.service import ThrottledService
from sozialplattform.site.booking import booker
from sozialplattform.site.booking import idempotency
from sozialplattform.site.booking import mails
from sozialplattform.site.booking.manage import booking_json
from sozialplattform.site.booking.services.guard import conflict
from sozialplattform.site.booking.services.guard import links
from sozialplattform.site.booking.services.guard import require_booking
from zope.interface import alsoProvides
import pytz


__all__ = ["BookPost", "booking_json"]


class BookPost(ThrottledService):
    throttle_name = throttle.BOOKING

    def reply(self) -> dict:
        # anonymous JSON from any client: no Plone form, no CSRF token to check
        alsoProvides(self.request, IDisableCSRFProtection)
        self.request.response.setHeader("Referrer-Policy", "no-referrer")
        require_booking(self.context, self.request)
        key = idempotency.request_key(self.request)
        store = idempotency.Store(self.context, self.request, key) if key else None
        if store is not None:
            answer = store.answer()
            if answer is not None:
                status, body = answer
                self.request.response.setStatus(status)
                return body
        now = datetime.now(pytz.utc)
        request = booker.parse(self.context, json_body(self.request), self.request)
        try:
            slot = booker.free_slot(self.context, request, now, self.request)
        except booker.SlotTaken:
            return conflict(self.request)
        booking, token = booker.book(self.context, request, slot, now)
        mails.booked(booking, token)
        self.request.response.setStatus(201)
        body = {**booking_json(booking), **links(token)}
        if store is not None:
            store.remember(201, body, token.split(".", 1)[1])
        return body
