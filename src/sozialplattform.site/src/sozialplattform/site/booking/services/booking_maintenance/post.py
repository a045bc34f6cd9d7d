"""POST @booking-maintenance: the booking's maintenance run for cron.

``POST /<site>/++api++/@booking-maintenance`` mails the reminders that are due and
anonymises the bookings past their retention period, as ``make reminders`` does, for
cron with basic auth while the instance runs; it needs ``permissions.MANAGE_SETTINGS``
(site administrators). One transaction: the mails leave when it commits.
"""

from plone.protect.interfaces import IDisableCSRFProtection
from plone.restapi.services import Service
from sozialplattform.site.booking.maintenance import run
from zope.interface import alsoProvides
import transaction


class BookingMaintenance(Service):
    """Answer the number of reminders sent, of bookings anonymised and of the finder's
    booking summaries refreshed."""

    def reply(self) -> dict:
        # Basic auth or token from cron, no browser session: no CSRF token to check.
        alsoProvides(self.request, IDisableCSRFProtection)
        result = run(self.context, commit=False)
        transaction.get().note("Booking reminders and retention (REST)")
        return {
            "reminded": len(result["reminded"]),
            "anonymised": len(result["anonymised"]),
            "refreshed": result["refreshed"],
        }
