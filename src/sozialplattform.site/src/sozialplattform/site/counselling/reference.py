"""The Python reference client of the counselling protocol (needs ``cryptography``).

The same operations as ``static/crypto.js``, for tests and headless clients; the
protocol is ``docs/developers/counselling-crypto.md``, the byte layouts are in
``wire.py``. Keys are plain values: a conversation key is its 32 raw bytes, a
counsellor's keys are ``cryptography`` EC key objects (P-256). Protocol objects are the
JSON-ready dicts of the wire format. Every failure (malformed object, wrong key, wrong
passphrase, tampered ciphertext, wrong additional data) raises ``CounsellingCryptoError``.

The keyword-only ``iv``, ``salt`` and ``ephemeral`` arguments exist for the fixed test
vectors (``vectors.py``); never pass them otherwise: an IV must not repeat under a key.
"""

from cryptography.exceptions import InvalidKey
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from cryptography.hazmat.primitives.kdf.pbkdf2 import PBKDF2HMAC
from cryptography.hazmat.primitives.keywrap import aes_key_unwrap
from cryptography.hazmat.primitives.keywrap import aes_key_wrap
from cryptography.hazmat.primitives.keywrap import InvalidUnwrap
from sozialplattform.site.counselling import wire
from sozialplattform.site.counselling.wire import b64u_decode
from sozialplattform.site.counselling.wire import b64u_encode
import json
import os
import secrets
import unicodedata


class CounsellingCryptoError(ValueError):
    """Decryption or unwrapping failed, or an object is malformed."""


def _fail(error: Exception, message: str):
    raise CounsellingCryptoError(message) from error


def _checked(check, obj) -> dict:
    try:
        return check(obj)
    except wire.WireFormatError as error:
        _fail(error, str(error))


def _expect(obj: dict, expected: dict) -> None:
    for name, value in expected.items():
        if value is not None and obj[name] != value:
            raise CounsellingCryptoError(f"{name}: {value!r} expected")


# --- conversation key and link -------------------------------------------------------


def create_conversation_id() -> str:
    """A new conversation id: 128 random bits, base64url (22 characters)."""
    return b64u_encode(secrets.token_bytes(16))


def create_conversation_key() -> bytes:
    """A new conversation key: 32 random bytes for AES-256-GCM."""
    return secrets.token_bytes(wire.CONVERSATION_KEY_LENGTH)


def export_link_key(key: bytes) -> str:
    """The key part of the secret link: base64url of the raw key (43 characters)."""
    if len(key) != wire.CONVERSATION_KEY_LENGTH:
        raise CounsellingCryptoError("a conversation key has 32 bytes")
    return b64u_encode(key)


def import_link_key(text: str) -> bytes:
    try:
        return b64u_decode(text, wire.CONVERSATION_KEY_LENGTH, "key")
    except wire.WireFormatError as error:
        _fail(error, str(error))


def link_fragment(token: str, link_key: str) -> str:
    """``<token>.<key>``, the fragment of ``…/@@beratung#<token>.<key>``."""
    fragment = f"{token}.{link_key}"
    parse_link_fragment(fragment)
    return fragment


def parse_link_fragment(fragment: str) -> dict:
    """``"#<token>.<key>"`` or ``"<token>.<key>"`` → ``{"token", "key"}`` (the key
    as base64url; ``import_link_key`` makes the raw key of it)."""
    try:
        token, key = wire.split_link_fragment(fragment)
    except wire.WireFormatError as error:
        _fail(error, str(error))
    return {"token": token, "key": key}


# --- messages and attachments --------------------------------------------------------


def _encrypt(key: bytes, plaintext: bytes, aad: bytes, iv: bytes | None) -> tuple:
    iv = os.urandom(wire.IV_LENGTH) if iv is None else iv
    if len(iv) != wire.IV_LENGTH:
        raise CounsellingCryptoError("the IV has 12 bytes")
    return iv, AESGCM(key).encrypt(iv, plaintext, aad)


def _decrypt(key: bytes, obj: dict, aad: bytes) -> bytes:
    if len(key) != wire.CONVERSATION_KEY_LENGTH:
        raise CounsellingCryptoError("a conversation key has 32 bytes")
    try:
        return AESGCM(key).decrypt(
            b64u_decode(obj["iv"]), b64u_decode(obj["ciphertext"]), aad
        )
    except InvalidTag as error:
        _fail(error, "decryption failed: wrong key, tampered ciphertext or context")


