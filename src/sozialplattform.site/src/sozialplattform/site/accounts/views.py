"""Classic UI account views: e-mail rules in the account forms, the reset mails' links
and a reset form that answers the same for every user name."""

from plone.app.users.browser.register import AddUserForm
from plone.app.users.browser.register import RegistrationForm
from plone.app.users.browser.userdatapanel import UserDataConfiglet
from plone.app.users.browser.userdatapanel import UserDataPanel
from plone.app.users.utils import notifyWidgetActionExecutionError
from Products.CMFPlone.browser.login import password_reset
from Products.CMFPlone.browser.login.mail_password import MailPasswordView
from Products.Five.browser.pagetemplatefile import ViewPageTemplateFile
from smtplib import SMTPException
from sozialplattform.site import logger
from sozialplattform.site.accounts import rules
from sozialplattform.site.site_url import site_url
from zope.component import getMultiAdapter
from zope.schema.interfaces import IPassword
from zope.schema.interfaces import IText
from zope.schema.interfaces import ITextLine
import os


def text_rules(action, data: dict) -> None:
    """The one-line rule for the forms' one-line text fields (full name, location...;
    they reach mail headers), no control characters in the others (description)."""
    for widget in action.form.widgets.values():
        name, value = widget.field.getName(), data.get(widget.field.getName())
        text = IText.providedBy(widget.field) and not IPassword.providedBy(widget.field)
        if not isinstance(value, str) or not text:
            continue
        if has_error(action, name):
            continue
        message = rules.text_error(value, one_line=ITextLine.providedBy(widget.field))
        if message:
            notifyWidgetActionExecutionError(action, name, message)


class EmailRules:
    """``validate_email`` of plone.app.users' account forms plus our rules (the hook
    their ``handleSave`` calls after extracting the data), and the text rules."""

    def validate_email(self, action, data):
        super().validate_email(action, data)
        text_rules(action, data)
        if has_error(action, "email"):
            return
        member = self.member
        error = rules.email_change_error(
            member.getId(), member.getProperty("email"), data.get("email")
        )
        if error is not None:
            notifyWidgetActionExecutionError(action, "email", error)


def has_error(action, name: str) -> bool:
    return name in [error.field.getName() for error in action.form.widgets.errors]


class PersonalInformation(EmailRules, UserDataPanel):
    """``@@personal-information``: a member's own address stays as it is."""


class UserInformation(EmailRules, UserDataConfiglet):
    """``@@user-information`` (site administrators): no address of another account."""


class UniqueEmailRegistration:
    """``validate_registration`` of the registration forms: no address in use, no other
    address as user name, the text rules."""

    def validate_registration(self, action, data):
        super().validate_registration(action, data)
        text_rules(action, data)
        email = data.get("email")
        login_error = rules.login_error(data.get("username"), email)
        if login_error is not None and not has_error(action, "username"):
            notifyWidgetActionExecutionError(action, "username", login_error)
        if not has_error(action, "email") and rules.email_in_use(email):
            notifyWidgetActionExecutionError(
                action, "email", rules.email_in_use_message(email)
            )


class Register(UniqueEmailRegistration, RegistrationForm):
    """``@@register`` (when self-registration is on)."""


class NewUser(UniqueEmailRegistration, AddUserForm):
    """``@@new-user`` (site administrators)."""


class SameAnswerMailPassword(MailPasswordView):
    """``@@mail_password``: the confirmation page whether or not the account exists.

    Plone's view sends the form back with "The username you entered could not be found"
    (or "has no e-mail address"), which tells anyone which accounts exist.
    """

    def __call__(self):
        login = self.request.form.get("userid", "")
        try:
            return self.context.portal_registration.mailPassword(login, self.request)
        except (ValueError, SMTPException) as error:
            logger.info("No password reset mail for %r: %s", login, error)
        return getMultiAdapter(
            (self.context, self.request), name="mail_password_response"
        )()


PLONE_TEMPLATES = os.path.join(os.path.dirname(password_reset.__file__), "templates")


class PublicURLResetToolView(password_reset.PasswordResetToolView):
    """Plone's reset and registration mails (templates unchanged), linking to the
    configured public site URL: Plone builds it from the request's navigation root URL,
    i.e. from the client's Host header."""

    def construct_url(self, randomstring):
        return f"{site_url()}/passwordreset/{randomstring}"

    def __call__(self, *args, **kwargs):
        return self.index(*args, **kwargs)


class MailPasswordTemplate(PublicURLResetToolView):
    index = ViewPageTemplateFile("mail_password_template.pt", _prefix=PLONE_TEMPLATES)


class RegisteredNotifyTemplate(PublicURLResetToolView):
    index = ViewPageTemplateFile(
        "registered_notify_template.pt", _prefix=PLONE_TEMPLATES
    )
