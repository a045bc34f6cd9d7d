"""Mail settings from the instance environment, read when a mail is sent.

instance.yaml's ``environment`` (or the process environment) sets
``SOZIALPLATTFORM_SMTP_HOST``, ``SOZIALPLATTFORM_SMTP_PORT``, ``SOZIALPLATTFORM_MAIL_FROM``
and ``SOZIALPLATTFORM_MAIL_FROM_NAME``. A variable that is set wins over the mail control
panel's registry record at send time (``host.py``, ``sender()``); nothing is written at
process start, so several instances never race over the registry. Site creation writes
them once into the registry (``apply_environment``), where Plone's own forms find them.
"""

from plone.base.interfaces.controlpanel import IMailSchema
from plone.registry.interfaces import IRegistry
from sozialplattform.site import logger
from zope.component import getUtility
import os


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


def environment_settings(environ=None) -> dict:
    """The environment's mail settings now; a malformed value is logged and ignored."""
    try:
        return mail_settings_from_environ(os.environ if environ is None else environ)
    except MailConfigurationError as error:
        logger.error("Mail settings from the environment not used: %s", error)
        return {}


def registry_settings():
    """The mail control panel's records (``plone.smtp_host``, ...)."""
    return getUtility(IRegistry).forInterface(IMailSchema, prefix="plone")


def sender(environ=None) -> tuple[str, str]:
    """(name, address) the site sends from: the environment's, else the control panel's."""
    settings = environment_settings(environ)
    registry = registry_settings()
    name = settings.get("email_from_name", registry.email_from_name)
    address = settings.get("email_from_address", registry.email_from_address)
    return name or "", address or ""


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
