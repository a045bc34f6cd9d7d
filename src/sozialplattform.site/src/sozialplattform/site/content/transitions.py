"""Workflow entry points of centres and offers: the classic status view and REST @workflow.

Both refuse reject/retract without a reason before anything changes, and REST answers 401
(not 400) when a transition exists but the user may not perform it.
"""

from AccessControl import Unauthorized
from plone import api
from plone.app.content.browser.content_status_modify import ContentStatusModifyView
from plone.restapi.services.workflow.transition import WorkflowTransition
from sozialplattform.site import _
from sozialplattform.site.content.workflow import TRANSITIONS_NEEDING_A_COMMENT
from urllib.parse import urlencode


def missing_reason(workflow_action, comment) -> bool:
    return (
        workflow_action in TRANSITIONS_NEEDING_A_COMMENT and not (comment or "").strip()
    )


class CentreStatusModifyView(ContentStatusModifyView):
    """content_status_modify: send reject/retract without a reason to the comment form."""

    def __call__(self, workflow_action=None, comment="", **kwargs):
        if missing_reason(workflow_action, comment):
            api.portal.show_message(
                _(
                    "error_comment_required",
                    default="Please give a reason: the centre sees it.",
                ),
                request=self.request,
                type="error",
            )
            query = urlencode({"workflow_action": workflow_action})
            url = f"{self.context.absolute_url()}/content_status_history?{query}"
            return self.request.response.redirect(url)
        return super().__call__(
            workflow_action=workflow_action, comment=comment, **kwargs
        )


class CentreWorkflowTransition(WorkflowTransition):
    """POST @workflow/<transition> with a 401 for transitions the user may not take."""

    def reply(self):
        if self.transition:
            possible = self._possible()
            if self.transition not in possible:
                self.request.response.setStatus(400)
                listed = ", ".join(sorted(possible)) or "none"
                return {
                    "error": {
                        "type": "Bad Request",
                        "message": f"Transition '{self.transition}' is not possible in "
                        f"state '{api.content.get_state(self.context)}'; possible: "
                        f"{listed}.",
                    }
                }
            if self._forbidden(self.transition):
                raise Unauthorized(f"You may not perform '{self.transition}' here.")
        return super().reply()

    def _possible(self) -> set[str]:
        """Transitions leaving the current state, whoever may take them."""
        possible = set()
        for workflow in self.wftool.getWorkflowsFor(self.context):
            state = workflow._getWorkflowStateOf(self.context)
            if state is not None:
                possible.update(state.transitions)
        return possible

    def _forbidden(self, transition_id: str) -> bool:
        for workflow in self.wftool.getWorkflowsFor(self.context):
            state = workflow._getWorkflowStateOf(self.context)
            if state is None or transition_id not in state.transitions:
                continue
            transition = workflow.transitions.get(transition_id)
            if transition is not None and not workflow._checkTransitionGuard(
                transition, self.context
            ):
                return True
        return False
