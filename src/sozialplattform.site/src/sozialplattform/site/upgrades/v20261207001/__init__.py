"""20261203003 -> 20261207001: video counselling through Jitsi Meet (issue 13)."""

from plone.registry.interfaces import IRegistry
from sozialplattform.site.jitsi import settings as jitsi_settings
from zope.component import getUtility


def jitsi_records(context) -> None:
    """``sozialplattform.jitsi.*`` with their defaults; existing records are kept."""
    getUtility(IRegistry).registerInterface(
        jitsi_settings.IJitsiSettings, prefix=jitsi_settings.RECORD_PREFIX
    )
