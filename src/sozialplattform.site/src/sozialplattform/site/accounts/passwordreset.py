"""``<site>/passwordreset/<key>``: the set-password page that the access mail links to.

Plone's reset form (``Products.CMFPlone`` ``PasswordResetView``) with

- "Set your password" as title and button, a sentence for a first login;
- the user name (the login, an e-mail address) filled in from the reset tool's record of
  the key, read-only, ``autocomplete="username"``; the passwords ``new-password``;
- every problem at its field (the password policy at the password, a mismatch at the
  confirmation), nothing stored before both are right;
- after success Plone's automatic login (``plone.autologin_after_password_reset``, on
  by default) and the person's own centre (``provisioning.centres_of``), else the front
  page;
- a used, expired or unknown link: one plain page saying so, with a button to ask for a
  new link (``@@mail_password_form``, the login filled in where known), status 200.
"""

from AccessControl.SecurityManagement import getSecurityManager
from AccessControl.SecurityManagement import newSecurityManager
from AccessControl.SecurityManagement import setSecurityManager
from plone import api
from plone.base.interfaces import IRedirectAfterLogin
from Products.CMFPlone.browser.login.password_reset import PasswordResetView
from Products.CMFPlone.PasswordResetTool import InvalidRequestError
from Products.CMFPlone.RegistrationTool import get_member_by_login_name
from Products.Five.browser.pagetemplatefile import ViewPageTemplateFile
from Products.PluggableAuthService.interfaces.plugins import ICredentialsUpdatePlugin
from Products.PluggableAuthService.interfaces.plugins import IValidationPlugin
from Products.statusmessages.interfaces import IStatusMessage
from sozialplattform.site import _
from sozialplattform.site.browser.title import error_title
from sozialplattform.site.onboarding.provisioning import centres_of
from urllib.parse import urlencode
from zope.component import queryMultiAdapter
from zope.i18n import translate


TITLE = _("heading_set_password", default="Set your password")
GONE_TITLE = _("heading_link_gone", default="This link no longer works")
PASSWORD_SET = _(
    "message_password_set", default="Your password is set. You are logged in now."
)
REQUIRED = _("error_password_required", default="Please enter a password.")
MISMATCH = _(
    "error_passwords_differ",
    default="The two passwords are not the same. Please enter the same password twice.",
)


def reset_user_id(randomstring) -> str | None:
    """The user id that portal_password_reset recorded for the key (expired or not).

    The tool has no public method for it: ``verifyKey`` only raises, ``resetPassword``
    wants the user name. Its records are ``_requests[key] = (user id, expiry)`` (read
    by Plone's own ``ExplainPWResetToolView`` too); ``tests/test_pages/
    test_set_password.py`` checks that they still are.
    """
    if not isinstance(randomstring, str) or not randomstring:
        return None
    tool = api.portal.get_tool("portal_password_reset")
    record = tool._requests.get(randomstring)
    return record[0] if record else None


def login_of(user_id: str | None) -> str | None:
    if not user_id:
        return None
    member = api.user.get(userid=user_id)
    if member is None:
        member = api.user.get(username=user_id)
    if member is None:
        return None
    return member.getUser().getUserName() or member.getId()


