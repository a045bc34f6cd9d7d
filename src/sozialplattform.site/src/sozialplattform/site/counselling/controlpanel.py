"""Control panel "Online-Beratung": the retention periods of the conversations."""

from plone.app.registry.browser.controlpanel import ControlPanelFormWrapper
from plone.app.registry.browser.controlpanel import RegistryEditForm
from plone.z3cform import layout
from sozialplattform.site import _
from sozialplattform.site.counselling.settings import CONFIGLET_ID
from sozialplattform.site.counselling.settings import ICounsellingSettings
from sozialplattform.site.counselling.settings import RECORD_PREFIX
from sozialplattform.site.overrides.controlpanels import ISettingsControlpanel
from sozialplattform.site.overrides.controlpanels import SettingsControlpanel
from zope.interface import implementer


TITLE = _("counselling_controlpanel_title", default="Online counselling")


class CounsellingControlPanelForm(RegistryEditForm):
    schema = ICounsellingSettings
    schema_prefix = RECORD_PREFIX
    id = "sozialplattform-counselling-controlpanel"
    label = TITLE
    description = _(
        "counselling_controlpanel_description",
        default="Settings of the written online counselling for all counselling "
        "centres. The message limits per participant are set by the operator "
        "(SOZIALPLATTFORM_RATE_LIMIT_COUNSELLING_MESSAGE, "
        "SOZIALPLATTFORM_RATE_LIMIT_COUNSELLING_ATTACHMENT).",
    )


CounsellingControlPanelView = layout.wrap_form(
    CounsellingControlPanelForm, ControlPanelFormWrapper
)


class ICounsellingControlpanel(ISettingsControlpanel):
    """The ``@controlpanels/sozialplattform-counselling`` panel (PATCH: Manage
    settings)."""


@implementer(ICounsellingControlpanel)
class CounsellingControlpanel(SettingsControlpanel):
    form = CounsellingControlPanelForm
    configlet_id = CONFIGLET_ID
