"""Plone's mail forms on the platform.

- ``@@contact-info`` (the footer's "Contact" link) answers with a message instead of a
  500 when the site cannot send mail (no sender address configured: Plone's form sends
  anyway and ``MailHost`` raises ``MailHostError``).
- ``@@sendto_form`` ("send this page to someone") is switched off: nothing on the
  platform links it, and it lets any member have the site mail any address.
"""

from Products.CMFPlone.browser.contact_info import ContactForm
from Products.MailHost.MailHost import MailHostError
from Products.statusmessages.interfaces import IStatusMessage
from sozialplattform.site import _
from sozialplattform.site import logger
from zExceptions import NotFound


MAIL_UNAVAILABLE = _(
    "error_contact_mail_unavailable",
    default="Your message could not be sent: the site cannot send e-mail at the "
    "moment. Please try again later.",
)


class GuardedContactForm(ContactForm):
    sent = True
    _success = False

    @property
    def success(self) -> bool:
        """Plone's form sets ``success`` after ``send_message`` whatever happened."""
        return self._success and self.sent

    @success.setter
    def success(self, value: bool) -> None:
        self._success = value

    def send_message(self, data):
        self.sent = False
        if not self.mailhost_is_configured():
            logger.warning("contact-info: no sender address configured, not sent")
        else:
            try:
                super().send_message(data)
                self.sent = True
            except MailHostError as error:
                logger.warning("contact-info: not sent: %s", error)
        if not self.sent:
            IStatusMessage(self.request).add(MAIL_UNAVAILABLE, type="error")

    def send_feedback(self):
        if self.sent:
            super().send_feedback()


class NoSendTo:
    """``@@sendto_form``: not on this platform (see module)."""

    def __init__(self, context, request):
        self.context, self.request = context, request

    def __call__(self):
        raise NotFound("sendto_form")
