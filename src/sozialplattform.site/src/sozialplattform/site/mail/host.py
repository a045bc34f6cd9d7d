"""The MailHost takes SMTP host, port and queue from the environment when it sends.

Plone already makes the SMTP mailer at send time from the registry (its patch of
``SMTPMailer.__init__``). Two wrappers of ``Products.MailHost.MailHost.MailBase`` let a set
environment variable win at that moment, without writing to the ZODB:

- ``_makeMailer``: ``SOZIALPLATTFORM_SMTP_HOST`` / ``_PORT`` over ``plone.smtp_host`` /
  ``plone.smtp_port`` (for direct delivery and for the queue's delivery thread);
- ``_send``: ``SOZIALPLATTFORM_MAIL_QUEUE`` over the MailHost's persistent
  ``smtp_queue``/``smtp_queue_directory`` (a directory: queued; "off": direct).

Every mail goes through them: the platform's (``mail.send``) and Plone's own (password
reset, contact form). Without the variables MailHost behaves as upstream.
"""

from Products.MailHost.MailHost import MailBase
from sozialplattform.site.mail.queue import queue_directory_from_environ
from sozialplattform.site.mail.settings import environment_settings
from zope.sendmail.delivery import DirectMailDelivery
from zope.sendmail.delivery import QueuedMailDelivery
import os


_upstream_make_mailer = MailBase._makeMailer
_upstream_send = MailBase._send


def queue_directory(mailhost) -> str:
    """The maildir ``mailhost`` queues into now ("" for direct delivery)."""
    directory = queue_directory_from_environ(os.environ)
    if directory is not None:
        return directory
    return mailhost.smtp_queue_directory if mailhost.smtp_queue else ""


def _make_mailer(self):
    mailer = _upstream_make_mailer(self)
    settings = environment_settings()
    if "smtp_host" in settings:
        mailer.hostname = settings["smtp_host"]
    if "smtp_port" in settings:
        mailer.port = settings["smtp_port"]
    return mailer


def _send(self, mfrom, mto, messageText, immediate=False):
    directory = queue_directory_from_environ(os.environ)
    if immediate or directory is None:
        return _upstream_send(self, mfrom, mto, messageText, immediate=immediate)
    if directory:
        from sozialplattform.site.mail.queue import start_queue_processor

        start_queue_processor(self)
        # QueuedMailDelivery needs a list of recipients (as upstream's _send says).
        recipients = [mto] if isinstance(mto, str) else mto
        QueuedMailDelivery(directory).send(mfrom, recipients, messageText)
    else:
        DirectMailDelivery(self._makeMailer()).send(mfrom, mto, messageText)


MailBase._makeMailer = _make_mailer
MailBase._send = _send
