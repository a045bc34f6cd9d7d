"""The booking's maintenance run: reminders, retention, then the finder's stale booking
summaries (``make reminders`` and ``POST @booking-maintenance``)."""

from datetime import datetime
from sozialplattform.site.booking.reminders import send_reminders
from sozialplattform.site.booking.retention import anonymise_expired
from sozialplattform.site.booking.summary import refresh_stale
import transaction


def run(portal, now: datetime | None = None, commit: bool = True) -> dict:
    """Send the due reminders and anonymise the expired bookings; with ``commit`` each
    step is a transaction of its own (a reminder's mail leaves with the commit that
    marks its booking), else the caller's (the REST service's request) holds both."""
    reminded = send_reminders(portal, now)
    if commit:
        transaction.get().note(f"Booking reminders in {portal.getId()}")
        transaction.commit()
    anonymised = anonymise_expired(portal, now)
    if commit:
        transaction.get().note(f"Booking retention in {portal.getId()}")
        transaction.commit()
    refreshed = refresh_stale(portal, now)
    if commit:
        transaction.get().note(f"Booking summaries in {portal.getId()}")
        transaction.commit()
    return {"reminded": reminded, "anonymised": anonymised, "refreshed": refreshed}
