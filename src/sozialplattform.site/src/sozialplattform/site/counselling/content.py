"""Content classes of the written counselling: the private folder, the conversation.

A ``Conversation`` keeps what the server may know (``docs/developers/counselling-
crypto.md``, threat model): pseudonym, topic, state, times, the token's SHA-256, the
optional notice address, the assignee, read cursors; its messages in an ``LOBTree``
cursor → ``MessageRecord`` (the message object as received, its attachments' ciphertext
in blobs) and its envelopes in an ``OOBTree`` kid → envelope object.
"""

from BTrees.LOBTree import LOBTree
from BTrees.OOBTree import OOBTree
from persistent import Persistent
from plone.dexterity.content import Item
from plone.dexterity.utils import createContentInContainer
from sozialplattform.site.anonymous.containers import UnorderedContainer
from sozialplattform.site.counselling import FOLDER_ID
from sozialplattform.site.counselling import FOLDER_TYPE
from sozialplattform.site.counselling import OPEN
from sozialplattform.site.counselling.interfaces import IConversation
from sozialplattform.site.counselling.interfaces import IConversationFolder
from ZODB.blob import Blob
from zope.interface import implementer


@implementer(IConversationFolder)
class ConversationFolder(UnorderedContainer):
    """``<centre>/beratung``: the centre's counsellors and the Managers only.

    Unordered: conversations arrive concurrently from anonymous seekers.
    """

    exclude_from_nav = True


class AttachmentRecord(Persistent):
    """One attachment: its fields as attributes, the decoded ciphertext in a blob."""

    def __init__(self, obj: dict, ciphertext: bytes):
        self.fields = {k: v for k, v in obj.items() if k != "ciphertext"}
        self.index = obj["index"]
        self.size = len(ciphertext)
        self.blob = Blob()
        with self.blob.open("w") as stream:
            stream.write(ciphertext)

    def ciphertext(self) -> bytes:
        with self.blob.open("r") as stream:
            return stream.read()


class MessageRecord(Persistent):
    """One message as received (after ``wire.check_message``) and its attachments."""

    def __init__(self, cursor: int, message: dict, created: str, attachments=()):
        self.cursor = cursor
        self.message = message
        self.created = created
        self.attachments = list(attachments)

    @property
    def role(self) -> str:
        return self.message["role"]


@implementer(IConversation)
class Conversation(Item):
    """One conversation of a seeker with a centre (id: the client's conversation id)."""

    #: the protocol's conversation id (the client's); the Zope id is ``object_id`` of it
    conversation_id = None
    pseudonym = ""
    topic = None
    closed_at = None
    state = OPEN
    created_at = None
    modified_at = None
    token_hash = None
    notify_email = None
    assignee = None
    seeker_read_cursor = 0
    counsellor_read_cursor = 0
    #: a notice mail went to the counsellors / the seeker and nobody has read since
    counsellors_notified = False
    seeker_notified = False
    video_room = None
    video_offered = None
    last_cursor = 0

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.messages = LOBTree()
        self.envelopes = OOBTree()
        self.next_seq = {"seeker": 1, "counsellor": 1}

    def SearchableText(self) -> str:
        return ""

    # Never in the catalog: the inbox lists the folder's items, and a message (a new
    # ``modified_at``) must not write catalog records.
    def indexObject(self):
        pass

    def reindexObject(self, idxs=None, **kwargs):
        pass

    def unindexObject(self):
        pass

    def reindexObjectSecurity(self, skip_self=False):
        pass


def object_id(conversation_id: str) -> str:
    """The Zope id of a conversation: ``c-`` and the protocol's id with ``_`` as ``.``.

    Zope refuses ids that begin with ``_`` or end with ``__`` (1 in 64 random ids), and
    never publishes names beginning with ``_``; the mapping is one-to-one, as protocol
    ids never contain a dot.
    """
    return "c-" + conversation_id.replace("_", ".")


def conversation_folder(centre, create: bool = True) -> ConversationFolder | None:
    """The centre's conversation folder; created on demand (without permission checks)."""
    folder = centre.get(FOLDER_ID)
    if folder is None and create:
        folder = createContentInContainer(
            centre,
            FOLDER_TYPE,
            checkConstraints=False,
            id=FOLDER_ID,
            title="Online-Beratung",
        )
    return folder