def encrypt_message(
    key: bytes,
    text: str,
    *,
    conversation: str,
    role: str,
    seq: int,
    iv: bytes | None = None,
) -> dict:
    """Encrypt a message's text (UTF-8) under the conversation key."""
    try:
        aad = wire.additional_data("message", conversation, role, seq)
    except wire.WireFormatError as error:
        _fail(error, str(error))
    iv, ciphertext = _encrypt(key, text.encode("utf-8"), aad, iv)
    return _checked(
        wire.check_message,
        {
            "v": wire.VERSION,
            "type": "message",
            "conversation": conversation,
            "role": role,
            "seq": seq,
            "iv": b64u_encode(iv),
            "ciphertext": b64u_encode(ciphertext),
        },
    )


def decrypt_message(
    key: bytes,
    message: dict,
    *,
    conversation: str | None = None,
    role: str | None = None,
    seq: int | None = None,
) -> dict:
    """Decrypt a message object → ``{"text", "conversation", "role", "seq"}``. The
    optional arguments are what the caller expects; a mismatch fails."""
    message = _checked(wire.check_message, message)
    _expect(message, {"conversation": conversation, "role": role, "seq": seq})
    aad = wire.additional_data(
        "message", message["conversation"], message["role"], message["seq"]
    )
    plaintext = _decrypt(key, message, aad)
    try:
        text = plaintext.decode("utf-8")
    except UnicodeDecodeError as error:
        _fail(error, "the message is not UTF-8")
    return {
        "text": text,
        "conversation": message["conversation"],
        "role": message["role"],
        "seq": message["seq"],
    }


def _attachment_plaintext(data: bytes, name: str, media_type: str) -> bytes:
    header = json.dumps(
        {"name": name, "type": media_type}, ensure_ascii=False, separators=(",", ":")
    ).encode("utf-8")
    if len(header) > wire.MAX_ATTACHMENT_HEADER:
        raise CounsellingCryptoError("name and type: at most 1024 bytes together")
    if len(data) > wire.MAX_ATTACHMENT_BYTES:
        raise CounsellingCryptoError("attachment: at most 10 MiB")
    return len(header).to_bytes(2, "big") + header + bytes(data)


def encrypt_attachment(
    key: bytes,
    data: bytes,
    name: str,
    media_type: str,
    *,
    conversation: str,
    role: str,
    seq: int,
    index: int,
    iv: bytes | None = None,
) -> dict:
    """Encrypt a file with its name and media type (both inside the ciphertext) as
    attachment ``index`` of message ``seq``."""
    try:
        aad = wire.additional_data("attachment", conversation, role, seq, index)
    except wire.WireFormatError as error:
        _fail(error, str(error))
    iv, ciphertext = _encrypt(
        key, _attachment_plaintext(data, name, media_type), aad, iv
    )
    return _checked(
        wire.check_attachment,
        {
            "v": wire.VERSION,
            "type": "attachment",
            "conversation": conversation,
            "role": role,
            "seq": seq,
            "index": index,
            "iv": b64u_encode(iv),
            "ciphertext": b64u_encode(ciphertext),
        },
    )


def decrypt_attachment(
    key: bytes,
    attachment: dict,
    *,
    conversation: str | None = None,
    role: str | None = None,
    seq: int | None = None,
    index: int | None = None,
) -> dict:
    """Decrypt an attachment → ``{"data", "name", "type", "conversation", "role",
    "seq", "index"}``."""
    attachment = _checked(wire.check_attachment, attachment)
    _expect(
        attachment,
        {"conversation": conversation, "role": role, "seq": seq, "index": index},
    )
    aad = wire.additional_data(
        "attachment",
        attachment["conversation"],
        attachment["role"],
        attachment["seq"],
        attachment["index"],
    )
    plaintext = _decrypt(key, attachment, aad)
    length = int.from_bytes(plaintext[:2], "big")
    try:
        header = json.loads(plaintext[2 : 2 + length].decode("utf-8"))
        name, media_type = header["name"], header["type"]
    except (ValueError, KeyError, TypeError) as error:
        _fail(error, "the attachment header is malformed")
    if (
        len(plaintext) < 2 + length
        or not isinstance(name, str)
        or not isinstance(media_type, str)
    ):
        raise CounsellingCryptoError("the attachment header is malformed")
    return {
        "data": plaintext[2 + length :],
        "name": name,
        "type": media_type,
        "conversation": attachment["conversation"],
        "role": attachment["role"],
        "seq": attachment["seq"],
        "index": attachment["index"],
    }


