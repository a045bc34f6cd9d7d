"""20261203002 -> 20261203003: the platform's own face (issue 11 §1, §3)."""

from plone import api
from plone.registry.interfaces import IRegistry
from sozialplattform.site.booking import settings as booking_settings
from sozialplattform.site.booking import summary
from sozialplattform.site.branding.interfaces import IBrandingSettings
from sozialplattform.site.branding.settings import RECORD_PREFIX
from sozialplattform.site.content.structure import set_layouts
from zope.component import getUtility


def platform_views(context) -> None:
    """The centre folder and the States show the platform's pages (after typeinfo)."""
    set_layouts(api.portal.get())


def branding_records(context) -> None:
    """``sozialplattform.branding.*`` with their defaults; existing records are kept."""
    getUtility(IRegistry).registerInterface(IBrandingSettings, prefix=RECORD_PREFIX)


def booking_records(context) -> None:
    """``sozialplattform.booking.*`` (retention, reminders) with their defaults;
    existing records are kept."""
    getUtility(IRegistry).registerInterface(
        booking_settings.IBookingSettings, prefix=booking_settings.RECORD_PREFIX
    )


def booking_summaries(context) -> None:
    """The finder's booking summary: index ``takes_bookings`` and column
    ``booking_summary`` (added here, not by re-importing catalog.xml, which would
    empty the other indexes), filled for every centre."""
    catalog = api.portal.get_tool("portal_catalog")
    if summary.INDEX not in catalog.indexes():
        catalog.addIndex(summary.INDEX, "BooleanIndex")
    if summary.COLUMN not in catalog.schema():
        catalog.addColumn(summary.COLUMN)
    for brain in catalog.unrestrictedSearchResults(portal_type="CounsellingCentre"):
        summary.refresh(brain._unrestrictedGetObject())
