"""The counsellors' inbox: the filters new, mine, open, closed and their counts."""

from plone import api
from sozialplattform.site.content.types import containing_centre
from sozialplattform.site.counselling import CLOSED
from sozialplattform.site.counselling import OPEN
from sozialplattform.site.counselling import ROLE_SEEKER
from sozialplattform.site.counselling.checks import bad
from sozialplattform.site.counselling.checks import topic_title


def unread(conversation) -> int:
    """Seeker messages after the counsellors' read cursor."""
    return sum(
        1
        for record in conversation.messages.values(
            min=conversation.counsellor_read_cursor + 1
        )
        if record.role == ROLE_SEEKER
    )


FILTERS = ("new", "mine", "open", "closed")


def matches(conversation, name: str, userid: str) -> bool:
    if name == "closed":
        return conversation.state == CLOSED
    if conversation.state != OPEN:
        return False
    if name == "new":
        return conversation.assignee is None
    if name == "mine":
        return conversation.assignee == userid
    return True


def inbox(folder, name: str, userid: str) -> dict:
    """``GET <folder>/@conversations?filter=``: the items and the counts."""
    if name not in FILTERS:
        raise bad(f"filter: one of {', '.join(FILTERS)}")
    centre = containing_centre(folder)
    conversations = list(folder.objectValues())
    counts = {
        key: sum(1 for c in conversations if matches(c, key, userid)) for key in FILTERS
    }
    items = [
        conversation_summary(c, centre)
        for c in conversations
        if matches(c, name, userid)
    ]
    items.sort(key=lambda item: item["modified"] or "", reverse=True)
    return {"items": items, "counts": counts}


def conversation_summary(conversation, centre) -> dict:
    assignee = conversation.assignee
    user = api.user.get(userid=assignee) if assignee else None
    return {
        "@id": conversation.absolute_url(),
        "id": conversation.conversation_id,
        "pseudonym": conversation.pseudonym,
        "topic": conversation.topic,
        "topic_title": topic_title(centre, conversation.topic),
        "state": conversation.state,
        "created": conversation.created_at,
        "modified": conversation.modified_at,
        "assignee": assignee,
        "assignee_title": (user.getProperty("fullname", "") or assignee)
        if user is not None
        else assignee,
        "unread": unread(conversation),
    }
