"""Retention of conversations: closed ones go ``closed_retention_days`` after they
were closed, open ones ``inactive_retention_days`` after their last message (control
panel "Online-Beratung", defaults 30 and 180 days).

Registered as the ``conversations-closed`` and ``conversations-inactive``
``RetentionPolicy`` utilities (``configure.zcml``), run by ``make purge`` with the other
policies. Conversations are not in the catalog, so the policies find them with
``find`` (every centre's conversation folder). Deleting a conversation removes its
messages, envelopes and attachment blobs with it (gone from the storage at the next
pack) and its token from the site's token index.
"""

from datetime import datetime
from sozialplattform.site import retention
from sozialplattform.site.counselling import CLOSED
from sozialplattform.site.counselling import CONVERSATION_TYPE
from sozialplattform.site.counselling import OPEN
from sozialplattform.site.counselling import settings
from sozialplattform.site.counselling.content import conversation_folder
from sozialplattform.site.counselling.conversations import delete
from sozialplattform.site.counselling.envelopes import revoke
from sozialplattform.site.counselling.keys import centres
from sozialplattform.site.counselling.keys import conversations_of


def all_conversations(portal) -> list:
    """Every centre's conversations; first the sweep revokes the envelopes (and keys)
    of former counsellors (``envelopes.revoke``): a change of group membership or of
    the role on a parent fires no local-role event on the centre."""
    result = []
    for centre in centres():
        if conversation_folder(centre, create=False) is None:
            continue
        revoke(centre)
        result.extend(conversations_of(centre))
    return result


def _date(state: str, name: str):
    def date_of(conversation):
        if conversation.state != state:
            return None
        value = getattr(conversation, name, None) or conversation.created_at
        return retention.aware(datetime.fromisoformat(value)) if value else None

    return date_of


CLOSED_POLICY = retention.RetentionPolicy(
    portal_type=CONVERSATION_TYPE,
    days=settings.closed_days,
    date=_date(CLOSED, "closed_at"),
    label="closed conversations",
    action=delete,
    find=all_conversations,
)
INACTIVE_POLICY = retention.RetentionPolicy(
    portal_type=CONVERSATION_TYPE,
    days=settings.inactive_days,
    date=_date(OPEN, "modified_at"),
    label="inactive conversations",
    action=delete,
    find=all_conversations,
)
