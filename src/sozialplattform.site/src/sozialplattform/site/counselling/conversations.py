"""Create, post to, read, close and delete conversations (the services call these).

Every incoming object is checked with ``wire.check_*`` and against the conversation
(its id, the poster's role, the next ``seq`` of that role) before anything is written:
a refused request stores nothing. ``Refusal`` carries the HTTP status and message.
Reading (``messages_json``) never writes, so polling is conflict-free; read cursors are
stored on a post and by ``mark_read`` (``POST @messages-read``).
"""

from BTrees.OOBTree import OOBTree
from datetime import datetime
from datetime import timedelta
from datetime import UTC
from hashlib import sha256
from plone import api
from plone.dexterity.utils import createContent
from secrets import compare_digest
from secrets import token_urlsafe
from sozialplattform.site.content.fields import MAX_EMAIL_LENGTH
from sozialplattform.site.content.fields import plain_line
from sozialplattform.site.content.fields import WEEKDAYS
from sozialplattform.site.content.types import containing_centre
from sozialplattform.site.counselling import CLOSED
from sozialplattform.site.counselling import CONVERSATION_TYPE
from sozialplattform.site.counselling import OPEN
from sozialplattform.site.counselling import ROLE_COUNSELLOR
from sozialplattform.site.counselling import ROLE_SEEKER
from sozialplattform.site.counselling import wire
from sozialplattform.site.counselling.content import AttachmentRecord
from sozialplattform.site.counselling.content import conversation_folder
from sozialplattform.site.counselling.content import MessageRecord
from sozialplattform.site.counselling.content import object_id
from sozialplattform.site.counselling.interfaces import DEFAULT_REPLY_DAYS
from sozialplattform.site.counselling.keys import counsellor_ids
from sozialplattform.site.counselling.keys import current_keys
from sozialplattform.site.counselling.keys import keys_of
from sozialplattform.site.timeformat import in_site_zone
from zope.annotation.interfaces import IAnnotations
from zope.component import queryUtility
from zope.schema.interfaces import IVocabularyFactory
import re


TOKENS = "sozialplattform.counselling.tokens"
TOKEN_BYTES = 24  # 192 bits, 32 base64url characters
MAX_ATTACHMENTS = 3
MAX_PSEUDONYM = 60
VIDEO_HOURS = 2
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
TOKEN = re.compile(r"^[A-Za-z0-9_-]{22,100}$")
START_KEYS = {
    "conversation",
    "pseudonym",
    "topic",
    "consent",
    "email",
    "message",
    "attachments",
    "envelopes",
}


class Refusal(Exception):
    """A request the server refuses: ``status``, error ``type`` and ``message``."""

    def __init__(self, status: int, message: str, type_: str = "BadRequest"):
        super().__init__(message)
        self.status = status
        self.message = message
        self.type = type_


def bad(message: str) -> Refusal:
    return Refusal(400, message)


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


# -- checking the bodies ----------------------------------------------------------


def body_object(data, keys: set[str], required: set[str] = frozenset()) -> dict:
    if not isinstance(data, dict):
        raise bad("Send a JSON object.")
    unknown = sorted(set(data) - keys)
    if unknown:
        raise bad(f"Unknown fields: {', '.join(unknown)}")
    missing = sorted(name for name in required if name not in data)
    if missing:
        raise bad(f"Missing fields: {', '.join(missing)}")
    return data


def _wire(check, obj, field: str) -> dict:
    try:
        return check(obj)
    except wire.WireFormatError as error:
        raise bad(f"{field}: {error}") from None


def check_message(conversation_id: str, role: str, next_seq: int, message, attachments):
    """The checked message and ``[(attachment fields, decoded ciphertext)]``."""
    message = _wire(wire.check_message, message, "message")
    if message["conversation"] != conversation_id:
        raise bad("message: conversation is not this conversation")
    if message["role"] != role:
        raise bad(f"message: role must be {role!r}")
    if attachments is None:
        attachments = []
    if not isinstance(attachments, list) or len(attachments) > MAX_ATTACHMENTS:
        raise bad(f"attachments: a list of at most {MAX_ATTACHMENTS} objects")
    checked, indexes = [], set()
    for number, raw in enumerate(attachments):
        attachment = _wire(wire.check_attachment, raw, f"attachments[{number}]")
        if (
            attachment["conversation"] != conversation_id
            or attachment["role"] != role
            or attachment["seq"] != message["seq"]
        ):
            raise bad(f"attachments[{number}]: not an attachment of this message")
        if attachment["index"] in indexes:
            raise bad(f"attachments[{number}]: index used twice")
        indexes.add(attachment["index"])
        checked.append((attachment, wire.b64u_decode(attachment["ciphertext"])))
    if message["seq"] != next_seq:
        raise Refusal(
            409, f"seq must be {next_seq}: encrypt again with this number", "Conflict"
        )
    return message, checked


