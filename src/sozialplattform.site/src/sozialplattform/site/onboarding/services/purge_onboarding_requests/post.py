"""POST @purge-onboarding-requests: the retention purge for cron.

``POST /<site>/++api++/@purge-onboarding-requests`` deletes the expired rejected/withdrawn
requests (like ``@@purge-onboarding-requests``) for cron with basic auth; it needs
``permissions.MANAGE_SETTINGS`` (site administrators).
"""

from plone.protect.interfaces import IDisableCSRFProtection
from plone.restapi.services import Service
from sozialplattform.site.onboarding.retention import purge_expired_requests
from zope.interface import alsoProvides
import transaction


class PurgeOnboardingRequests(Service):
    """Delete the expired rejected/withdrawn requests; answer their number and paths."""

    def reply(self) -> dict:
        # Basic auth or token from cron, no browser session: no CSRF token to check.
        alsoProvides(self.request, IDisableCSRFProtection)
        removed = purge_expired_requests(self.context)
        transaction.get().note("Purge expired onboarding requests (REST)")
        return {
            "deleted": len(removed),
            "items": [path.rsplit("/", 1)[-1] for path in removed],
            "paths": removed,
        }
