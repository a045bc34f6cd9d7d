"""POST /Plone/@booking-cancel {"token", "reason"}: the booker cancels (anonymous).

200 with the cancelled booking (a repeat answers the same, no second mail); 400 for a
bad body or reason; 404 for a bad token; 409 when the booking can no longer be
cancelled (declined, completed, past). The booker and the centre get their mails
(METHOD:CANCEL). Cancelling works also when the centre no longer takes bookings.
"""

from datetime import datetime
from plone.protect.interfaces import IDisableCSRFProtection
from plone.restapi.deserializer import json_body
from sozialplattform.site.anonymous import throttle
from sozialplattform.site.anonymous.service import ThrottledService
from sozialplattform.site.booking import booker
from sozialplattform.site.booking import mails
from sozialplattform.site.booking import manage
from sozialplattform.site.booking.services.guard import not_changeable
from sozialplattform.site.booking.services.guard import not_found
from sozialplattform.site.booking.services.guard import token_headers
from sozialplattform.site.booking.services.jsonbody import check_keys
from zope.interface import alsoProvides
import pytz


class BookingCancelPost(ThrottledService):
    throttle_name = throttle.BOOKING

    def reply(self) -> dict:
        # the manage token in the body is the secret: no cross-site request can send it
        alsoProvides(self.request, IDisableCSRFProtection)
        token_headers(self.request)
        data = check_keys(json_body(self.request), {"token", "reason"}, self.request)
        booking = booker.by_token(data.get("token"))
        if booking is None:
            return not_found(self.request)
        reason = manage.check_reason(data.get("reason"), self.request)
        try:
            changed = manage.cancel(booking, reason, datetime.now(pytz.utc))
        except manage.NotChangeable:
            return not_changeable(self.request)
        if changed:
            mails.cancelled(booking, data["token"])
        return manage.booking_json(booking)
