"""The wire format of the counselling protocol, without any cryptography.

``docs/developers/counselling-crypto.md`` is the specification; this module is its
executable part that needs no key: the constants, strict base64url, the canonical
byte strings that the ciphers authenticate (``additional_data``, ``envelope_info``,
``private_key_aad``), the key id of a public key and ``check_*`` functions that
validate each JSON object's shape. The server uses it to refuse malformed objects
(``WireFormatError`` → 400) without being able to read them; ``reference.py`` (the
Python reference client, needs ``cryptography``) and ``static/crypto.js`` (the browser)
build on the same definitions.
"""

from collections.abc import Mapping
import base64
import hashlib
import re


PROTOCOL = "sozialplattform.counselling.v1"
VERSION = 1

#: one-byte codes in the additional data
KINDS = {"message": 1, "attachment": 2}
ROLES = {"seeker": 1, "counsellor": 2}

IV_LENGTH = 12
TAG_LENGTH = 16
CONVERSATION_KEY_LENGTH = 32
WRAPPED_CONVERSATION_KEY_LENGTH = 40  # AES-KW of 32 bytes
SALT_LENGTH = 16
PBKDF2_ITERATIONS = 600_000
PBKDF2_MIN_ITERATIONS = 600_000
PBKDF2_MAX_ITERATIONS = 10_000_000
MAX_SEQ = 2**32 - 1
MAX_INDEX = 2**16 - 1
#: the issue's limit for one message, in bytes of ciphertext (tag included)
MAX_MESSAGE_CIPHERTEXT = 20_000
MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024
MAX_ATTACHMENT_HEADER = 1024
#: 10 MiB of file plus the header of the attachment plaintext and the tag
MAX_ATTACHMENT_CIPHERTEXT = (
    MAX_ATTACHMENT_BYTES + 2 + MAX_ATTACHMENT_HEADER + TAG_LENGTH
)

ALG_PUBLIC_KEY = "ECDH-P256"
ALG_ENVELOPE = "ECDH-P256+HKDF-SHA256+A256KW"
ALG_PRIVATE_KEY = "PBKDF2-SHA256+A256GCM"
ALG_CONTENT = "A256GCM"

#: DER prefix of a P-256 SubjectPublicKeyInfo (id-ecPublicKey, prime256v1, BIT STRING
#: of 66 bytes); followed by the 65-byte uncompressed point 0x04 || X || Y
SPKI_P256_PREFIX = bytes.fromhex("3059301306072a8648ce3d020106082a8648ce3d030107034200")
SPKI_P256_LENGTH = len(SPKI_P256_PREFIX) + 65

CONVERSATION_ID = re.compile(r"[A-Za-z0-9_-]{16,64}")
_B64U = re.compile(r"[A-Za-z0-9_-]*")


class WireFormatError(ValueError):
    """A protocol object or value does not have the documented form."""


def b64u_encode(data: bytes) -> str:
    """base64url without padding (RFC 4648 section 5)."""
    return base64.urlsafe_b64encode(bytes(data)).rstrip(b"=").decode("ascii")


def b64u_decode(text: str, length: int | None = None, field: str = "value") -> bytes:
    """Strict base64url without padding: the canonical form only, optionally of
    exactly ``length`` bytes."""
    if not isinstance(text, str) or not _B64U.fullmatch(text) or len(text) % 4 == 1:
        raise WireFormatError(f"{field}: not base64url without padding")
    data = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    if b64u_encode(data) != text:
        raise WireFormatError(f"{field}: not canonical base64url")
    if length is not None and len(data) != length:
        raise WireFormatError(f"{field}: {length} bytes expected, got {len(data)}")
    return data


def check_conversation_id(conversation: str) -> str:
    if not isinstance(conversation, str) or not CONVERSATION_ID.fullmatch(conversation):
        raise WireFormatError("conversation: 16 to 64 characters of A-Z a-z 0-9 _ -")
    return conversation


def _u8(value: int) -> bytes:
    return value.to_bytes(1, "big")


def _u16(value: int) -> bytes:
    return value.to_bytes(2, "big")


def _check_int(value, field: str, low: int, high: int) -> int:
    if type(value) is not int or not low <= value <= high:
        raise WireFormatError(f"{field}: an integer from {low} to {high}")
    return value


