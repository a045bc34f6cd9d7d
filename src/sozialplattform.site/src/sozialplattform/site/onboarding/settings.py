"""Registry records ``sozialplattform.onboarding.*``."""

from plone import api


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
