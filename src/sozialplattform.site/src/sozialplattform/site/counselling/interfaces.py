"""Schemas of the written counselling: a centre's conversation folder, a conversation."""

from plone.autoform import directives
from plone.supermodel import model
from sozialplattform.site import _
from sozialplattform.site.content import fields
from sozialplattform.site.content.interfaces import OpeningHoursField
from sozialplattform.site.permissions import MANAGE_COUNSELLING_ID
from zope import schema


DEFAULT_REPLY_DAYS = 2


class IConversationFolder(model.Schema):
    """``<centre>/beratung``: the centre's conversations and its counselling hours.

    The three fields are edited by the centre's counsellors (permission "Manage
    counselling settings") with the standard edit form.
    """

    directives.write_permission(
        chat_hours=MANAGE_COUNSELLING_ID,
        reply_days=MANAGE_COUNSELLING_ID,
        absence_notice=MANAGE_COUNSELLING_ID,
    )
    chat_hours = OpeningHoursField(
        title=_("label_chat_hours", default="Chat hours"),
        description=_(
            "help_chat_hours",
            default="When counsellors are usually online and answer live: one line "
            "per time span, for example: Mo 09:00-12:00",
        ),
        required=False,
        default=[],
        missing_value=[],
    )
    reply_days = schema.Int(
        title=_("label_reply_days", default="Usual answer time (working days)"),
        description=_(
            "help_reply_days",
            default="Outside the chat hours seekers read: we usually answer within "
            "this many working days.",
        ),
        default=DEFAULT_REPLY_DAYS,
        min=1,
        max=30,
        required=True,
    )
    absence_notice = schema.Text(
        title=_("label_absence_notice", default="Absence notice"),
        description=_(
            "help_absence_notice",
            default="Shown to seekers while it is set, e.g. during holidays.",
        ),
        max_length=500,
        constraint=fields.plain_text,
        required=False,
    )


class IConversation(model.Schema):
    """One conversation: ciphertext, envelopes and minimal metadata (``content.py``)."""
