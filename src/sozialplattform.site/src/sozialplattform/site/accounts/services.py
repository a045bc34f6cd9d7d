"""``@users`` with the account rules: no e-mail change by members, unique addresses, and
``reset-password`` answering the same for every account name."""

from plone.restapi import _ as restapi_message
from plone.restapi.services.users.add import UsersPost
from plone.restapi.services.users.update import UsersPatch
from smtplib import SMTPException
from sozialplattform.site import logger
from sozialplattform.site.accounts import rules
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
UNKNOWN_TOKEN = restapi_message("The reset_token is unknown/not valid.")
NOT_ALLOWED = restapi_message(
    "You can't set a password without a password reset token."
)
WRONG_USER = restapi_message(
    "You need to be logged in as the user '${username}' to set the password."
)


class AccountUsersPatch(UsersPatch):
    """Refuses an e-mail change by a member (403) and an address in use (400)."""

    def reply(self):
        try:
            data = json.loads(self.request.get("BODY") or "{}")
        except ValueError:
            data = None
        if isinstance(data, dict) and "email" in data and len(self.params) == 1:
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
        return super().reply()


def email_error(request, message) -> dict:
    """400 naming the field ``email`` in the project's error format."""
    text = translate(message, context=request)
    request.response.setStatus(400)
    return {
        "error": {
            "type": "BadRequest",
            "message": f"email: {text}",
            "errors": [{"field": "email", "message": text, "error": "ValidationError"}],
        }
    }


class AccountUsersPost(UsersPost):
    """New accounts need an unused address; reset-password does not tell who exists."""

    def validate_input_data(self, portal, original_data):
        super().validate_input_data(portal, original_data)
        if self.params or not isinstance(original_data, dict):
            return
        email = original_data.get("email")
        if isinstance(email, str) and rules.email_in_use(email):
            self.add_field_error("email", rules.email_in_use_message(email))

    def update_password(self, data):
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
