"""Reading the branding settings, safe for rendering on every page."""

from dataclasses import dataclass
from plone.registry.interfaces import IRegistry
from sozialplattform.site.branding import contrast
from sozialplattform.site.branding.interfaces import DEFAULT_ACCENT
from sozialplattform.site.branding.interfaces import DEFAULT_PRIMARY
from sozialplattform.site.branding.interfaces import DEFAULT_SITE_NAME
from sozialplattform.site.branding.interfaces import IBrandingSettings
from zope.component import getUtility


RECORD_PREFIX = "sozialplattform.branding"


def branding_settings():
    """The records as an ``IBrandingSettings`` proxy (missing ones read as defaults)."""
    registry = getUtility(IRegistry)
    return registry.forInterface(IBrandingSettings, prefix=RECORD_PREFIX, check=False)


def _colour(value, default: str) -> str:
    """A stored colour that passes, else the brand's (a record set around the form)."""
    try:
        colour = contrast.normalize(value)
    except ValueError:
        return default
    if contrast.contrast_ratio(colour, contrast.WHITE) < contrast.AA_TEXT:
        return default
    return colour


@dataclass(frozen=True)
class Brand:
    site_name: str
    primary: str
    accent: str


def brand() -> Brand:
    settings = branding_settings()
    return Brand(
        site_name=(settings.site_name or "").strip() or DEFAULT_SITE_NAME,
        primary=_colour(settings.primary_colour, DEFAULT_PRIMARY),
        accent=_colour(settings.accent_colour, DEFAULT_ACCENT),
    )
