"""Retention of bookings: their personal data goes ``retention_days`` after the end.

Registered as the ``bookings`` ``RetentionPolicy`` (``configure.zcml``), run by
``make purge`` with the other policies and by ``make reminders`` (the booking's hourly
maintenance run, ``booking/commands.py``). The period is the control panel's
(``sozialplattform.booking.retention_days``, default 30 days), counted from the end of
the appointment, whatever the booking's state.

The booking is anonymised in place, not deleted: what it says about a person goes (name
or pseudonym, e-mail, phone, message, the staff note, the cancel reason, the consent
time, the language, both manage-token hashes, the comments and actors in its workflow
history), what the statistics count stays (appointment type, start and end, state). So
counts per type, channel, month and outcome (kept, cancelled, no-show) stay a catalog
query over the centre's bookings, with no second counter to keep in step and no
personal data. The manage links stop working (the token hashes are gone) and say "not
valid any more", as for a deleted booking.
"""

from DateTime import DateTime
from datetime import datetime
from datetime import UTC
from sozialplattform.site import _
from sozialplattform.site import retention
from sozialplattform.site.booking import BOOKING_TYPE
from sozialplattform.site.booking import settings
from sozialplattform.site.booking import WORKFLOW_ID
from sozialplattform.site.language import site_language
from zope.i18n import translate


#: the personal fields of a booking, set to None
PERSONAL_FIELDS = (
    "email",
    "phone",
    "message",
    "staff_note",
    "cancel_reason",
    "consent_date",
    "language",
    "token_hash",
    "reminder_token_hash",
    "description",
    # the video room's name admits to the room (without a token secret)
    "video_room",
)
ANONYMISED_TITLE = _("booking_anonymised_title", default="Anonymised booking")


def _end(booking):
    """When the period starts: the appointment's end; None once anonymised."""
    if getattr(booking, "anonymised", None):
        return None
    return retention.aware(getattr(booking, "end", None))


def anonymise(booking, now: datetime | None = None) -> None:
    """Remove the booking's personal data; type, times and state stay."""
    booking.title = translate(ANONYMISED_TITLE, target_language=site_language())
    for name in PERSONAL_FIELDS:
        if name in booking.__dict__ or getattr(booking, name, None) is not None:
            setattr(booking, name, None)
    history = getattr(booking, "workflow_history", None)
    if history and WORKFLOW_ID in history:
        history[WORKFLOW_ID] = tuple(
            {**entry, "comments": "", "actor": ""} for entry in history[WORKFLOW_ID]
        )
    booking.anonymised = now or datetime.now(UTC)
    booking.reindexObject()


def _ended_by(limit: datetime) -> dict:
    """Only bookings that ended by the limit (the catalogue's ``end`` index)."""
    return {"end": {"query": DateTime(limit), "range": "max"}}


POLICY = retention.RetentionPolicy(
    portal_type=BOOKING_TYPE,
    days=settings.retention_days,
    date=_end,
    query=_ended_by,
    label="bookings",
    action=anonymise,
    outcome="anonymised",
)


def anonymise_expired(portal, now: datetime | None = None) -> list[str]:
    """Anonymise the bookings past their retention; return their paths."""
    return retention.purge(portal, POLICY, now)
