"""The checks of the counselling services' bodies, before anything is written.

Every incoming object is checked with ``wire.check_*`` and against the conversation (its
id, the poster's role, the next ``seq`` of that role); ``Refusal`` carries the HTTP
status, the error type and the message of the answer.
"""

from email.utils import parseaddr
from sozialplattform.site.content.fields import MAX_EMAIL_LENGTH
from sozialplattform.site.content.fields import plain_line
from sozialplattform.site.counselling import ROLE_SEEKER
from sozialplattform.site.counselling import wire
from sozialplattform.site.counselling.content import conversation_folder
from sozialplattform.site.counselling.content import object_id
from sozialplattform.site.counselling.keys import current_keys
from zope.component import queryUtility
from zope.schema import ValidationError
from zope.schema.interfaces import IVocabularyFactory
import re


MAX_ATTACHMENTS = 3
MAX_PSEUDONYM = 60
#: an address without whitespace or the characters of display names, lists and comments
_PART = r"[^@\s,;<>\"()\[\]\\]+"
EMAIL = re.compile(rf"{_PART}@{_PART}\.{_PART}")
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


#: the type of a 400 for envelopes that do not match the current keys (a counsellor
#: set up or replaced a key): the client fetches the keys again and retries
KEYS_CHANGED = "KeysChanged"


class Refusal(Exception):
    """A request the server refuses: ``status``, error ``type`` and ``message``."""

    def __init__(self, status: int, message: str, type_: str = "BadRequest"):
        super().__init__(message)
        self.status = status
        self.message = message
        self.type = type_


def bad(message: str) -> Refusal:
    return Refusal(400, message)


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
    if email is not None and not is_email(email):
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


def is_email(value) -> bool:
    """One plain address: no display name, list, comment or whitespace (it becomes a
    mail header), and ``email.utils`` reads back exactly what was given."""
    return (
        isinstance(value, str)
        and len(value) <= MAX_EMAIL_LENGTH
        and EMAIL.fullmatch(value) is not None
        and parseaddr(value) == ("", value)
    )


def _plain_line(value: str) -> bool:
    try:
        return plain_line(value)
    except ValidationError:
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
            raise Refusal(
                400,
                f"envelopes[{number}]: not a current counsellor's key",
                KEYS_CHANGED,
            )
        if kid in result:
            raise bad(f"envelopes[{number}]: a second envelope for this key")
        result[kid] = envelope
    missing = sorted(set(wanted) - set(result))
    if missing:
        raise Refusal(400, f"envelopes: missing for {', '.join(missing)}", KEYS_CHANGED)
    return result
