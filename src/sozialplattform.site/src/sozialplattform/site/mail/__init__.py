"""Outgoing mail of the platform: one small API for every feature.

- ``send(to, subject, paragraphs, reply_to=None, attachments=())`` (``message.py``):
  a plain-text mail from the site's sender, sent when the transaction commits;
  ``Attachment`` (``from_path`` for shipped files, ``from_named_file`` for stored ones),
  ``translate_for_site`` (mails are written in the site's default language),
  ``can_send()``. Links: ``sozialplattform.site.site_url.public_url``.
- Settings (``settings.py``, ``host.py``): SMTP host/port, sender and queue come from the
  instance environment when set, read at send time; else from the mail control panel and
  the MailHost. Nothing is written at process start.
- Durable delivery (``queue.py``): ``SOZIALPLATTFORM_MAIL_QUEUE`` (instance.yaml's
  ``mail_queue_directory``) makes the MailHost write mails to that maildir on commit; a
  background thread hands them to the SMTP server, retrying while it is unreachable.

The feature packages keep only their own messages (``onboarding/mails.py``).
"""

from sozialplattform.site import logger
from sozialplattform.site.language import translate_for_site
from sozialplattform.site.mail import host  # noqa: F401 - environment at send time
from sozialplattform.site.mail.message import Attachment
from sozialplattform.site.mail.message import can_send
from sozialplattform.site.mail.message import compose
from sozialplattform.site.mail.message import send
from sozialplattform.site.mail.queue import apply_queue_settings
from sozialplattform.site.mail.queue import queue_directory_from_environ
from sozialplattform.site.mail.queue import start_queue_processor
from sozialplattform.site.mail.settings import apply_mail_settings
from sozialplattform.site.mail.settings import ENVIRONMENT_KEYS
from sozialplattform.site.mail.settings import mail_settings_from_environ
from sozialplattform.site.mail.settings import MailConfigurationError
from sozialplattform.site.mail.settings import sender
from zope.component.hooks import setSite


__all__ = [
    "ENVIRONMENT_KEYS",
    "Attachment",
    "MailConfigurationError",
    "apply_environment",
    "apply_mail_settings",
    "can_send",
    "compose",
    "mail_settings_from_environ",
    "send",
    "sender",
    "translate_for_site",
]


def apply_environment(site, environ) -> bool:
    """Write the mail settings and queue of ``environ`` into a new site.

    Called once, when the site is created (Plone's own forms read the registry); at
    send time the environment wins anyway. Raises ``MailConfigurationError`` for a
    malformed value. True when something changed.
    """
    changed = apply_mail_settings(site, mail_settings_from_environ(environ))
    queue_directory = queue_directory_from_environ(environ)
    if queue_directory is not None:
        changed = apply_queue_settings(site, queue_directory) or changed
    return changed


def start_queues_on_startup(event):
    """IDatabaseOpenedWithRoot: start the delivery thread of every queued MailHost.

    Reads only: the settings from the environment apply at send time (``host.py``),
    so several instances starting at once never write the same records.
    """
    from plone.distribution.api.site import get_sites
    from sozialplattform.site.maintenance import system_user

    connection = event.database.open()
    try:
        app = connection.root()["Application"]
        with system_user():
            sites = get_sites(app)
        for site in sites:
            setSite(site)
            start_queue_processor(site.MailHost)
    except Exception:  # never stop the instance from starting over mail
        logger.exception("Mail queue not started")
    finally:
        setSite(None)
        connection.close()
