"""Registry records ``sozialplattform.counselling.*`` (control panel "Online-Beratung").

The message limits (30 a minute per participant, attachments per day) are per-process
limits from the environment (``anonymous.throttle``), like the other anonymous limits.
"""

from plone import api
from sozialplattform.site import _
from zope import schema
from zope.interface import Interface


RECORD_PREFIX = "sozialplattform.counselling"
CONFIGLET_ID = "sozialplattform-counselling"
DEFAULT_CLOSED_DAYS = 30
DEFAULT_INACTIVE_DAYS = 180


class ICounsellingSettings(Interface):
    """The written counselling's settings for the whole platform."""

    closed_retention_days = schema.Int(
        title=_(
            "label_counselling_closed_days",
            default="Delete closed conversations after (days)",
        ),
        description=_(
            "help_counselling_closed_days",
            default="A closed conversation (messages, attachments, keys) is deleted "
            "this many days after it was closed.",
        ),
        default=DEFAULT_CLOSED_DAYS,
        min=1,
        max=3650,
        required=True,
    )
    inactive_retention_days = schema.Int(
        title=_(
            "label_counselling_inactive_days",
            default="Delete inactive open conversations after (days)",
        ),
        description=_(
            "help_counselling_inactive_days",
            default="An open conversation without any message for this many days is "
            "deleted.",
        ),
        default=DEFAULT_INACTIVE_DAYS,
        min=1,
        max=3650,
        required=True,
    )


def _record(name: str, default: int) -> int:
    value = api.portal.get_registry_record(f"{RECORD_PREFIX}.{name}", default=None)
    return int(value) if value else default


def closed_days() -> int:
    return _record("closed_retention_days", DEFAULT_CLOSED_DAYS)


def inactive_days() -> int:
    return _record("inactive_retention_days", DEFAULT_INACTIVE_DAYS)
