"""Retention: rejected and withdrawn requests are deleted after the retention period.

``purge_expired_requests(portal, now)`` deletes each such request (with all personal data,
the signed AVV and the notes) once ``retention_days`` have passed since its last transition.
Run it daily: ``@@purge-onboarding-requests`` (site administrators) or the zconsole script
``onboarding/purge_script.py`` (cron, ``make purge``).
"""

from Acquisition import aq_parent
from datetime import datetime
from datetime import timedelta
from datetime import UTC
from Products.CMFCore.utils import getToolByName
from sozialplattform.site.onboarding import CLOSED_STATES
from sozialplattform.site.onboarding import REQUEST_TYPE
from sozialplattform.site.onboarding import settings
from sozialplattform.site.onboarding import WORKFLOW_ID


def last_transition(request) -> datetime | None:
    """When the request entered its current state (timezone-aware)."""
    history = (getattr(request, "workflow_history", None) or {}).get(WORKFLOW_ID)
    if not history:
        return None
    return history[-1]["time"].asdatetime()


def _aware(now: datetime | None) -> datetime:
    if now is None:
        return datetime.now(UTC)
    return now if now.tzinfo else now.replace(tzinfo=UTC)


def expired_requests(portal, now: datetime | None = None) -> list:
    limit = _aware(now) - timedelta(days=settings.retention_days())
    catalog = getToolByName(portal, "portal_catalog")
    result = []
    for brain in catalog.unrestrictedSearchResults(
        portal_type=REQUEST_TYPE, review_state=list(CLOSED_STATES)
    ):
        request = brain._unrestrictedGetObject()
        when = last_transition(request)
        if when is not None and when <= limit:
            result.append(request)
    return result


def purge_expired_requests(portal, now: datetime | None = None) -> list[str]:
    """Delete the expired rejected/withdrawn requests; return their paths."""
    removed = []
    for request in expired_requests(portal, now):
        removed.append("/".join(request.getPhysicalPath()))
        aq_parent(request)._delObject(request.getId())
    return removed
