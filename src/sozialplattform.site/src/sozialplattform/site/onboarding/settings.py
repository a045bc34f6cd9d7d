"""Registry records ``sozialplattform.onboarding.*`` and the site's mail/language settings."""

from plone import api
from plone.base.interfaces.controlpanel import IMailSchema
from plone.registry.interfaces import IRegistry
from zope.component import getUtility


RECORD_PREFIX = "sozialplattform.onboarding"
DEFAULT_RETENTION_DAYS = 90


def _record(name: str, default=None):
    return api.portal.get_registry_record(f"{RECORD_PREFIX}.{name}", default=default)


def fallback_email() -> str | None:
    return (_record("fallback_email") or "").strip() or None


def retention_days() -> int:
    return int(_record("retention_days") or DEFAULT_RETENTION_DAYS)


def avv_file():
    """The AVV File object configured in the control panel, or None."""
    uid = _record("avv_file_uid")
    if not uid:
        return None
    catalog = api.portal.get_tool("portal_catalog")
    brains = catalog.unrestrictedSearchResults(UID=uid)
    return brains[0]._unrestrictedGetObject() if brains else None


def set_avv_file(obj) -> None:
    api.portal.set_registry_record(f"{RECORD_PREFIX}.avv_file_uid", obj.UID())


def mail_sender() -> tuple[str, str]:
    """(name, address) the site sends from."""
    registry = getUtility(IRegistry)
    mail = registry.forInterface(IMailSchema, prefix="plone")
    return mail.email_from_name or "", mail.email_from_address or ""


def site_language() -> str:
    """Mails are written in the site's default language (not the editor's browser)."""
    return (
        api.portal.get_registry_record("plone.default_language", default="de") or "de"
    )
