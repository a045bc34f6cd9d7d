"""``content_status_modify`` (the toolbar's state menu) of centres, offers and requests.

Plone's view runs the transition and lets a ``WorkflowException`` through (an error page)
and knows nothing of transitions that need a reason. Here a transition without its reason
(``content.workflow.IReasonRule``) goes to the comment form (``content_status_history``)
with the rule's message, before anything changes; a refused transition (a guard, a missing
signature, no account possible) shows its message on the item and changes nothing.
"""

from plone import api
from plone.app.content.browser.content_status_modify import ContentStatusModifyView
from Products.CMFCore.WorkflowCore import WorkflowException
from sozialplattform.site.content.workflow import IReasonRule
from urllib.parse import urlencode
import transaction


class ReasonStatusModifyView(ContentStatusModifyView):
    def __call__(self, workflow_action=None, comment="", **kwargs):
        rule = IReasonRule(self.context, None)
        if rule is not None and rule.missing(workflow_action, comment):
            api.portal.show_message(rule.message, request=self.request, type="error")
            query = urlencode({"workflow_action": workflow_action})
            url = f"{self.context.absolute_url()}/content_status_history?{query}"
            return self.request.response.redirect(url)
        savepoint = transaction.savepoint()
        try:
            return super().__call__(
                workflow_action=workflow_action, comment=comment, **kwargs
            )
        except WorkflowException as error:
            savepoint.rollback()
            api.portal.show_message(str(error), request=self.request, type="error")
            return self.request.response.redirect(self.context.absolute_url())
