"""REST services of the onboarding: ``@workflow`` on a request and the retention purge.

``POST /<site>/++api++/@purge-onboarding-requests`` deletes the expired rejected/withdrawn
requests (like ``@@purge-onboarding-requests``) for cron with basic auth; it needs
"sozialplattform.site: Manage settings" (site administrators).
"""

from plone.protect.interfaces import IDisableCSRFProtection
from plone.restapi.services import Service
from Products.CMFCore.WorkflowCore import WorkflowException
from sozialplattform.site.content.transitions import CentreWorkflowTransition
from sozialplattform.site.onboarding.retention import purge_expired_requests
from zope.interface import alsoProvides
import transaction


class RequestWorkflowTransition(CentreWorkflowTransition):
    """POST @workflow/<transition> on a request: a refused transition changes nothing.

    plone.restapi ignores a ``WorkflowException`` once the object is in the transition's
    target state, which is the case when an after-transition effect fails (the account
    cannot be created while granting access). Here every refusal rolls back to before the
    transition and answers 400 with the message. Requests have no publication dates and
    no children, so only the transition itself is done.
    """

    def recurse_transition(
        self, objs, comment, publication_dates, include_children=False
    ):
        for obj in objs:
            already_there = self.is_same_state(obj)
            savepoint = transaction.savepoint()
            try:
                self.wftool.doActionFor(obj, self.transition, comment=comment)
            except WorkflowException:
                savepoint.rollback()
                if not already_there:
                    raise


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
