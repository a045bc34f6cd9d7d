"""Control panel "Betreiber": classic form and ``@controlpanels/sozialplattform-operator``."""

from plone.app.registry.browser.controlpanel import ControlPanelFormWrapper
from plone.app.registry.browser.controlpanel import RegistryEditForm
from plone.z3cform import layout
from sozialplattform.site import _
from sozialplattform.site.legal import CONFIGLET_ID
from sozialplattform.site.legal.interfaces import IOperatorSettings
from sozialplattform.site.legal.settings import RECORD_PREFIX
from sozialplattform.site.overrides.controlpanels import ISettingsControlpanel
from sozialplattform.site.overrides.controlpanels import SettingsControlpanel
from zope.interface import implementer


TITLE = _("operator_controlpanel_title", default="Operator")


class OperatorControlPanelForm(RegistryEditForm):
    schema = IOperatorSettings
    schema_prefix = RECORD_PREFIX
    id = "sozialplattform-operator-controlpanel"
    label = TITLE
    description = _(
        "operator_controlpanel_description",
        default="Who runs this platform: the Impressum, the privacy and the "
        "accessibility statement and the contact page are filled from these details.",
    )


OperatorControlPanelView = layout.wrap_form(
    OperatorControlPanelForm, ControlPanelFormWrapper
)


class IOperatorControlpanel(ISettingsControlpanel):
    """The ``@controlpanels/sozialplattform-operator`` panel (PATCH: Manage settings)."""


@implementer(IOperatorControlpanel)
class OperatorControlpanel(SettingsControlpanel):
    form = OperatorControlPanelForm
    configlet_id = CONFIGLET_ID
