"""Retention: rejected and withdrawn requests are deleted after the retention period.

The onboarding's ``RetentionPolicy`` (registered in ``configure.zcml``): each such
request (with all personal data, the signed AVV and the notes) is deleted once
``retention_days`` (control panel, default 90) have passed since its last transition.
Run it daily: ``@@purge-onboarding-requests`` / ``POST @purge-onboarding-requests`` (site
administrators, cron) or ``make purge`` (``sozialplattform.site.retention``).
"""

from datetime import datetime
from sozialplattform.site import retention
from sozialplattform.site.onboarding import CLOSED_STATES
from sozialplattform.site.onboarding import REQUEST_TYPE
from sozialplattform.site.onboarding import settings
from sozialplattform.site.onboarding import WORKFLOW_ID


POLICY = retention.RetentionPolicy(
    portal_type=REQUEST_TYPE,
    days=settings.retention_days,
    date=retention.last_transition(WORKFLOW_ID),
    query={"review_state": list(CLOSED_STATES)},
    label="onboarding requests",
)


def expired_requests(portal, now: datetime | None = None) -> list:
    return retention.expired(portal, POLICY, now)


def purge_expired_requests(portal, now: datetime | None = None) -> list[str]:
    """Delete the expired rejected/withdrawn requests; return their paths."""
    return retention.purge(portal, POLICY, now)