# --- counsellor keys -----------------------------------------------------------------


def generate_counsellor_key_pair() -> tuple[
    ec.EllipticCurvePrivateKey, ec.EllipticCurvePublicKey
]:
    """A new ECDH P-256 key pair ``(private_key, public_key)``."""
    private_key = ec.generate_private_key(ec.SECP256R1())
    return private_key, private_key.public_key()


def _spki(public_key: ec.EllipticCurvePublicKey) -> bytes:
    if not isinstance(public_key.curve, ec.SECP256R1):
        raise CounsellingCryptoError("a P-256 key expected")
    return public_key.public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    )


def key_id(public_key: ec.EllipticCurvePublicKey) -> str:
    """base64url(SHA-256(DER SPKI)) of a public key."""
    return wire.key_id(_spki(public_key))


def export_public_key(public_key: ec.EllipticCurvePublicKey) -> dict:
    """The public-key object the server stores for a counsellor."""
    spki = _spki(public_key)
    return {
        "v": wire.VERSION,
        "type": "public-key",
        "alg": wire.ALG_PUBLIC_KEY,
        "kid": wire.key_id(spki),
        "spki": b64u_encode(spki),
    }


def import_public_key(obj: dict) -> ec.EllipticCurvePublicKey:
    """A public-key object → key (checks the kid and that the point is on the curve)."""
    obj = _checked(wire.check_public_key, obj)
    try:
        public_key = serialization.load_der_public_key(b64u_decode(obj["spki"]))
    except ValueError as error:
        _fail(error, "spki: not a valid P-256 public key")
    if not isinstance(public_key, ec.EllipticCurvePublicKey):
        raise CounsellingCryptoError("spki: not an EC key")
    return public_key


def _normalise(passphrase: str) -> bytes:
    if not isinstance(passphrase, str) or not passphrase:
        raise CounsellingCryptoError("a passphrase is required")
    return unicodedata.normalize("NFC", passphrase).encode("utf-8")


def passphrase_key(passphrase: str, salt: bytes, iterations: int) -> bytes:
    """PBKDF2-HMAC-SHA-256 of the NFC-normalised UTF-8 passphrase, 32 bytes."""
    if not wire.PBKDF2_MIN_ITERATIONS <= iterations <= wire.PBKDF2_MAX_ITERATIONS:
        raise CounsellingCryptoError("iterations: at least 600,000")
    kdf = PBKDF2HMAC(hashes.SHA256(), 32, salt, iterations)
    return kdf.derive(_normalise(passphrase))


