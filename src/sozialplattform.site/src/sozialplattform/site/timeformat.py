"""Dates and times as German readers expect them: in the site's time zone.

The one path for dates shown on pages and written into mails and notes: ``site_date``
("03.12.2026"), ``site_time`` ("03.12.2026 18:05") and ``weekday_time`` ("Di 12.01.,
09:00", for appointments). Not
``plone.api.portal.get_localized_time``: it formats in the request's language (mails and
notes are written in the site's) and does not convert into the site's time zone.
"""

from DateTime import DateTime
from datetime import date
from datetime import datetime
from datetime import UTC
from plone import api
from sozialplattform.site import _
from zoneinfo import ZoneInfo
from zope.i18n import translate


DEFAULT_ZONE = "Europe/Berlin"
DATE_FORMAT = "%d.%m.%Y"
TIME_FORMAT = f"{DATE_FORMAT} %H:%M"
WEEKDAYS = (
    _("weekday_short_mon", default="Mon"),
    _("weekday_short_tue", default="Tue"),
    _("weekday_short_wed", default="Wed"),
    _("weekday_short_thu", default="Thu"),
    _("weekday_short_fri", default="Fri"),
    _("weekday_short_sat", default="Sat"),
    _("weekday_short_sun", default="Sun"),
)


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


def weekday_time(value, request) -> str:
    """A DateTime or datetime as "Di 12.01., 09:00" in the site's time zone (the
    weekday in the request's language)."""
    value = in_site_zone(value)
    weekday = translate(WEEKDAYS[value.weekday()], context=request)
    return f"{weekday} {value:%d.%m.}, {value:%H:%M}"