class SetPasswordView(PasswordResetView):
    form = ViewPageTemplateFile("templates/set_password.pt")
    gone = ViewPageTemplateFile("templates/set_password_gone.pt")

    errors = None
    link_gone = False

    # -- the key and the person ------------------------------------------------------

    def randomstring(self) -> str | None:
        key = self.subpath[0] if self.subpath else self.request.form.get("key")
        return key if isinstance(key, str) else None

    def login(self) -> str | None:
        """The login the key was issued for; for a used key, the link's ``userid``.

        (The access mail's link carries ``?userid=<login>``; that value only fills in
        the request-a-new-link form, which answers the same for every name.)
        """
        login = login_of(reset_user_id(self.randomstring()))
        if login:
            return login
        given = self.request.form.get("userid")
        return given.strip() if isinstance(given, str) and given.strip() else None

    def known_login(self) -> str | None:
        """Only the tool's record fills in the form's user name."""
        return login_of(reset_user_id(self.randomstring()))

    def new_link_url(self) -> str:
        url = f"{api.portal.get().absolute_url()}/@@mail_password_form"
        login = self.login()
        return f"{url}?{urlencode({'userid': login})}" if login else url

    def login_url(self) -> str:
        url = f"{api.portal.get().absolute_url()}/login"
        login = self.login()
        return f"{url}?{urlencode({'__ac_name': login})}" if login else url

    def min_chars(self) -> int | None:
        """The shortest password Plone's policy plugins accept (PlonePAS's: 8)."""
        plugins = api.portal.get_tool("acl_users").plugins
        lengths = [
            plugin.min_chars
            for _id, plugin in plugins.listPlugins(IValidationPlugin)
            if isinstance(getattr(plugin, "min_chars", None), int)
        ]
        return max(lengths) if lengths else None

    def page_title(self):
        if self.link_gone:
            return GONE_TITLE
        if self.errors:
            return error_title(translate(TITLE, context=self.request))
        return TITLE

    # -- the pages ----------------------------------------------------------------------

    def expired(self):
        return self._gone()

    def invalid(self):
        return self._gone()

    def _gone(self):
        self.link_gone = True
        return self.gone()

    def field_errors(self) -> dict:
        """field name -> message; empty when the passwords may be stored."""
        form = self.request.form
        password, confirmation = form.get("password"), form.get("password2")
        if not isinstance(password, str) or not isinstance(confirmation, str):
            return {"password": REQUIRED}
        errors = {}
        if not password:
            errors["password"] = REQUIRED
        else:
            registration = api.portal.get_tool("portal_registration")
            # Plone's policy (PAS validation plugins: at least 8 characters)
            policy = registration.testPasswordValidity(password)
            if policy:
                errors["password"] = policy
        if password and confirmation != password:
            errors["password2"] = MISMATCH
        return errors

    def getErrors(self):
        # Plone's templates call it; ours read ``self.errors``
        return self.errors

    def _reset_password(self, pw_tool, randomstring):
        try:
            pw_tool.verifyKey(randomstring)
        except InvalidRequestError:  # ExpiredRequestError too
            return self._gone()
        self.errors = self.field_errors()
        if self.errors:
            return self.form()
        # The name the key was issued for: the form shows it read-only.
        login = self.known_login()
        if not login:
            return self._gone()
        self.request.form["userid"] = login
        return super()._reset_password(pw_tool, randomstring)

    # -- after the login ------------------------------------------------------------------

    def _auto_login(self, userid, password):
        """Plone's automatic login (``_auto_login`` of Products.CMFPlone 6.2), with our
        message: after a first login nothing was "reset"."""
        users = api.portal.get_tool("acl_users")
        for _id, plugin in users.plugins.listPlugins(ICredentialsUpdatePlugin):
            plugin.updateCredentials(
                self.request, self.request.response, userid, password
            )
        member = get_member_by_login_name(self.context, userid, False)
        if not member:
            return super()._auto_login(userid, password)  # its failure message
        original = getSecurityManager()
        try:
            newSecurityManager(self.request, member.getUser())
            is_initial_login = self._post_login()
            IStatusMessage(self.request).addStatusMessage(PASSWORD_SET, "info")
            self.redirect_after_login(is_initial_login=is_initial_login)
        finally:
            setSecurityManager(original)

    def redirect_after_login(self, came_from=None, is_initial_login=False):
        adapter = queryMultiAdapter((self.context, self.request), IRedirectAfterLogin)
        if adapter:
            came_from = adapter(came_from, is_initial_login)
        if not came_from:
            user = api.user.get_current()
            centres = centres_of(user.getId()) if user is not None else []
            portal = api.portal.get()
            came_from = centres[0].absolute_url() if centres else portal.absolute_url()
        self.request.response.redirect(came_from)
