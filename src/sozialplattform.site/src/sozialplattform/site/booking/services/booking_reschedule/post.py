"""POST /Plone/@booking-reschedule {"token", "start"}: the booker moves (anonymous).

200 with the moved booking; the same free-slot rules as ``@book`` (400 naming ``start``
for a time that is no slot of the booking's type, 409 when its last place went), re-
checked inside the transaction with the booking's own old slot counted free, and the
same write of the centre's calendar (``manage.reschedule``). 403 when the centre no
longer takes bookings, 404 for a bad token, 409 for a booking that can no longer be
changed. Both sides get their mails (an updated REQUEST for the booker).
"""

from datetime import datetime
from plone.protect.interfaces import IDisableCSRFProtection
from plone.restapi.deserializer import json_body
from sozialplattform.site.anonymous import throttle
from sozialplattform.site.anonymous.service import ThrottledService
from sozialplattform.site.booking import booker
from sozialplattform.site.booking import mails
from sozialplattform.site.booking import manage
from sozialplattform.site.booking.services.guard import conflict
from sozialplattform.site.booking.services.guard import not_changeable
from sozialplattform.site.booking.services.guard import not_found
from sozialplattform.site.booking.services.guard import require_booking
from sozialplattform.site.booking.services.guard import token_headers
from sozialplattform.site.booking.services.jsonbody import check_keys
from zope.interface import alsoProvides
import pytz


class BookingReschedulePost(ThrottledService):
    throttle_name = throttle.BOOKING

    def reply(self) -> dict:
        # the manage token in the body is the secret: no cross-site request can send it
        alsoProvides(self.request, IDisableCSRFProtection)
        token_headers(self.request)
        data = check_keys(json_body(self.request), {"token", "start"}, self.request)
        booking = booker.by_token(data.get("token"))
        if booking is None:
            return not_found(self.request)
        require_booking(manage.centre_of(booking), self.request)
        start = manage.parse_start(data.get("start"), self.request)
        try:
            old_start = manage.reschedule(
                booking, start, datetime.now(pytz.utc), self.request
            )
        except manage.NotChangeable:
            return not_changeable(self.request)
        except booker.SlotTaken:
            return conflict(self.request)
        if old_start is not None:
            mails.moved(booking, data["token"], old_start)
        return manage.booking_json(booking)
