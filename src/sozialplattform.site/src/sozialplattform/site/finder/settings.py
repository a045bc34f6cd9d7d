"""Finder settings: the map's tile server (loaded only after the visitor's consent)."""

from plone import api
from plone.app.registry.browser.controlpanel import ControlPanelFormWrapper
from plone.app.registry.browser.controlpanel import RegistryEditForm
from plone.z3cform import layout
from sozialplattform.site import _
from sozialplattform.site.content.fields import plain_text
from urllib.parse import urlsplit
from zope import schema
from zope.interface import Interface
from zope.interface import Invalid


DEFAULT_TILE_URL = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
DEFAULT_ATTRIBUTION = "© OpenStreetMap-Mitwirkende"
PREFIX = "sozialplattform.finder"


def tile_url_template(value: str) -> bool:
    parts = urlsplit(value or "")
    if parts.scheme != "https" or not parts.netloc:
        raise Invalid(
            _("error_tile_https", default="The tile URL must start with https://.")
        )
    if not all(key in value for key in ("{z}", "{x}", "{y}")):
        raise Invalid(
            _("error_tile_placeholders", default="The tile URL needs {z}, {x} and {y}.")
        )
    return True


class IFinderSettings(Interface):
    tile_url = schema.TextLine(
        title=_("label_tile_url", default="Map tile URL"),
        description=_(
            "help_tile_url",
            default="Template with {z}, {x}, {y}. Tiles load only after a visitor "
            'clicks "Show map".',
        ),
        default=DEFAULT_TILE_URL,
        constraint=tile_url_template,
    )
    tile_attribution = schema.TextLine(
        title=_("label_tile_attribution", default="Map attribution"),
        default=DEFAULT_ATTRIBUTION,
        max_length=300,
        constraint=plain_text,
    )


def map_settings() -> dict:
    url = api.portal.get_registry_record(f"{PREFIX}.tile_url", default=DEFAULT_TILE_URL)
    attribution = api.portal.get_registry_record(
        f"{PREFIX}.tile_attribution", default=DEFAULT_ATTRIBUTION
    )
    return {
        "tile_url": url,
        "tile_attribution": attribution,
        "tile_host": urlsplit(url).netloc,
    }


class FinderSettingsForm(RegistryEditForm):
    schema = IFinderSettings
    schema_prefix = PREFIX
    label = _("finder_settings_title", default="Finder settings")


FinderSettingsView = layout.wrap_form(FinderSettingsForm, ControlPanelFormWrapper)
