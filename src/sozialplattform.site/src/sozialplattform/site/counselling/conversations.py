"""Create, post to, read, close and delete conversations (the services call these).

Bodies are checked first (``checks``): a refused request stores nothing. Reading
(``messages_json``) never writes, so polling is conflict-free; read cursors are stored
on a post and by ``mark_read`` (``POST @messages-read``). The seeker's token is kept
only as its SHA-256, in the conversation and in the site's token index (hash → centre
UID and conversation id).
"""

from Acquisition import aq_base
from BTrees.OOBTree import OOBTree
from datetime import datetime
from datetime import timedelta
from datetime import UTC
from hashlib import sha256
from plone import api
from plone.dexterity.utils import createContent
from secrets import compare_digest
from secrets import token_urlsafe
from sozialplattform.site.content.fields import WEEKDAYS
from sozialplattform.site.content.types import containing_centre
from sozialplattform.site.counselling import CLOSED
from sozialplattform.site.counselling import CONVERSATION_TYPE
from sozialplattform.site.counselling import OPEN
from sozialplattform.site.counselling import ROLE_COUNSELLOR
from sozialplattform.site.counselling import ROLE_SEEKER
from sozialplattform.site.counselling import wire
from sozialplattform.site.counselling.checks import bad
from sozialplattform.site.counselling.checks import check_message
from sozialplattform.site.counselling.checks import Refusal
from sozialplattform.site.counselling.checks import topic_title
from sozialplattform.site.counselling.checks import topics
from sozialplattform.site.counselling.content import AttachmentRecord
from sozialplattform.site.counselling.content import conversation_folder
from sozialplattform.site.counselling.content import MessageRecord
from sozialplattform.site.counselling.content import object_id
from sozialplattform.site.counselling.interfaces import DEFAULT_REPLY_DAYS
from sozialplattform.site.counselling.keys import counsellor_ids
from sozialplattform.site.counselling.keys import keys_of
from sozialplattform.site.timeformat import in_site_zone
from zope.annotation.interfaces import IAnnotations
import re


#: the centre's topics, for the pages (defined with the checks)
__all__ = ["Refusal", "topic_title", "topics"]


TOKENS = "sozialplattform.counselling.tokens"
TOKEN_BYTES = 24  # 192 bits, 32 base64url characters
VIDEO_HOURS = 2
TOKEN = re.compile(r"^[A-Za-z0-9_-]{22,100}$")


def now_iso(now: datetime) -> str:
    return now.astimezone(UTC).isoformat(timespec="milliseconds")


def token_hash(token: str) -> str:
    return sha256(token.encode("ascii")).hexdigest()


def _tokens(create: bool = False):
    annotations = IAnnotations(api.portal.get())
    store = annotations.get(TOKENS)
    if store is None and create:
        store = annotations[TOKENS] = OOBTree()
    return store


def by_token(token):
    """The conversation a seeker's token opens, or None (unknown, malformed, deleted)."""
    if not isinstance(token, str) or not TOKEN.fullmatch(token):
        return None
    store = _tokens()
    digest = token_hash(token)
    entry = store.get(digest) if store is not None else None
    if entry is None:
        return None
    centre_uid, conversation_id = entry
    catalog = api.portal.get_tool("portal_catalog")
    brains = catalog.unrestrictedSearchResults(UID=centre_uid)
    if len(brains) != 1:
        return None
    folder = conversation_folder(brains[0]._unrestrictedGetObject(), create=False)
    conversation = folder.get(object_id(conversation_id)) if folder else None
    if conversation is None or not compare_digest(conversation.token_hash, digest):
        return None
    return conversation


def centre_of(conversation):
    return containing_centre(conversation)


# -- writing ------------------------------------------------------------------------


