"""A request's e-mail address is fixed once an account is linked to it.

The access mail and the set-password link went to that address; changing it afterwards
would silently point the request (and the next access mail) at someone else. The REST
field deserializer and the edit form's validator refuse the change with this message.
"""

from plone.restapi.deserializer.dxfields import TextLineFieldDeserializer
from plone.restapi.interfaces import IFieldDeserializer
from plone.schema.email import IEmail
from sozialplattform.site import _
from sozialplattform.site.onboarding.interfaces import IOnboardingRequest
from z3c.form import validator
from zope.component import adapter
from zope.i18nmessageid import Message
from zope.interface import implementer
from zope.interface import Invalid
from zope.publisher.interfaces.browser import IBrowserRequest
from zope.schema.interfaces import ValidationError


EMAIL_LOCKED = _(
    "error_request_email_locked",
    default="The e-mail address cannot be changed any more: the user account "
    "${user_id} is linked to this request. The site administrators change the "
    "account's address if needed.",
)


def email_change_error(request, value) -> Message | None:
    """Why ``request`` cannot get the address ``value`` (None: it can)."""
    current = (getattr(request, "email", None) or "").strip().lower()
    new = (value or "").strip().lower() if isinstance(value, str) else value
    if not getattr(request, "user_id", None) or new == current:
        return None
    return Message(EMAIL_LOCKED, mapping={"user_id": request.user_id})


class EmailLocked(ValidationError):
    """The address of a request with a linked account (message in ``args[0]``)."""

    def doc(self):
        return self.args[0]


@implementer(IFieldDeserializer)
@adapter(IEmail, IOnboardingRequest, IBrowserRequest)
class RequestEmailDeserializer(TextLineFieldDeserializer):
    def __call__(self, value):
        result = super().__call__(value)
        error = email_change_error(self.context, result)
        if error is not None:
            raise EmailLocked(error)
        return result


class RequestEmailValidator(validator.SimpleFieldValidator):
    def validate(self, value):
        super().validate(value)
        error = email_change_error(self.context, value)
        if error is not None:
            raise Invalid(error)


validator.WidgetValidatorDiscriminators(
    RequestEmailValidator, context=IOnboardingRequest, field=IOnboardingRequest["email"]
)
