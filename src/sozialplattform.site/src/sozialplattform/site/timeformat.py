"""Dates and times as German readers expect them: in the site's time zone."""

from DateTime import DateTime
from datetime import UTC
from plone import api
from zoneinfo import ZoneInfo


DEFAULT_ZONE = "Europe/Berlin"


def site_zone() -> ZoneInfo:
    zone = api.portal.get_registry_record("plone.portal_timezone", default=None)
    return ZoneInfo(zone or DEFAULT_ZONE)


def site_time(value) -> str:
    """A DateTime or datetime as "dd.mm.yyyy HH:MM" in the site's time zone; naive = UTC."""
    if isinstance(value, DateTime):
        value = value.asdatetime()
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return f"{value.astimezone(site_zone()):%d.%m.%Y %H:%M}"