def create(centre, start: dict, now: datetime) -> tuple:
    """Store a checked new conversation; returns it and the seeker's token."""
    folder = conversation_folder(centre)
    token = token_urlsafe(TOKEN_BYTES)
    # the client's id as it is (a name chooser would lower-case or replace it)
    name = object_id(start["id"])
    # a logged-in seeker becomes neither Owner nor creator: the conversation is
    # reached by its token only, never through the seeker's account
    folder._setObject(name, createContent(CONVERSATION_TYPE, id=name), set_owner=False)
    conversation = folder._getOb(name)
    conversation.creators = ()
    local_roles = getattr(aq_base(conversation), "__ac_local_roles__", None) or {}
    for principal in [p for p, roles in local_roles.items() if "Owner" in roles]:
        conversation.manage_delLocalRoles([principal])
    conversation.conversation_id = start["id"]
    conversation.pseudonym = start["pseudonym"]
    conversation.topic = start["topic"]
    conversation.notify_email = start["email"]
    conversation.token_hash = token_hash(token)
    conversation.created_at = now_iso(now)
    for kid, envelope in start["envelopes"].items():
        conversation.envelopes[kid] = envelope
    append(conversation, start["message"], start["attachments"], now)
    _tokens(create=True)[conversation.token_hash] = (centre.UID(), start["id"])
    return conversation, token


def append(conversation, message: dict, attachments, now: datetime) -> int:
    """Store a checked message with its attachments; returns its cursor."""
    cursor = conversation.last_cursor + 1
    records = [AttachmentRecord(fields, data) for fields, data in attachments]
    conversation.messages[cursor] = MessageRecord(
        cursor, message, now_iso(now), records
    )
    conversation.last_cursor = cursor
    role = message["role"]
    conversation.next_seq = {**conversation.next_seq, role: message["seq"] + 1}
    conversation.modified_at = now_iso(now)
    if role == ROLE_SEEKER:
        conversation.seeker_read_cursor = cursor
        conversation.seeker_notified = False
    else:
        conversation.counsellor_read_cursor = cursor
        conversation.counsellors_notified = False
    return cursor


def check_post(conversation, role: str, data) -> tuple:
    """The checked message and attachments of a post of ``role`` (nothing stored)."""
    if conversation.state != OPEN:
        raise bad("This conversation is closed.")
    return check_message(
        conversation.conversation_id,
        role,
        conversation.next_seq[role],
        data.get("message"),
        data.get("attachments"),
    )


def post(conversation, role: str, checked, now: datetime, userid: str | None = None):
    """Store a post checked by ``check_post``; returns the cursor."""
    message, attachments = checked
    cursor = append(conversation, message, attachments, now)
    if role == ROLE_COUNSELLOR and userid and conversation.assignee is None:
        conversation.assignee = userid
    return cursor


def mark_read(conversation, role: str, cursor) -> bool:
    """Store a participant's read cursor (only forward); whether it changed."""
    if type(cursor) is not int or not 0 <= cursor <= conversation.last_cursor:
        raise bad(f"cursor: an integer from 0 to {conversation.last_cursor}")
    name = f"{role}_read_cursor"
    if cursor <= getattr(conversation, name):
        return False
    setattr(conversation, name, cursor)
    if role == ROLE_COUNSELLOR:
        conversation.counsellors_notified = False
    else:
        conversation.seeker_notified = False
    return True


def close(conversation, now: datetime) -> None:
    if conversation.state != CLOSED:
        conversation.state = CLOSED
        conversation.closed_at = now_iso(now)
        conversation.modified_at = now_iso(now)


def reopen(conversation, now: datetime) -> None:
    if conversation.state != OPEN:
        conversation.state = OPEN
        conversation.closed_at = None
        conversation.modified_at = now_iso(now)


def forget_token(conversation, event=None) -> None:
    """The token index entry goes with the conversation (a subscriber of its removal,
    also when its folder or centre is deleted)."""
    store = _tokens()
    if store is not None and conversation.token_hash in store:
        del store[conversation.token_hash]


