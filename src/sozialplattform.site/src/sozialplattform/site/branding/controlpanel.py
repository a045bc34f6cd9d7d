"""Control panel "Erscheinungsbild": classic form and REST panel (sozialplattform-branding)."""

from plone.app.registry.browser.controlpanel import ControlPanelFormWrapper
from plone.app.registry.browser.controlpanel import RegistryEditForm
from plone.z3cform import layout
from sozialplattform.site import _
from sozialplattform.site.branding import CONFIGLET_ID
from sozialplattform.site.branding.interfaces import IBrandingSettings
from sozialplattform.site.branding.settings import RECORD_PREFIX
from sozialplattform.site.overrides.controlpanels import ISettingsControlpanel
from sozialplattform.site.overrides.controlpanels import SettingsControlpanel
from zope.interface import implementer


TITLE = _("branding_controlpanel_title", default="Appearance")


class BrandingControlPanelForm(RegistryEditForm):
    schema = IBrandingSettings
    schema_prefix = RECORD_PREFIX
    id = "sozialplattform-branding-controlpanel"
    label = TITLE
    description = _(
        "branding_controlpanel_description",
        default="The name in the header and the colours of this platform. An own logo "
        'and favicon are uploaded in the control panel "Site"; without them the '
        "Sozialplattform logo is shown.",
    )


BrandingControlPanelView = layout.wrap_form(
    BrandingControlPanelForm, ControlPanelFormWrapper
)


class IBrandingControlpanel(ISettingsControlpanel):
    """The ``@controlpanels/sozialplattform-branding`` panel (PATCH: Manage settings)."""


@implementer(IBrandingControlpanel)
class BrandingControlpanel(SettingsControlpanel):
    form = BrandingControlPanelForm
    configlet_id = CONFIGLET_ID
