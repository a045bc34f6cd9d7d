"""Written counselling, end-to-end encrypted (issue 14).

The protocol layer (``docs/developers/counselling-crypto.md`` is its specification):

- ``wire.py``: the wire format without cryptography (constants, strict base64url, the
  authenticated byte strings, key ids, ``check_*`` validators) for the server.
- ``reference.py``: the Python reference client (``cryptography``, a test dependency).
- ``static/crypto.js``: the browser module (WebCrypto only), served as
  ``++plone++sozialplattform.counselling/crypto.js``.
- ``vectors.py`` / ``testvectors.json``: the fixed test vectors.

The server side (``docs/api/counselling.md`` documents the REST API): each centre's
private ``ConversationFolder`` ``<centre>/beratung`` (``content.py``) holds its
``Conversation`` objects, which keep ciphertext, envelopes and minimal metadata only;
``conversations.py`` creates, posts, reads, closes and deletes them, ``keys.py`` keeps
the counsellors' public and wrapped private keys and the envelopes, ``mails.py`` sends
notices without content, ``retention.py`` deletes old conversations, ``video.py`` gives
a conversation its ad-hoc Jitsi room.
"""

from sozialplattform.site.anonymous import serialize
from sozialplattform.site.booking import COUNSELLOR_ROLE


__all__ = ["COUNSELLOR_ROLE"]

FOLDER_TYPE = "ConversationFolder"
CONVERSATION_TYPE = "Conversation"
FOLDER_ID = "beratung"
WORKFLOW_ID = "conversation_folder_workflow"
ROLE_SEEKER = "seeker"
ROLE_COUNSELLOR = "counsellor"
OPEN = "open"
CLOSED = "closed"

# new conversations of a centre are stored one after the other per process
serialize.register("counselling", "/@conversations")
serialize.register("counselling", "/@messages")
