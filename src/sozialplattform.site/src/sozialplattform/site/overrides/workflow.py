"""``@workflow`` (POST) of centres, offers and onboarding requests.

plone.restapi answers a transition that the current state does not offer and one whose
guard refuses the user alike: 400 "No workflow provides the ... action" (CMFCore's
``WorkflowTool.doActionFor`` cannot tell them apart). Here the first is a 400 that names
the possible transitions, the second a 401; the guard is checked with DCWorkflow's own
``_checkTransitionGuard``, as ``doActionFor`` checks it. A transition that needs a reason is
refused by ``content.workflow.require_reason`` before anything changes.

For onboarding requests a refused transition also changes nothing
(``RequestWorkflowTransition``): plone.restapi ignores a ``WorkflowException`` once the
object is in the transition's target state, which is what an after-transition effect that
fails leaves behind.
"""

from AccessControl import Unauthorized
from plone import api
from plone.restapi.services.workflow.transition import WorkflowTransition
from Products.CMFCore.WorkflowCore import WorkflowException
import transaction


class CheckedWorkflowTransition(WorkflowTransition):
    """POST @workflow/<transition>: 400 naming the possible ones, 401 for a guarded one."""

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


class RequestWorkflowTransition(CheckedWorkflowTransition):
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
