"""Control panel "Onboarding": fallback address, retention period, AVV document."""

from AccessControl import getSecurityManager
from AccessControl import Unauthorized
from plone import api
from plone.app.registry.browser.controlpanel import ControlPanelFormWrapper
from plone.app.registry.browser.controlpanel import RegistryEditForm
from plone.restapi.controlpanels import RegistryConfigletPanel
from plone.restapi.controlpanels.interfaces import IControlpanel
from plone.restapi.deserializer.controlpanels import ControlpanelDeserializeFromJson
from plone.restapi.interfaces import IDeserializeFromJson
from plone.z3cform import layout
from sozialplattform.site import _
from sozialplattform.site.interfaces import ISozialplattformLayer
from sozialplattform.site.onboarding.interfaces import IOnboardingSettings
from sozialplattform.site.onboarding.settings import RECORD_PREFIX
from z3c.form import button
from zope.component import adapter
from zope.interface import implementer
from zope.interface import Interface


CONFIGLET_ID = "sozialplattform-onboarding"
MANAGE_SETTINGS = "sozialplattform.site: Manage settings"
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


class IOnboardingControlpanel(IControlpanel):
    """The ``@controlpanels/sozialplattform-onboarding`` panel."""


@implementer(IOnboardingControlpanel)
@adapter(Interface, ISozialplattformLayer)
class OnboardingControlpanel(RegistryConfigletPanel):
    schema = IOnboardingSettings
    schema_prefix = RECORD_PREFIX
    configlet_id = CONFIGLET_ID
    configlet_category_id = "Products"
    title = TITLE
    group = ""


@implementer(IDeserializeFromJson)
@adapter(IOnboardingControlpanel)
class OnboardingControlpanelDeserializer(ControlpanelDeserializeFromJson):
    """``@controlpanels`` only asks for "Plone Site Setup: Overview"; we need more."""

    def __call__(self, mask_validation_errors=True):
        if not getSecurityManager().checkPermission(MANAGE_SETTINGS, self.context):
            raise Unauthorized("You may not change the onboarding settings.")
        super().__call__(mask_validation_errors=mask_validation_errors)
