"""The interest form's own messages and choices (``<site>/anbindung-beantragen``).

Every check of a submission runs in the form's first round, so a person sees all
problems at once: z3c.form's required check names the interest form's own message for
the function choice and the consent (``RequiredMessage``), and the checks that compare
fields (the State against the postcode, the e-mail address as future login) are field
validators of the form's model that read the other field from the request. The action
(``intake.validate_submission``) still checks everything again before it stores.
The State's empty choice reads "from the postcode" instead of Plone's "Kein Wert".
"""

from collective.easyform.interfaces import IEasyForm
from sozialplattform.site import _
from sozialplattform.site.onboarding import FORM_ID
from sozialplattform.site.onboarding import intake
from z3c.form.error import ErrorViewSnippet
from z3c.form.interfaces import ISelectWidget


#: form field -> the message when it is left empty
REQUIRED_MESSAGES = {
    "functions": intake.FUNCTIONS_MESSAGE,
    intake.CONSENT_FIELD: intake.CONSENT_MESSAGE,
}
STATE_PROMPT = _("prompt_state_from_postcode", default="From the postcode")


def on_interest_form(form) -> bool:
    context = getattr(form, "context", None)
    return IEasyForm.providedBy(context) and context.getId() == FORM_ID


class RequiredMessage(ErrorViewSnippet):
    """``RequiredMissing`` on the interest form: the field's own message."""

    def createMessage(self):
        if on_interest_form(self.form):
            message = REQUIRED_MESSAGES.get(getattr(self.field, "__name__", None))
            if message is not None:
                return message
        return super().createMessage()


def state_prompt(event) -> None:
    """``IAfterWidgetUpdateEvent``: the State's empty choice says what it means."""
    widget = event.widget
    if (
        ISelectWidget.providedBy(widget)
        and widget.field is not None
        and widget.field.__name__ == intake.STATE_FIELD
        and on_interest_form(getattr(widget, "form", None))
    ):
        widget.noValueMessage = STATE_PROMPT


def _other(request, name: str) -> str:
    value = request.form.get(f"form.widgets.{name}", "") if request else ""
    return value.strip() if isinstance(value, str) else ""


def validate_state(value, REQUEST=None, **kwargs):
    """The chosen State must be one the entered postcode lies in."""
    chosen = value[0] if isinstance(value, list | tuple) and value else value
    return intake.state_error(_other(REQUEST, "postcode"), chosen or None)


def validate_login_email(value, **kwargs):
    """The address becomes the login name: it must be free to be one."""
    if not value:
        return None
    return intake.login_name_error(value)
