"""Reminders: the booker of a confirmed appointment gets one mail ``reminder_hours``
before it starts (control panel "Terminbuchung", default 24).

``send_reminders(portal, now)`` is run by ``make reminders`` (``booking/commands.py``,
hourly from cron). It mails every booker with an e-mail address whose confirmed booking
starts within the next ``reminder_hours`` and marks the booking with the start it was
reminded of (``reminded_for``), in the same transaction as the mail (which leaves on
commit): a second run mails nobody again, a booking moved afterwards is reminded of its
new time. Bookings made inside that window are left out (their confirmation has just
arrived), as are requested, cancelled and past ones.

The manage token is stored hashed only, so the first mail's link cannot be repeated.
The reminder carries a fresh token for the same booking (``booker.issue_reminder_token``):
its hash is stored beside the first one, both links open the booking, and the retention
removes both.
"""

from DateTime import DateTime
from datetime import datetime
from datetime import timedelta
from datetime import UTC
from plone import api
from sozialplattform.site import _
from sozialplattform.site.booking import booker
from sozialplattform.site.booking import BOOKING_TYPE
from sozialplattform.site.booking import mails
from sozialplattform.site.booking import manage
from sozialplattform.site.booking import settings
from sozialplattform.site.retention import aware


def due(portal, now: datetime | None = None) -> list:
    """The confirmed bookings to remind now."""
    now = aware(now) or datetime.now(UTC)
    hours = settings.reminder_hours()
    until = now + timedelta(hours=hours)
    catalog = api.portal.get_tool("portal_catalog")
    result = []
    for brain in catalog.unrestrictedSearchResults(
        portal_type=BOOKING_TYPE,
        review_state="confirmed",
        start={"query": (DateTime(now), DateTime(until)), "range": "min:max"},
        sort_on="start",
    ):
        booking = brain._unrestrictedGetObject()
        start = aware(booking.start)
        if not getattr(booking, "email", None) or not now < start <= until:
            continue
        if getattr(booking, "reminded_for", None) == start:
            continue
        booked = aware(getattr(booking, "consent_date", None))
        if booked is not None and booked > start - timedelta(hours=hours):
            continue
        result.append(booking)
    return result


def remind(booking, now: datetime) -> None:
    """Mail the reminder (with a fresh manage link) and mark the booking."""
    token = booker.issue_reminder_token(booking)
    language = booking.language or "de"
    centre = manage.centre_of(booking)
    mails._to_booker(
        booking,
        mails._t(
            _("booking_mail_subject_reminder", default="Reminder of your appointment"),
            language,
        ),
        [
            mails._t(_("booking_mail_greeting", default="Hello,"), language),
            mails._t(
                _(
                    "booking_mail_reminder",
                    default="this is a reminder of your appointment. If you cannot "
                    "come, please cancel it so that someone else can have the time.",
                ),
                language,
            ),
            mails.details(booking, language),
            mails._manage_paragraph(token, language),
            *mails.video_paragraphs(booking, token, language),
            mails._privacy_paragraph(centre, language),
        ],
        attach=False,
    )
    booking.reminded_for = aware(booking.start)
    booking.reminded_at = now


def send_reminders(portal, now: datetime | None = None) -> list[str]:
    """Remind every booking that is due; return their paths."""
    now = aware(now) or datetime.now(UTC)
    reminded = []
    for booking in due(portal, now):
        remind(booking, now)
        reminded.append("/".join(booking.getPhysicalPath()))
    return reminded