def topics(centre) -> list[dict]:
    """The centre's topics as ``{"token", "title"}``."""
    factory = queryUtility(IVocabularyFactory, "sozialplattform.topics")
    vocabulary = factory(centre) if factory is not None else None
    result = []
    for token in getattr(centre, "topics", None) or ():
        title = token
        if vocabulary is not None and token in vocabulary:
            title = vocabulary.getTerm(token).title or token
        result.append({"token": token, "title": title})
    return result


def topic_title(centre, token) -> str | None:
    for topic in topics(centre):
        if topic["token"] == token:
            return topic["title"]
    return token


def check_start(centre, data) -> dict:
    """The checked body of ``POST <centre>/@conversations``."""
    body_object(data, START_KEYS, {"conversation", "pseudonym", "message"})
    try:
        conversation_id = wire.check_conversation_id(data["conversation"])
    except wire.WireFormatError as error:
        raise bad(str(error)) from None
    pseudonym = data["pseudonym"]
    if (
        not isinstance(pseudonym, str)
        or not pseudonym.strip()
        or len(pseudonym) > MAX_PSEUDONYM
        or not _plain_line(pseudonym)
    ):
        raise bad(f"pseudonym: 1 to {MAX_PSEUDONYM} characters on one line")
    if data.get("consent") is not True:
        raise bad("consent: the privacy consent is required")
    allowed_topics = [topic["token"] for topic in topics(centre)]
    topic = data.get("topic")
    if allowed_topics and topic not in allowed_topics:
        raise bad(f"topic: one of {', '.join(allowed_topics)}")
    if not allowed_topics and topic not in (None, ""):
        raise bad("topic: this centre has no topics")
    email = data.get("email") or None
    if email is not None and (
        not isinstance(email, str)
        or len(email) > MAX_EMAIL_LENGTH
        or not EMAIL.match(email)
    ):
        raise bad("email: an e-mail address")
    try:
        message, attachments = check_message(
            conversation_id, ROLE_SEEKER, 1, data["message"], data.get("attachments")
        )
    except Refusal as refusal:
        raise bad(f"message: {refusal.message}") from None
    envelopes = check_envelopes(centre, conversation_id, data.get("envelopes"))
    folder = conversation_folder(centre, create=False)
    if folder is not None and object_id(conversation_id) in folder:
        raise Refusal(409, "conversation: this id exists", "Conflict")
    return {
        "id": conversation_id,
        "pseudonym": pseudonym.strip(),
        "topic": topic or None,
        "email": email,
        "message": message,
        "attachments": attachments,
        "envelopes": envelopes,
    }


def _plain_line(value: str) -> bool:
    try:
        return plain_line(value)
    except Exception:
        return False


def check_envelopes(centre, conversation_id: str, envelopes) -> dict[str, dict]:
    """One envelope for each current counsellor's key, nothing else."""
    wanted = current_keys(centre)
    if not wanted:
        raise Refusal(
            400,
            "No counsellor of this centre is ready for encrypted conversations yet.",
            "NotReady",
        )
    if not isinstance(envelopes, list):
        raise bad("envelopes: a list with one envelope per listed key")
    result = {}
    for number, raw in enumerate(envelopes):
        envelope = _wire(wire.check_envelope, raw, f"envelopes[{number}]")
        if envelope["conversation"] != conversation_id:
            raise bad(f"envelopes[{number}]: for another conversation")
        kid = envelope["recipient"]
        if kid not in wanted:
            raise bad(f"envelopes[{number}]: not a current counsellor's key")
        if kid in result:
            raise bad(f"envelopes[{number}]: a second envelope for this key")
        result[kid] = envelope
    missing = sorted(set(wanted) - set(result))
    if missing:
        raise bad(f"envelopes: missing for {', '.join(missing)}")
    return result


# -- writing ------------------------------------------------------------------------


def create(centre, start: dict, now: datetime) -> tuple:
    """Store a checked new conversation; returns it and the seeker's token."""
    folder = conversation_folder(centre)
    token = token_urlsafe(TOKEN_BYTES)
    # the client's id as it is (a name chooser would lower-case or replace it)
    name = object_id(start["id"])
    folder._setObject(name, createContent(CONVERSATION_TYPE, id=name))
    conversation = folder._getOb(name)
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


def post(conversation, role: str, data, now: datetime, userid: str | None = None):
    """Check and store a posted message of ``role``; returns the cursor."""
    if conversation.state != OPEN:
        raise bad("This conversation is closed.")
    message, attachments = check_message(
        conversation.conversation_id,
        role,
        conversation.next_seq[role],
        data.get("message"),
        data.get("attachments"),
    )
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


def delete(conversation) -> None:
    """Remove the conversation with its messages, envelopes and attachment blobs."""
    store = _tokens()
    if store is not None and conversation.token_hash in store:
        del store[conversation.token_hash]
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
    if not isinstance(value, str) or not value.isdigit() or len(value) > 12:
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
    centre = centre_of(folder)
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