def delete(conversation) -> None:
    """Remove the conversation with its messages, envelopes and attachment blobs."""
    forget_token(conversation)
    folder = conversation.aq_parent
    folder._delObject(conversation.getId(), suppress_events=False)


def assign(conversation, to, userid: str) -> None:
    """Take (``to`` = own id), hand over (a colleague with the role) or release."""
    if to is None:
        conversation.assignee = None
        return
    if not isinstance(to, str) or to not in counsellor_ids(centre_of(conversation)):
        raise bad("to: a counsellor of this centre")
    conversation.assignee = to


def offer_video(conversation, now: datetime) -> str:
    from sozialplattform.site.jitsi.rooms import new_room_name

    if conversation.state != OPEN:
        raise bad("This conversation is closed.")
    if not conversation.video_room:
        conversation.video_room = new_room_name()
    conversation.video_offered = now_iso(now)
    return conversation.video_room


# -- reading ------------------------------------------------------------------------


def parse_since(value) -> int:
    if value in (None, ""):
        return 0
    # ASCII digits only: str.isdigit() also takes "²", which int() refuses
    if not isinstance(value, str) or not re.fullmatch(r"[0-9]{1,12}", value):
        raise bad("since: a cursor (a non-negative integer)")
    return int(value)


def item_json(record) -> dict:
    return {
        "cursor": record.cursor,
        "created": record.created,
        "message": record.message,
        "attachments": [
            {"index": item.index, "size": item.size} for item in record.attachments
        ],
    }


def in_chat_hours(folder, now: datetime) -> bool:
    local = in_site_zone(now)
    day, time = WEEKDAYS[local.weekday()], f"{local:%H:%M}"
    return any(
        entry["day"] == day and entry["start"] <= time < entry["end"]
        for entry in (getattr(folder, "chat_hours", None) or ())
    )


def video_json(conversation, now: datetime):
    offered = conversation.video_offered
    if not offered or not conversation.video_room:
        return None
    if datetime.fromisoformat(offered) + timedelta(hours=VIDEO_HOURS) <= now:
        return None
    return {"offered": offered}


def messages_json(conversation, since: int, role: str, now: datetime, userid=None):
    """``GET @messages``: the items after ``since`` and the conversation's state."""
    folder = conversation.aq_parent
    body = {
        "conversation": conversation.conversation_id,
        "state": conversation.state,
        "cursor": conversation.last_cursor,
        "items": [
            item_json(record) for record in conversation.messages.values(min=since + 1)
        ],
        "next_seq": conversation.next_seq[role],
        "reply_days": getattr(folder, "reply_days", None) or DEFAULT_REPLY_DAYS,
        "absence_notice": getattr(folder, "absence_notice", None) or None,
        "chat_hours": list(getattr(folder, "chat_hours", None) or []),
        "in_chat_hours": in_chat_hours(folder, now),
        "video": video_json(conversation, now),
    }
    if role == ROLE_COUNSELLOR:
        body.update(
            {
                "envelope": own_envelope(conversation, userid),
                "pseudonym": conversation.pseudonym,
                "topic": conversation.topic,
                "assignee": conversation.assignee,
            }
        )
    return body


def own_envelope(conversation, userid) -> dict | None:
    """The caller's envelope, only while they hold the role on the centre."""
    pair = keys_of(userid) if userid else None
    if pair is None or userid not in counsellor_ids(centre_of(conversation)):
        return None
    return conversation.envelopes.get(pair.kid)


def attachment_json(conversation, cursor, index) -> dict:
    try:
        cursor, index = int(cursor), int(index)
    except (TypeError, ValueError):
        raise bad("cursor and index: integers") from None
    in_range = 0 < cursor <= conversation.last_cursor
    record = conversation.messages.get(cursor) if in_range else None
    for item in record.attachments if record is not None else ():
        if item.index == index:
            return {**item.fields, "ciphertext": wire.b64u_encode(item.ciphertext())}
    raise Refusal(404, "No such attachment.", "NotFound")
