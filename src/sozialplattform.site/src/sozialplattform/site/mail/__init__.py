"""Outgoing mail: the site's MailHost settings come from the instance environment.

instance.yaml's ``environment`` (or the process environment) sets
``SOZIALPLATTFORM_SMTP_HOST``, ``SOZIALPLATTFORM_SMTP_PORT``, ``SOZIALPLATTFORM_MAIL_FROM``
and ``SOZIALPLATTFORM_MAIL_FROM_NAME``; they are written to the mail control panel's registry
records at site creation and whenever the instance starts with different values.

``SOZIALPLATTFORM_MAIL_QUEUE`` (instance.yaml's ``mail_queue_directory``) makes delivery
durable: mails are written to that maildir when the transaction commits and a background
thread hands them to the SMTP server, retrying while it is unreachable (``queue.py``).
"""

from plone.base.interfaces.controlpanel import IMailSchema
from plone.registry.interfaces import IRegistry
from sozialplattform.site import logger
from sozialplattform.site.mail.queue import apply_queue_settings
from sozialplattform.site.mail.queue import queue_directory_from_environ
from sozialplattform.site.mail.queue import start_queue_processor
from zope.component import getUtility
from zope.component.hooks import setSite
import transaction


ENVIRONMENT_KEYS = {
    "SOZIALPLATTFORM_SMTP_HOST": "smtp_host",
    "SOZIALPLATTFORM_SMTP_PORT": "smtp_port",
    "SOZIALPLATTFORM_MAIL_FROM": "email_from_address",
    "SOZIALPLATTFORM_MAIL_FROM_NAME": "email_from_name",
}


class MailConfigurationError(ValueError):
    """An environment variable holds an unusable mail setting."""


def mail_settings_from_environ(environ) -> dict:
    """Return the IMailSchema fields set in ``environ``, validated and typed."""
    settings = {}
    for variable, field in ENVIRONMENT_KEYS.items():
        value = (environ.get(variable) or "").strip()
        if not value:
            continue
        if field == "smtp_port":
            if not value.isdigit() or not 0 < int(value) < 65536:
                raise MailConfigurationError(
                    f"{variable}={value!r} is not a port number"
                )
            value = int(value)
        elif field == "email_from_address" and "@" not in value:
            raise MailConfigurationError(
                f"{variable}={value!r} is not an e-mail address"
            )
        settings[field] = value
    return settings


def apply_mail_settings(site, settings: dict) -> bool:
    """Write ``settings`` to the site's mail registry; return True when something changed."""
    registry = getUtility(IRegistry, context=site)
    proxy = registry.forInterface(IMailSchema, prefix="plone")
    changed = False
    for field, value in settings.items():
        if getattr(proxy, field) != value:
            setattr(proxy, field, value)
            changed = True
    return changed


def apply_environment(site, environ) -> bool:
    """Mail settings and queue of ``environ`` on ``site``; True when something changed.

    Raises ``MailConfigurationError`` for a malformed value.
    """
    changed = apply_mail_settings(site, mail_settings_from_environ(environ))
    queue_directory = queue_directory_from_environ(environ)
    if queue_directory is not None:
        changed = apply_queue_settings(site, queue_directory) or changed
    return changed


def apply_environment_on_startup(event):
    """IDatabaseOpenedWithRoot: bring every Plone site's mail settings in line with the env,
    then start the delivery thread of every queued MailHost."""
    from plone.distribution.api.site import get_sites
    import os

    try:
        settings = mail_settings_from_environ(os.environ)
    except MailConfigurationError as exc:
        logger.error("Mail settings not applied: %s", exc)
        settings = {}
    queue_directory = queue_directory_from_environ(os.environ)
    connection = event.database.open()
    try:
        app = connection.root()["Application"]
        sites = _plone_sites(app, get_sites)
        changed = []
        for site in sites:
            setSite(site)
            site_changed = apply_mail_settings(site, settings)
            if queue_directory is not None:
                site_changed = (
                    apply_queue_settings(site, queue_directory) or site_changed
                )
            if site_changed:
                changed.append(site.getId())
        if changed:
            transaction.get().note("Mail settings from the environment")
            transaction.commit()
            logger.info("Mail settings applied to %s", ", ".join(changed))
        else:
            transaction.abort()
        for site in sites:
            setSite(site)
            start_queue_processor(site.MailHost)
    except Exception:  # never stop the instance from starting over mail settings
        transaction.abort()
        logger.exception("Mail settings could not be applied")
    finally:
        setSite(None)
        connection.close()


def _plone_sites(app, get_sites):
    from AccessControl.SecurityManagement import newSecurityManager
    from AccessControl.SecurityManagement import noSecurityManager
    from AccessControl.SpecialUsers import system

    newSecurityManager(None, system)
    try:
        return get_sites(app)
    finally:
        noSecurityManager()