def additional_data(
    kind: str, conversation: str, role: str, seq: int, index: int = 0
) -> bytes:
    """The AES-GCM additional data of a message or attachment (41 + n bytes)::

        PROTOCOL (30 ASCII bytes) || 0x00 || u8 kind || u8 role || u32 seq
        || u16 index || u16 n || conversation (n ASCII bytes)

    integers big-endian; kind 1 message, 2 attachment; role 1 seeker, 2 counsellor;
    index 0 for a message, the attachment's 0-based position in its message otherwise.
    """
    if not isinstance(kind, str) or kind not in KINDS:
        raise WireFormatError("kind: 'message' or 'attachment'")
    if not isinstance(role, str) or role not in ROLES:
        raise WireFormatError("role: 'seeker' or 'counsellor'")
    conv = check_conversation_id(conversation).encode("ascii")
    _check_int(seq, "seq", 1, MAX_SEQ)
    _check_int(index, "index", 0, 0 if kind == "message" else MAX_INDEX)
    return b"".join(
        (
            PROTOCOL.encode("ascii"),
            b"\x00",
            _u8(KINDS[kind]),
            _u8(ROLES[role]),
            seq.to_bytes(4, "big"),
            _u16(index),
            _u16(len(conv)),
            conv,
        )
    )


def envelope_info(recipient: str, conversation: str) -> bytes:
    """HKDF ``info`` of an envelope::

    PROTOCOL || 0x00 || "envelope" || 0x00 || recipient key id (32 bytes)
    || u16 n || conversation (n ASCII bytes)
    """
    kid = b64u_decode(recipient, 32, "recipient")
    conv = check_conversation_id(conversation).encode("ascii")
    return b"".join(
        (PROTOCOL.encode("ascii"), b"\x00envelope\x00", kid, _u16(len(conv)), conv)
    )


def private_key_aad(kid: str) -> bytes:
    """AES-GCM additional data of a wrapped private key::

    PROTOCOL || 0x00 || "private-key" || 0x00 || key id (32 bytes)
    """
    return b"".join(
        (PROTOCOL.encode("ascii"), b"\x00private-key\x00", b64u_decode(kid, 32, "kid"))
    )


def check_spki(spki: bytes) -> bytes:
    """The DER SubjectPublicKeyInfo of a P-256 key with an uncompressed point (91 bytes).
    Only the form is checked here; that the point is on the curve, the clients check
    on import."""
    if (
        len(spki) != SPKI_P256_LENGTH
        or not spki.startswith(SPKI_P256_PREFIX)
        or spki[len(SPKI_P256_PREFIX)] != 4
    ):
        raise WireFormatError("spki: not a P-256 public key with an uncompressed point")
    return spki


def key_id(spki: bytes) -> str:
    """Key id: base64url of SHA-256 over the 91-byte DER SPKI of the public key."""
    return b64u_encode(hashlib.sha256(check_spki(bytes(spki))).digest())


def _check_keys(obj, type_: str, keys: set[str]) -> Mapping:
    if not isinstance(obj, Mapping):
        raise WireFormatError(f"{type_}: a JSON object expected")
    if set(obj) != keys:
        missing = sorted(keys - set(obj))
        unknown = sorted(set(obj) - keys)
        raise WireFormatError(f"{type_}: missing {missing}, unknown {unknown}")
    if obj["v"] != VERSION or type(obj["v"]) is not int:
        raise WireFormatError(f"{type_}: v must be {VERSION}")
    if obj["type"] != type_:
        raise WireFormatError(f"type must be {type_!r}")
    return obj


def check_message(obj) -> dict:
    """A message: ``{"v", "type": "message", "conversation", "role", "seq", "iv",
    "ciphertext"}``; returns a copy."""
    _check_keys(
        obj, "message", {"v", "type", "conversation", "role", "seq", "iv", "ciphertext"}
    )
    additional_data("message", obj["conversation"], obj["role"], obj["seq"])
    b64u_decode(obj["iv"], IV_LENGTH, "iv")
    ct = b64u_decode(obj["ciphertext"], None, "ciphertext")
    if not TAG_LENGTH <= len(ct) <= MAX_MESSAGE_CIPHERTEXT:
        raise WireFormatError(
            f"ciphertext: {TAG_LENGTH} to {MAX_MESSAGE_CIPHERTEXT} bytes"
        )
    return dict(obj)


def check_attachment(obj) -> dict:
    """An attachment: as a message plus ``index``, with ``type: "attachment"``."""
    keys = {"v", "type", "conversation", "role", "seq", "index", "iv", "ciphertext"}
    _check_keys(obj, "attachment", keys)
    additional_data(
        "attachment", obj["conversation"], obj["role"], obj["seq"], obj["index"]
    )
    b64u_decode(obj["iv"], IV_LENGTH, "iv")
    ct = b64u_decode(obj["ciphertext"], None, "ciphertext")
    if not TAG_LENGTH + 2 <= len(ct) <= MAX_ATTACHMENT_CIPHERTEXT:
        raise WireFormatError(f"ciphertext: at most {MAX_ATTACHMENT_CIPHERTEXT} bytes")
    return dict(obj)


