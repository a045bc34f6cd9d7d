"""Control panel "Video-Beratung": the Jitsi server and the token window."""

from plone.app.registry.browser.controlpanel import ControlPanelFormWrapper
from plone.app.registry.browser.controlpanel import RegistryEditForm
from plone.z3cform import layout
from sozialplattform.site import _
from sozialplattform.site.jitsi.settings import CONFIGLET_ID
from sozialplattform.site.jitsi.settings import get_settings
from sozialplattform.site.jitsi.settings import IJitsiSettings
from sozialplattform.site.jitsi.settings import RECORD_PREFIX
from sozialplattform.site.overrides.controlpanels import ISettingsControlpanel
from sozialplattform.site.overrides.controlpanels import SettingsControlpanel
from zope.interface import implementer


TITLE = _("jitsi_controlpanel_title", default="Video counselling")
UNPROTECTED = _(
    "jitsi_unprotected_warning",
    default="No app secret is set: the video rooms are unprotected. Whoever knows or "
    "guesses a room name can enter it on the Jitsi server. Set "
    "SOZIALPLATTFORM_JITSI_APP_SECRET for the instance and token authentication on "
    "the Jitsi server (operators' guide 'Jitsi Meet').",
)
PROTECTED = _(
    "jitsi_protected_notice",
    default="An app secret is set by the operator: rooms admit only tokens signed by "
    "the platform.",
)


class JitsiControlPanelForm(RegistryEditForm):
    schema = IJitsiSettings
    schema_prefix = RECORD_PREFIX
    id = "sozialplattform-jitsi-controlpanel"
    label = TITLE
    description = _(
        "jitsi_controlpanel_description",
        default="Settings of the video counselling (Jitsi Meet) for all counselling "
        "centres. Values the operator set in the environment take precedence.",
    )

    def updateWidgets(self):
        super().updateWidgets()
        # The state of the secret, never the secret: shown above the fields.
        self.protected = get_settings().protected
        self.status_message = PROTECTED if self.protected else UNPROTECTED

    def render(self):
        from plone.base.utils import safe_text
        from zope.i18n import translate

        html = super().render()
        css = "alert-info" if self.protected else "alert-warning"
        text = translate(self.status_message, context=self.request)
        notice = (
            f'<div class="portalMessage {css} jitsi-secret-status" role="status">'
            f"{safe_text(text)}</div>"
        )
        return html.replace("<form", notice + "<form", 1)


JitsiControlPanelView = layout.wrap_form(JitsiControlPanelForm, ControlPanelFormWrapper)


class IJitsiControlpanel(ISettingsControlpanel):
    """The ``@controlpanels/sozialplattform-jitsi`` panel (PATCH: Manage settings)."""


@implementer(IJitsiControlpanel)
class JitsiControlpanel(SettingsControlpanel):
    form = JitsiControlPanelForm
    configlet_id = CONFIGLET_ID
