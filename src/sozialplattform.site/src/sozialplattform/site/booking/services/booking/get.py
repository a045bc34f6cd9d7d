"""GET /Plone/@booking?token=: the booking its manage token opens (anonymous).

200 with the booking at the top level (``manage.booking_json``), also when it was
cancelled; 404 for an unknown, malformed or deleted token (the answer says nothing
more); ``Referrer-Policy: no-referrer`` and no caching.
"""

from sozialplattform.site.anonymous import throttle
from sozialplattform.site.anonymous.service import ThrottledService
from sozialplattform.site.booking import booker
from sozialplattform.site.booking.manage import booking_json
from sozialplattform.site.booking.services.guard import not_found
from sozialplattform.site.booking.services.guard import token_headers


class BookingGet(ThrottledService):
    throttle_name = throttle.BOOKING

    def reply(self) -> dict:
        token_headers(self.request)
        booking = booker.by_token(self.request.form.get("token"))
        if booking is None:
            return not_found(self.request)
        return booking_json(booking)
