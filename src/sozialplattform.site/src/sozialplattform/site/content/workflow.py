"""Workflow helpers and rules of centre_workflow / offer_workflow."""

from plone import api
from Products.CMFCore.WorkflowCore import WorkflowException
from sozialplattform.site import _
from zope.i18n import translate


TRANSITIONS_NEEDING_A_COMMENT = ("reject", "retract")


def is_published(obj) -> bool:
    return api.content.get_state(obj, default=None) == "published"


def require_comment(obj, event):
    """IBeforeTransitionEvent: rejecting or retracting needs a reason for the centre."""
    transition = event.transition
    if transition is None or transition.id not in TRANSITIONS_NEEDING_A_COMMENT:
        return
    comment = (event.kwargs or {}).get("comment") or ""
    if not comment.strip():
        message = _(
            "error_comment_required",
            default="Please give a reason: the centre sees it.",
        )
        raise WorkflowException(translate(message, context=api.env.getRequest()))