def wrap_private_key(
    private_key: ec.EllipticCurvePrivateKey,
    passphrase: str,
    iterations: int = wire.PBKDF2_ITERATIONS,
    *,
    salt: bytes | None = None,
    iv: bytes | None = None,
) -> dict:
    """The private key (PKCS #8) under AES-256-GCM with a key from the passphrase."""
    kid = key_id(private_key.public_key())
    salt = os.urandom(wire.SALT_LENGTH) if salt is None else salt
    kek = passphrase_key(passphrase, salt, iterations)
    pkcs8 = private_key.private_bytes(
        serialization.Encoding.DER,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    iv, ciphertext = _encrypt(kek, pkcs8, wire.private_key_aad(kid), iv)
    return _checked(
        wire.check_wrapped_private_key,
        {
            "v": wire.VERSION,
            "type": "wrapped-private-key",
            "alg": wire.ALG_PRIVATE_KEY,
            "kid": kid,
            "kdf": {"iterations": iterations, "salt": b64u_encode(salt)},
            "iv": b64u_encode(iv),
            "ciphertext": b64u_encode(ciphertext),
        },
    )


def unwrap_private_key(obj: dict, passphrase: str) -> ec.EllipticCurvePrivateKey:
    """The private key back; a wrong passphrase or a changed object fails."""
    obj = _checked(wire.check_wrapped_private_key, obj)
    kek = passphrase_key(
        passphrase, b64u_decode(obj["kdf"]["salt"]), obj["kdf"]["iterations"]
    )
    try:
        pkcs8 = AESGCM(kek).decrypt(
            b64u_decode(obj["iv"]),
            b64u_decode(obj["ciphertext"]),
            wire.private_key_aad(obj["kid"]),
        )
    except InvalidTag as error:
        _fail(error, "wrong passphrase or changed key object")
    try:
        private_key = serialization.load_der_private_key(pkcs8, None)
    except (ValueError, TypeError) as error:
        _fail(error, "the unwrapped key is not a PKCS #8 private key")
    if (
        not isinstance(private_key, ec.EllipticCurvePrivateKey)
        or key_id(private_key.public_key()) != obj["kid"]
    ):
        raise CounsellingCryptoError("the unwrapped key does not match its kid")
    return private_key


# --- envelopes -----------------------------------------------------------------------


def _point(public_key: ec.EllipticCurvePublicKey) -> bytes:
    return public_key.public_bytes(
        serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
    )


def envelope_key(
    shared_secret: bytes, epk: bytes, recipient: str, conversation: str
) -> bytes:
    """The AES-KW key: HKDF-SHA-256(IKM = ECDH x-coordinate, salt = epk point,
    info = ``wire.envelope_info``), 32 bytes."""
    hkdf = HKDF(hashes.SHA256(), 32, epk, wire.envelope_info(recipient, conversation))
    return hkdf.derive(shared_secret)


def wrap_conversation_key(
    key: bytes,
    recipient: ec.EllipticCurvePublicKey | dict,
    conversation: str,
    *,
    ephemeral: ec.EllipticCurvePrivateKey | None = None,
) -> dict:
    """Wrap the conversation key for one counsellor (a key or a public-key object)."""
    if isinstance(recipient, dict):
        recipient = import_public_key(recipient)
    if len(key) != wire.CONVERSATION_KEY_LENGTH:
        raise CounsellingCryptoError("a conversation key has 32 bytes")
    try:
        wire.check_conversation_id(conversation)
    except wire.WireFormatError as error:
        _fail(error, str(error))
    ephemeral = ephemeral or ec.generate_private_key(ec.SECP256R1())
    epk = _point(ephemeral.public_key())
    kid = key_id(recipient)
    kek = envelope_key(ephemeral.exchange(ec.ECDH(), recipient), epk, kid, conversation)
    return _checked(
        wire.check_envelope,
        {
            "v": wire.VERSION,
            "type": "envelope",
            "alg": wire.ALG_ENVELOPE,
            "conversation": conversation,
            "recipient": kid,
            "epk": b64u_encode(epk),
            "wrapped": b64u_encode(aes_key_wrap(kek, key)),
        },
    )


def unwrap_conversation_key(
    envelope: dict,
    private_key: ec.EllipticCurvePrivateKey,
    conversation: str | None = None,
) -> bytes:
    """The conversation key from an envelope addressed to ``private_key``."""
    envelope = _checked(wire.check_envelope, envelope)
    _expect(envelope, {"conversation": conversation})
    if envelope["recipient"] != key_id(private_key.public_key()):
        raise CounsellingCryptoError("the envelope is for another key")
    epk = b64u_decode(envelope["epk"])
    try:
        ephemeral = ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), epk)
    except ValueError as error:
        _fail(error, "epk: not a point on P-256")
    kek = envelope_key(
        private_key.exchange(ec.ECDH(), ephemeral),
        epk,
        envelope["recipient"],
        envelope["conversation"],
    )
    try:
        return aes_key_unwrap(kek, b64u_decode(envelope["wrapped"]))
    except (InvalidUnwrap, InvalidKey) as error:
        _fail(error, "unwrapping failed: wrong key or changed envelope")


def rewrap_conversation_key(
    envelope: dict,
    private_key: ec.EllipticCurvePrivateKey,
    recipient: ec.EllipticCurvePublicKey | dict,
) -> dict:
    """A colleague's envelope for the same conversation key (granting access)."""
    key = unwrap_conversation_key(envelope, private_key)
    return wrap_conversation_key(key, recipient, envelope["conversation"])
