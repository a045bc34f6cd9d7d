"""Dates and times as German readers expect them: in the site's time zone.

The one path for dates shown on pages and written into mails and notes: ``site_date``
("03.12.2026") and ``site_time`` ("03.12.2026 18:05"). Not
``plone.api.portal.get_localized_time``: it formats in the request's language (mails and
notes are written in the site's) and does not convert into the site's time zone.
"""

from DateTime import DateTime
from datetime import date
from datetime import datetime
from datetime import UTC
from plone import api
from zoneinfo import ZoneInfo


DEFAULT_ZONE = "Europe/Berlin"
DATE_FORMAT = "%d.%m.%Y"
TIME_FORMAT = f"{DATE_FORMAT} %H:%M"


def site_zone() -> ZoneInfo:
    zone = api.portal.get_registry_record("plone.portal_timezone", default=None)
    return ZoneInfo(zone or DEFAULT_ZONE)


def in_site_zone(value) -> datetime:
    """A DateTime or datetime in the site's time zone; naive = UTC."""
    if isinstance(value, DateTime):
        value = value.asdatetime()
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(site_zone())


def site_date(value) -> str:
    """A date (as is), an ISO date string or a DateTime/datetime (in the site's time
    zone) as "dd.mm.yyyy"; "" for no value."""
    if not value:
        return ""
    if isinstance(value, str):
        value = date.fromisoformat(value)
    if isinstance(value, DateTime | datetime):
        value = in_site_zone(value)
    return value.strftime(DATE_FORMAT)


def site_time(value) -> str:
    """A DateTime or datetime as "dd.mm.yyyy HH:MM" in the site's time zone; naive = UTC."""
    return in_site_zone(value).strftime(TIME_FORMAT)
