"""Workflow helpers of centre_workflow / offer_workflow, and the reason rule of transitions.

Some transitions need a reason: the comment of the transition, which the centre or the
requester reads. A content type names them with an ``IReasonRule`` adapter (a
``ReasonRule`` as its factory, ``CENTRE_REASONS`` for centres and offers). Two places
read it: ``require_reason`` refuses such a transition without a comment before anything
changes (REST ``@workflow``: 400 with the message), and the status menu
(``overrides/status_modify.py``) sends it to the comment form instead.
"""

from dataclasses import dataclass
from plone import api
from Products.CMFCore.WorkflowCore import WorkflowException
from sozialplattform.site import _
from zope.i18n import translate
from zope.i18nmessageid import Message
from zope.interface import Attribute
from zope.interface import implementer
from zope.interface import Interface


class IReasonRule(Interface):
    """The transitions of a content type that need a reason (a comment)."""

    message = Attribute("The message (gettext) when the reason is missing.")

    def missing(transition_id, comment) -> bool:
        """Whether ``transition_id`` needs a reason and ``comment`` gives none."""


class ReasonRequired(WorkflowException):
    """A transition that needs a reason was asked for without one."""


@implementer(IReasonRule)
@dataclass(frozen=True)
class ReasonRule:
    transitions: tuple[str, ...]
    message: Message

    def __call__(self, context):
        """The adapter factory: the same rule for every object of the type."""
        return self

    def missing(self, transition_id, comment) -> bool:
        return transition_id in self.transitions and not (comment or "").strip()


CENTRE_REASONS = ReasonRule(
    ("reject", "retract"),
    _("error_comment_required", default="Please give a reason: the centre sees it."),
)


def is_published(obj) -> bool:
    return api.content.get_state(obj, default=None) == "published"


def require_reason(obj, event):
    """IBeforeTransitionEvent: refuse a transition of ``IReasonRule`` without a reason."""
    rule = IReasonRule(obj, None)
    transition = event.transition
    if rule is None or transition is None:
        return
    if rule.missing(transition.id, (event.kwargs or {}).get("comment")):
        raise ReasonRequired(translate(rule.message, context=api.env.getRequest()))
