"""The fixed test vectors of the counselling protocol (``testvectors.json``).

Every random value (keys, IVs, salt, the ephemeral key) is fixed here, so the
operations are deterministic: ``generate()`` always returns the checked-in file, which
``tests/test_counselling/test_reference.py`` asserts. Regenerate (only when the
protocol version changes) with ``python -m sozialplattform.site.counselling.vectors``.
Each vector lists its intermediate values (additional data, HKDF input, derived keys)
in hex, so that another implementation can find where it differs.
"""

from cryptography.hazmat.primitives.asymmetric import ec
from pathlib import Path
from sozialplattform.site.counselling import reference
from sozialplattform.site.counselling import wire
from sozialplattform.site.counselling.wire import b64u_decode
from sozialplattform.site.counselling.wire import b64u_encode
import json


PATH = Path(__file__).with_name("testvectors.json")

CONVERSATION = "Q29udmVyc2F0aW9uMDAx"  # base64url of b"Conversation001", 20 chars
CONVERSATION_KEY = bytes.fromhex(
    "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"
)
TOKEN = "dG9rZW4tb2YtMTI4LWJpdHM"  # base64url of b"token-of-128-bits", 17 bytes
COUNSELLOR_SCALAR = int(
    "c9afa9d845ba75166b5c215767b1d6934e50c3db36e89b127b8a622b120f6721", 16
)
EPHEMERAL_SCALAR = int(
    "519b423d715f8b581f4fa8ee59f4771a5b44c8130b4e3eacca54a56dda72b464", 16
)
PASSPHRASE = "Grüße aus der Beratungsstelle – 2026!"
SALT = bytes.fromhex("a0a1a2a3a4a5a6a7a8a9aaabacadaeaf")
IV_MESSAGE_SEEKER = bytes.fromhex("101112131415161718191a1b")
IV_MESSAGE_COUNSELLOR = bytes.fromhex("202122232425262728292a2b")
IV_ATTACHMENT = bytes.fromhex("303132333435363738393a3b")
IV_PRIVATE_KEY = bytes.fromhex("404142434445464748494a4b")
ATTACHMENT = b"%PDF-1.4\n% test vector, not a real PDF\n%%EOF\n"


def _jwk(private_key: ec.EllipticCurvePrivateKey) -> dict:
    numbers = private_key.private_numbers()
    public = numbers.public_numbers
    return {
        "kty": "EC",
        "crv": "P-256",
        "x": b64u_encode(public.x.to_bytes(32, "big")),
        "y": b64u_encode(public.y.to_bytes(32, "big")),
        "d": b64u_encode(numbers.private_value.to_bytes(32, "big")),
    }


def generate() -> dict:
    key = CONVERSATION_KEY
    link_key = reference.export_link_key(key)
    messages = []
    for role, text, iv in (
        (
            "seeker",
            "Hallo, ich brauche Hilfe. Können Sie mir schreiben? 🙏",
            IV_MESSAGE_SEEKER,
        ),
        (
            "counsellor",
            "Guten Tag, ja. Schreiben Sie mir gern, was los ist.",
            IV_MESSAGE_COUNSELLOR,
        ),
    ):
        obj = reference.encrypt_message(
            key, text, conversation=CONVERSATION, role=role, seq=1, iv=iv
        )
        messages.append(
            {
                "text": text,
                "additional_data": wire.additional_data(
                    "message", CONVERSATION, role, 1
                ).hex(),
                "object": obj,
            }
        )
    attachment = reference.encrypt_attachment(
        key,
        ATTACHMENT,
        "Bescheid Jobcenter.pdf",
        "application/pdf",
        conversation=CONVERSATION,
        role="seeker",
        seq=2,
        index=0,
        iv=IV_ATTACHMENT,
    )

    counsellor = ec.derive_private_key(COUNSELLOR_SCALAR, ec.SECP256R1())
    public_key = reference.export_public_key(counsellor.public_key())
    kid = public_key["kid"]
    ephemeral = ec.derive_private_key(EPHEMERAL_SCALAR, ec.SECP256R1())
    epk = reference._point(ephemeral.public_key())
    shared = ephemeral.exchange(ec.ECDH(), counsellor.public_key())
    envelope = reference.wrap_conversation_key(
        key, counsellor.public_key(), CONVERSATION, ephemeral=ephemeral
    )
    wrapped = reference.wrap_private_key(
        counsellor, PASSPHRASE, wire.PBKDF2_ITERATIONS, salt=SALT, iv=IV_PRIVATE_KEY
    )
    return {
        "description": (
            "Test vectors of sozialplattform.counselling.v1 "
            "(docs/developers/counselling-crypto.md). Hex fields are intermediate "
            "values; 'object' fields are the wire format."
        ),
        "protocol": wire.PROTOCOL,
        "conversation": CONVERSATION,
        "conversation_key": b64u_encode(key),
        "link": {
            "token": TOKEN,
            "key": link_key,
            "fragment": reference.link_fragment(TOKEN, link_key),
        },
        "messages": messages,
        "attachment": {
            "data": b64u_encode(ATTACHMENT),
            "name": "Bescheid Jobcenter.pdf",
            "type": "application/pdf",
            "plaintext": reference._attachment_plaintext(
                ATTACHMENT, "Bescheid Jobcenter.pdf", "application/pdf"
            ).hex(),
            "additional_data": wire.additional_data(
                "attachment", CONVERSATION, "seeker", 2, 0
            ).hex(),
            "object": attachment,
        },
        "counsellor": {
            "private_jwk": _jwk(counsellor),
            "spki": b64u_decode(public_key["spki"]).hex(),
            "public_key": public_key,
        },
        "envelope": {
            "ephemeral_private_jwk": _jwk(ephemeral),
            "shared_secret": shared.hex(),
            "hkdf_salt": epk.hex(),
            "hkdf_info": wire.envelope_info(kid, CONVERSATION).hex(),
            "kek": reference.envelope_key(shared, epk, kid, CONVERSATION).hex(),
            "object": envelope,
        },
        "wrapped_private_key": {
            "passphrase": PASSPHRASE,
            "kek": reference.passphrase_key(
                PASSPHRASE, SALT, wire.PBKDF2_ITERATIONS
            ).hex(),
            "additional_data": wire.private_key_aad(kid).hex(),
            "object": wrapped,
        },
    }


def dumps(vectors: dict) -> str:
    return json.dumps(vectors, indent=2, ensure_ascii=False) + "\n"


def load() -> dict:
    return json.loads(PATH.read_text(encoding="utf-8"))


def main() -> None:  # pragma: no cover - run once per protocol version
    PATH.write_text(dumps(generate()), encoding="utf-8")
    print(f"wrote {PATH}")


if __name__ == "__main__":  # pragma: no cover
    main()
