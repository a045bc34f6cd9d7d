"""Control panel "Onboarding": fallback address, retention period, AVV document."""

from plone import api
from plone.app.registry.browser.controlpanel import ControlPanelFormWrapper
from plone.app.registry.browser.controlpanel import RegistryEditForm
from plone.z3cform import layout
from sozialplattform.site import _
from sozialplattform.site.onboarding.interfaces import IOnboardingSettings
from sozialplattform.site.onboarding.settings import RECORD_PREFIX
from sozialplattform.site.overrides.controlpanels import ISettingsControlpanel
from sozialplattform.site.overrides.controlpanels import SettingsControlpanel
from z3c.form import button
from zope.interface import implementer


CONFIGLET_ID = "sozialplattform-onboarding"
TITLE = _("onboarding_controlpanel_title", default="Onboarding")


class OnboardingControlPanelForm(RegistryEditForm):
    schema = IOnboardingSettings
    schema_prefix = RECORD_PREFIX
    id = "sozialplattform-onboarding-controlpanel"
    label = TITLE
    description = _(
        "onboarding_controlpanel_description",
        default="Settings of the onboarding of counselling centres (Anbindung).",
    )
    buttons = RegistryEditForm.buttons.copy()
    handlers = RegistryEditForm.handlers.copy()

    @button.buttonAndHandler(
        _("button_review_purge", default="Expired requests …"), name="purge"
    )
    def handle_purge(self, action):
        """Open the page that lists and deletes the requests past their retention."""
        portal_url = api.portal.get().absolute_url()
        self.request.response.redirect(f"{portal_url}/@@purge-onboarding-requests")


OnboardingControlPanelView = layout.wrap_form(
    OnboardingControlPanelForm, ControlPanelFormWrapper
)


class IOnboardingControlpanel(ISettingsControlpanel):
    """The ``@controlpanels/sozialplattform-onboarding`` panel (PATCH: Manage settings)."""


@implementer(IOnboardingControlpanel)
class OnboardingControlpanel(SettingsControlpanel):
    form = OnboardingControlPanelForm
    configlet_id = CONFIGLET_ID
