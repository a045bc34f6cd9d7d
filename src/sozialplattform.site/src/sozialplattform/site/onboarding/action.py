"""The easyform action ``sozialplattform.onboarding.Request`` and the form's field validators.

The action turns a valid submission into an ``OnboardingRequest`` (or a note on an open
duplicate) and sends the mails; it runs for anonymous visitors, so it stores without
permission checks, in the private folder of the State.
"""

from collective.easyform.actions import Action
from collective.easyform.actions import ActionFactory
from collective.easyform.config import FORM_ERROR_MARKER
from datetime import datetime
from datetime import UTC
from plone import api
from plone.supermodel.exportimport import BaseHandler
from sozialplattform.site import _
from sozialplattform.site import mail
from sozialplattform.site.anonymous import honeypot
from sozialplattform.site.anonymous import throttle
from sozialplattform.site.content import fields
from sozialplattform.site.content.structure import FOLDER_ID as CENTRE_FOLDER_ID
from sozialplattform.site.content.types import containing_state
from sozialplattform.site.onboarding import intake
from sozialplattform.site.onboarding import mails
from sozialplattform.site.onboarding.interfaces import IOnboardingAction
from sozialplattform.site.permissions import MANAGE_SETTINGS_ID
from zope.i18n import translate
from zope.interface import implementer


ACTION_TYPE = "sozialplattform.onboarding.Request"


def state_object(state_id: str):
    portal = api.portal.get()
    folder = portal.get(CENTRE_FOLDER_ID)
    return folder.get(state_id) if folder is not None and state_id else None


def refusal(http_request) -> dict | None:
    """A form-level error when the form came back too fast or the client is past its limit.

    Checked before anything is stored; a refused client gets 429 (``throttle.ONBOARDING``).
    """
    message = honeypot.timing_error(http_request, intake.HONEYPOT_FIELD)
    if message is not None:
        return {FORM_ERROR_MARKER: translate(message, context=http_request)}
    try:
        throttle.check(http_request, throttle.ONBOARDING)
    except throttle.RateLimited as exc:
        return {FORM_ERROR_MARKER: throttle.refuse(http_request, exc)}
    return None


def submit(data: dict, http_request, now: datetime | None = None) -> dict | None:
    """Handle one submission; return ``{field: message}`` errors or None."""
    refused = refusal(http_request)
    if refused:
        return refused
    values, errors = intake.validate_submission(data)
    if errors:
        return {
            name: translate(message, context=http_request)
            for name, message in errors.items()
        }
    state = state_object(values["state_id"])
    if state is None:
        message = _(
            "error_onboarding_no_state",
            default="Your state is not set up on the Sozialplattform yet; please write "
            "to us.",
        )
        return {FORM_ERROR_MARKER: translate(message, context=http_request)}
    now = now or datetime.now(UTC)
    duplicate = intake.find_open_duplicate(values["email"], values["postcode"])
    if duplicate is not None:
        intake.record_duplicate(duplicate, values, now)
        duplicate_state = containing_state(duplicate)
        mails.notify_contact(duplicate, duplicate_state, repeated=True)
        mails.duplicate_to_requester(duplicate, duplicate_state)
        api.portal.show_message(
            _(
                "msg_onboarding_duplicate",
                default="We already have an open request with your e-mail address and "
                "postcode; your new details were added to it.",
            ),
            request=http_request,
            type="info",
        )
        return None
    request = intake.store_request(state, values, now)
    mails.notify_contact(request, state)
    mails.confirm_to_requester(request, state)
    api.portal.show_message(confirmation_notice(), request=http_request, type="info")
    return None


def confirmation_notice():
    """What the thank-you page says about the confirmation mail.

    Without a sender address (mail control panel) ``mail.send`` sends nothing, so the
    page must not promise a mail.
    """
    if mail.can_send():
        return _(
            "msg_onboarding_confirmation_mail",
            default="You will receive a confirmation e-mail with the next steps shortly.",
        )
    return _(
        "msg_onboarding_no_confirmation_mail",
        default="We cannot send you a confirmation e-mail at the moment. Your request is "
        "stored; the responsible person in your state will get in touch with you.",
    )


@implementer(IOnboardingAction)
class OnboardingAction(Action):
    __doc__ = IOnboardingAction.__doc__

    def onSuccess(self, fields, request):
        return submit(dict(fields), request)


OnboardingActionFactory = ActionFactory(
    OnboardingAction,
    _("label_onboarding_action", default="Onboarding request (Sozialplattform)"),
    MANAGE_SETTINGS_ID,
)
OnboardingActionHandler = BaseHandler(OnboardingAction)


# Field validators, named utilities of collective.easyform's IFieldValidator:
# ``easyform:validators="sozialplattform.postcode"`` in the form's model.


def _check(constraint, value):
    if value in (None, ""):
        return None
    return fields.check(constraint, value)


def validate_postcode(value, **kwargs):
    return _check(fields.postcode, value)


def validate_phone(value, **kwargs):
    return _check(fields.phone, value)


def validate_web_address(value, **kwargs):
    return _check(fields.web_address, value)


def validate_plain_text(value, **kwargs):
    return _check(fields.plain_text, value)


def validate_honeypot(value, **kwargs):
    return intake.honeypot_error(value)


# The interest form's model names ``sozialplattform.site.onboarding.action.HoneypotFieldWidget``.
HoneypotWidget = honeypot.HoneypotWidget
HoneypotFieldWidget = honeypot.HoneypotFieldWidget
