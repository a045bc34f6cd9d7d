"""``@users`` PATCH and POST with the account rules of ``accounts/rules.py``.

No e-mail change by members, unique addresses, and ``reset-password`` answering the same
for every account name; plone.restapi's own services know none of these rules. They are
the site's rules rather than upstream bugs, and the classic account forms
(``accounts/views.py``) keep the same ones.
"""

from plone.restapi import _ as restapi_message
from plone.restapi.services.users.add import UsersPost
from plone.restapi.services.users.update import UsersPatch
from Products.PlonePAS.sheet import PropertyValueError
from smtplib import SMTPException
from sozialplattform.site import _
from sozialplattform.site import logger
from sozialplattform.site.accounts import rules
from sozialplattform.site.content import fields
from zExceptions import BadRequest
from zope.i18n import translate
from zope.i18nmessageid import Message
import json


PASSWORD_KEYS = ("reset_token", "old_password", "new_password")
# plone.restapi's own messages (its domain), so both answers read the same.
TOKEN_AND_OLD = restapi_message(
    "You can't use 'reset_token' and 'old_password' together."
)
TOKEN_NEEDS_NEW = restapi_message(
    "If you pass 'reset_token' you have to pass 'new_password'"
)
OLD_NEEDS_NEW = restapi_message(
    "If you pass 'old_password' you have to pass 'new_password'"
)
NOT_AN_OBJECT = _(
    "error_body_not_an_object", default="Send the changes as a JSON object."
)
UNKNOWN_TOKEN = restapi_message("The reset_token is unknown/not valid.")
NOT_ALLOWED = restapi_message(
    "You can't set a password without a password reset token."
)
WRONG_USER = restapi_message(
    "You need to be logged in as the user '${username}' to set the password."
)


class AccountUsersPatch(UsersPatch):
    """Refuses an e-mail change by a member (403), an address in use (400), a body that
    is no object and values of the wrong type or with line breaks (400)."""

    def reply(self):
        try:
            data = json.loads(self.request.get("BODY") or "{}")
        except ValueError:
            data = None
        if not isinstance(data, dict):
            return self._error(400, "BadRequest", NOT_AN_OBJECT)
        errors = rules.user_data_errors(data)
        if errors:
            return field_errors(self.request, errors)
        if "email" in data and len(self.params) == 1:
            user = self._get_user(self.params[0])
            allowed = user is not None and (
                rules.can_manage_users() or self._get_current_user == user.getId()
            )
            if allowed:
                error = rules.email_change_error(
                    user.getId(), user.getProperty("email"), data["email"]
                )
                if error is rules.EMAIL_CHANGE_REFUSED:
                    return self._error(403, "Forbidden", error)
                if error is not None:
                    return email_error(self.request, error)
        try:
            return super().reply()
        except PropertyValueError:
            # a value the checks above let through; raised, so nothing is kept
            message = translate(fields.InvalidValue.__doc__, context=self.request)
            raise BadRequest(message) from None


def email_error(request, message) -> dict:
    """400 naming the field ``email`` in the project's error format."""
    return field_errors(request, [("email", message)])


def field_errors(request, errors: list) -> dict:
    """400 naming the fields of ``errors`` ((field, message)) in the project's format."""
    errors = [
        {
            "field": field,
            "message": translate(message, context=request),
            "error": "ValidationError",
        }
        for field, message in errors
    ]
    request.response.setStatus(400)
    return {
        "error": {
            "type": "BadRequest",
            "message": "; ".join(f"{e['field']}: {e['message']}" for e in errors),
            "errors": errors,
        }
    }


class AccountUsersPost(UsersPost):
    """New accounts need an unused address, well-formed values and no other address as
    user name; reset-password does not tell who exists."""

    def validate_input_data(self, portal, original_data):
        super().validate_input_data(portal, original_data)
        if self.params or not isinstance(original_data, dict):
            return
        properties = {k: v for k, v in original_data.items() if k != "roles"}
        for key, message in rules.user_data_errors(properties):
            self.add_field_error(key, message)
        email = original_data.get("email")
        if isinstance(email, str) and rules.email_in_use(email):
            self.add_field_error("email", rules.email_in_use_message(email))
        login_error = rules.login_error(original_data.get("username"), email)
        if login_error is not None:
            self.add_field_error("username", login_error)

    def update_password(self, data):
        if isinstance(data, dict):
            errors = [
                (key, fields.InvalidValue.__doc__)
                for key in PASSWORD_KEYS
                if data.get(key) is not None and not isinstance(data[key], str)
            ]
            if errors:
                return field_errors(self.request, errors)
        if isinstance(data, dict) and not data:
            return self.mail_password()
        if isinstance(data, dict) and self._get_user_by_login_name(self.params[0]):
            return super().update_password(data)
        if isinstance(data, dict):
            return self.unknown_account(data)
        return super().update_password(data)

    def unknown_account(self, data: dict):
        """What plone.restapi answers for an existing account (instead of its 404)."""
        token, old, new = (data.get(key) for key in PASSWORD_KEYS)
        if token and old:
            return self._error(400, "Invalid parameters", TOKEN_AND_OLD)
        if (token or old) and not new:
            return self._error(
                400, "Invalid parameters", TOKEN_NEEDS_NEW if token else OLD_NEEDS_NEW
            )
        if token:
            return self._error(403, "Unknown Token", UNKNOWN_TOKEN)
        if old and not (self.can_manage_users or self.can_set_own_password):
            return self._error(403, "Not allowed", NOT_ALLOWED)
        return self._error(
            403, "Wrong user", Message(WRONG_USER, mapping={"username": self.params[0]})
        )

    def mail_password(self):
        """The reset mail when the account exists and can get one; 204 either way."""
        login = self.params[0]
        if self._get_user_by_login_name(login) is not None:
            registration = self.context.portal_registration
            try:
                registration.mailPassword(login, self.request)
            except (ValueError, SMTPException) as error:
                logger.info("No password reset mail for %r: %s", login, error)
        return self.reply_no_content()