def check_public_key(obj) -> dict:
    """A counsellor's public key: ``{"v", "type": "public-key", "alg": "ECDH-P256",
    "kid", "spki"}``; ``kid`` must be the key id of ``spki``."""
    _check_keys(obj, "public-key", {"v", "type", "alg", "kid", "spki"})
    if obj["alg"] != ALG_PUBLIC_KEY:
        raise WireFormatError(f"alg must be {ALG_PUBLIC_KEY!r}")
    spki = b64u_decode(obj["spki"], SPKI_P256_LENGTH, "spki")
    if key_id(spki) != obj["kid"]:
        raise WireFormatError("kid is not the SHA-256 of spki")
    return dict(obj)


def check_envelope(obj) -> dict:
    """A conversation key wrapped for one counsellor: ``{"v", "type": "envelope",
    "alg", "conversation", "recipient", "epk", "wrapped"}``."""
    keys = {"v", "type", "alg", "conversation", "recipient", "epk", "wrapped"}
    _check_keys(obj, "envelope", keys)
    if obj["alg"] != ALG_ENVELOPE:
        raise WireFormatError(f"alg must be {ALG_ENVELOPE!r}")
    envelope_info(obj["recipient"], obj["conversation"])
    epk = b64u_decode(obj["epk"], 65, "epk")
    if epk[0] != 4:
        raise WireFormatError("epk: an uncompressed P-256 point (0x04 || X || Y)")
    b64u_decode(obj["wrapped"], WRAPPED_CONVERSATION_KEY_LENGTH, "wrapped")
    return dict(obj)


def check_wrapped_private_key(obj) -> dict:
    """A counsellor's private key under the passphrase: ``{"v", "type":
    "wrapped-private-key", "alg", "kid", "kdf": {"iterations", "salt"}, "iv",
    "ciphertext"}``."""
    keys = {"v", "type", "alg", "kid", "kdf", "iv", "ciphertext"}
    _check_keys(obj, "wrapped-private-key", keys)
    if obj["alg"] != ALG_PRIVATE_KEY:
        raise WireFormatError(f"alg must be {ALG_PRIVATE_KEY!r}")
    b64u_decode(obj["kid"], 32, "kid")
    kdf = obj["kdf"]
    if not isinstance(kdf, Mapping) or set(kdf) != {"iterations", "salt"}:
        raise WireFormatError("kdf: exactly 'iterations' and 'salt'")
    _check_int(
        kdf["iterations"], "iterations", PBKDF2_MIN_ITERATIONS, PBKDF2_MAX_ITERATIONS
    )
    b64u_decode(kdf["salt"], SALT_LENGTH, "salt")
    b64u_decode(obj["iv"], IV_LENGTH, "iv")
    ct = b64u_decode(obj["ciphertext"], None, "ciphertext")
    if not TAG_LENGTH < len(ct) <= 512:
        raise WireFormatError("ciphertext: a wrapped PKCS #8 key of at most 512 bytes")
    return dict(obj)


def check_sequence(
    messages, next_seq: Mapping[str, int] | None = None
) -> tuple[list[dict], dict[str, int]]:
    """Check the sequence numbers of messages in the order the server delivered them:
    per role they must run 1, 2, 3, ... without gaps or repeats. ``next_seq`` is the
    state of an earlier call (``None`` at the start of a conversation). Returns
    ``(problems, next_seq)``, each problem ``{"role", "expected", "seq"}``."""
    state = dict(next_seq or dict.fromkeys(ROLES, 1))
    problems = []
    for message in messages:
        role, seq = message["role"], message["seq"]
        if not isinstance(role, str) or role not in ROLES:
            raise WireFormatError("role: 'seeker' or 'counsellor'")
        if seq != state[role]:
            problems.append({"role": role, "expected": state[role], "seq": seq})
        state[role] = max(state[role], seq + 1)
    return problems, state


def split_link_fragment(fragment: str) -> tuple[str, str]:
    """``"<token>.<key>"`` (a leading ``#`` allowed) → ``(token, key)``; the key is
    the base64url of the 32-byte conversation key."""
    fragment = fragment.removeprefix("#")
    token, sep, key = fragment.partition(".")
    if not sep or not token or not _B64U.fullmatch(token) or "." in key:
        raise WireFormatError("link: '<token>.<key>' expected")
    b64u_decode(key, CONVERSATION_KEY_LENGTH, "key")
    return token, key
