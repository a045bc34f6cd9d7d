"""Registry records ``sozialplattform.booking.*`` (control panel "Terminbuchung").

The per-client rate limit of ``@book`` is not among them: it is a per-process limit read
from the environment (``anonymous.throttle``, ``SOZIALPLATTFORM_RATE_LIMIT_BOOKING``),
as the other anonymous limits are, so that it can be changed without the database.
"""

from plone import api
from sozialplattform.site import _
from zope import schema
from zope.interface import Interface


RECORD_PREFIX = "sozialplattform.booking"
CONFIGLET_ID = "sozialplattform-booking"
DEFAULT_RETENTION_DAYS = 30
DEFAULT_REMINDER_HOURS = 24


class IBookingSettings(Interface):
    """The booking's settings for the whole platform."""

    retention_days = schema.Int(
        title=_("label_booking_retention_days", default="Retention period (days)"),
        description=_(
            "help_booking_retention_days",
            default="The personal data of a booking (name, contact, message, internal "
            "note, consent, the booker's link) is removed this many days after the "
            "appointment. The anonymised booking (type, time, status) stays for the "
            "statistics.",
        ),
        default=DEFAULT_RETENTION_DAYS,
        min=1,
        max=3650,
        required=True,
    )
    reminder_hours = schema.Int(
        title=_("label_booking_reminder_hours", default="Reminder (hours before)"),
        description=_(
            "help_booking_reminder_hours",
            default="Bookers of a confirmed appointment get a reminder by e-mail this "
            "many hours before it starts (sent by the regular maintenance run).",
        ),
        default=DEFAULT_REMINDER_HOURS,
        min=1,
        max=24 * 14,
        required=True,
    )


def _record(name: str, default):
    value = api.portal.get_registry_record(f"{RECORD_PREFIX}.{name}", default=None)
    return int(value) if value else default


def retention_days() -> int:
    return _record("retention_days", DEFAULT_RETENTION_DAYS)


def reminder_hours() -> int:
    return _record("reminder_hours", DEFAULT_REMINDER_HOURS)
