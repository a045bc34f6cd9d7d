"""The Python reference client against the fixed test vectors and against itself."""

from cryptography.hazmat.primitives.asymmetric import ec
from sozialplattform.site.counselling import reference
from sozialplattform.site.counselling import vectors
from sozialplattform.site.counselling import wire
from sozialplattform.site.counselling.reference import CounsellingCryptoError
from sozialplattform.site.counselling.wire import b64u_decode
from sozialplattform.site.counselling.wire import b64u_encode
import copy
import unittest


VECTORS = vectors.load()
KEY = b64u_decode(VECTORS["conversation_key"])
CONVERSATION = VECTORS["conversation"]


def counsellor_key() -> ec.EllipticCurvePrivateKey:
    d = b64u_decode(VECTORS["counsellor"]["private_jwk"]["d"])
    return ec.derive_private_key(int.from_bytes(d, "big"), ec.SECP256R1())


def flip(text: str, position: int = 0) -> str:
    """base64url with one bit of byte ``position`` flipped."""
    data = bytearray(b64u_decode(text))
    data[position] ^= 0x01
    return b64u_encode(bytes(data))


class TestVectors(unittest.TestCase):
    def test_checked_in_file_is_what_generate_returns(self):
        self.assertEqual(
            vectors.PATH.read_text(encoding="utf-8"), vectors.dumps(vectors.generate())
        )

    def test_messages(self):
        for vector in VECTORS["messages"]:
            obj = vector["object"]
            self.assertEqual(
                wire.additional_data(
                    "message", CONVERSATION, obj["role"], obj["seq"]
                ).hex(),
                vector["additional_data"],
            )
            plain = reference.decrypt_message(KEY, obj, conversation=CONVERSATION)
            self.assertEqual(plain["text"], vector["text"])
            self.assertEqual(plain["role"], obj["role"])

    def test_attachment(self):
        vector = VECTORS["attachment"]
        plain = reference.decrypt_attachment(
            KEY, vector["object"], conversation=CONVERSATION
        )
        self.assertEqual(plain["data"], b64u_decode(vector["data"]))
        self.assertEqual(
            (plain["name"], plain["type"]), (vector["name"], vector["type"])
        )
        self.assertEqual((plain["seq"], plain["index"]), (2, 0))

    def test_key_id_is_sha256_of_spki(self):
        public = VECTORS["counsellor"]["public_key"]
        key = reference.import_public_key(public)
        self.assertEqual(reference.key_id(key), public["kid"])
        self.assertEqual(
            b64u_decode(public["spki"]).hex(), VECTORS["counsellor"]["spki"]
        )
        self.assertEqual(reference.key_id(counsellor_key().public_key()), public["kid"])

    def test_envelope(self):
        vector = VECTORS["envelope"]
        self.assertEqual(
            reference.unwrap_conversation_key(vector["object"], counsellor_key()), KEY
        )
        shared = bytes.fromhex(vector["shared_secret"])
        kek = reference.envelope_key(
            shared,
            bytes.fromhex(vector["hkdf_salt"]),
            vector["object"]["recipient"],
            CONVERSATION,
        )
        self.assertEqual(kek.hex(), vector["kek"])

    def test_wrapped_private_key(self):
        vector = VECTORS["wrapped_private_key"]
        key = reference.unwrap_private_key(vector["object"], vector["passphrase"])
        self.assertEqual(key.private_numbers(), counsellor_key().private_numbers())

    def test_link(self):
        link = VECTORS["link"]
        self.assertEqual(
            reference.parse_link_fragment("#" + link["fragment"]),
            {"token": link["token"], "key": link["key"]},
        )
        self.assertEqual(reference.import_link_key(link["key"]), KEY)


class TestRoundTrips(unittest.TestCase):
    def test_conversation(self):
        conversation = reference.create_conversation_id()
        self.assertEqual(len(conversation), 22)
        key = reference.create_conversation_key()
        private, public = reference.generate_counsellor_key_pair()
        envelope = reference.wrap_conversation_key(
            key, reference.export_public_key(public), conversation
        )
        self.assertEqual(envelope["recipient"], reference.key_id(public))
        self.assertEqual(
            reference.unwrap_conversation_key(envelope, private, conversation), key
        )
        message = reference.encrypt_message(
            key, "Hallo", conversation=conversation, role="seeker", seq=7
        )
        self.assertEqual(reference.decrypt_message(key, message)["text"], "Hallo")
        other = reference.encrypt_message(
            key, "Hallo", conversation=conversation, role="seeker", seq=7
        )
        self.assertNotEqual(other["iv"], message["iv"], "a fresh IV each time")

    def test_rewrap_for_a_colleague(self):
        key = reference.create_conversation_key()
        mine, my_public = reference.generate_counsellor_key_pair()
        colleague, colleague_public = reference.generate_counsellor_key_pair()
        envelope = reference.wrap_conversation_key(key, my_public, CONVERSATION)
        granted = reference.rewrap_conversation_key(envelope, mine, colleague_public)
        self.assertEqual(reference.unwrap_conversation_key(granted, colleague), key)
        with self.assertRaises(CounsellingCryptoError):
            reference.unwrap_conversation_key(envelope, colleague)

    def test_link_key(self):
        key = reference.create_conversation_key()
        fragment = reference.link_fragment(
            "abc_DEF-123", reference.export_link_key(key)
        )
        parsed = reference.parse_link_fragment(fragment)
        self.assertEqual(reference.import_link_key(parsed["key"]), key)

    def test_unicode_passphrase_is_nfc_normalised(self):
        private, _ = reference.generate_counsellor_key_pair()
        wrapped = reference.wrap_private_key(private, "Gru\u0308ße")  # decomposed ü
        back = reference.unwrap_private_key(wrapped, "Grüße")
        self.assertEqual(back.private_numbers(), private.private_numbers())


class TestFailures(unittest.TestCase):
    """Every change to what the ciphers authenticate is refused."""

    def setUp(self):
        self.message = copy.deepcopy(VECTORS["messages"][0]["object"])
        self.attachment = copy.deepcopy(VECTORS["attachment"]["object"])

    def assertRefused(self, call, *args, **kwargs):
        with self.assertRaises(CounsellingCryptoError):
            call(*args, **kwargs)

    def test_tampered_ciphertext(self):
        self.message["ciphertext"] = flip(self.message["ciphertext"], 3)
        self.assertRefused(reference.decrypt_message, KEY, self.message)

    def test_tampered_tag(self):
        self.message["ciphertext"] = flip(self.message["ciphertext"], -1)
        self.assertRefused(reference.decrypt_message, KEY, self.message)

    def test_tampered_iv(self):
        self.message["iv"] = flip(self.message["iv"])
        self.assertRefused(reference.decrypt_message, KEY, self.message)

    def test_wrong_additional_data(self):
        for field, value in (
            ("role", "counsellor"),
            ("seq", 2),
            ("conversation", "Q29udmVyc2F0aW9uMDAy"),
        ):
            message = dict(self.message, **{field: value})
            self.assertRefused(reference.decrypt_message, KEY, message)

    def test_message_is_not_an_attachment(self):
        moved = dict(self.message, type="attachment", index=0)
        self.assertRefused(reference.decrypt_attachment, KEY, moved)
        self.assertRefused(
            reference.decrypt_attachment, KEY, dict(self.attachment, index=1)
        )

    def test_unexpected_context(self):
        self.assertRefused(
            reference.decrypt_message,
            KEY,
            self.message,
            conversation="Q29udmVyc2F0aW9uMDAy",
        )
        self.assertRefused(
            reference.decrypt_message, KEY, self.message, role="counsellor"
        )

    def test_wrong_key(self):
        self.assertRefused(reference.decrypt_message, bytes(32), self.message)

    def test_wrong_passphrase(self):
        vector = VECTORS["wrapped_private_key"]
        self.assertRefused(reference.unwrap_private_key, vector["object"], "falsch")

    def test_wrapped_private_key_bound_to_kid(self):
        wrapped = copy.deepcopy(VECTORS["wrapped_private_key"]["object"])
        wrapped["kid"] = flip(wrapped["kid"])
        self.assertRefused(
            reference.unwrap_private_key,
            wrapped,
            VECTORS["wrapped_private_key"]["passphrase"],
        )

    def test_too_few_iterations(self):
        wrapped = copy.deepcopy(VECTORS["wrapped_private_key"]["object"])
        wrapped["kdf"]["iterations"] = 100_000
        self.assertRefused(reference.unwrap_private_key, wrapped, "x")
        private, _ = reference.generate_counsellor_key_pair()
        self.assertRefused(reference.wrap_private_key, private, "x", 599_999)

    def test_envelope_bound_to_conversation_and_recipient(self):
        envelope = copy.deepcopy(VECTORS["envelope"]["object"])
        self.assertRefused(
            reference.unwrap_conversation_key,
            dict(envelope, conversation="Q29udmVyc2F0aW9uMDAy"),
            counsellor_key(),
        )
        self.assertRefused(
            reference.unwrap_conversation_key,
            dict(envelope, wrapped=flip(envelope["wrapped"], 5)),
            counsellor_key(),
        )
        self.assertRefused(
            reference.unwrap_conversation_key,
            dict(envelope, epk=flip(envelope["epk"], 10)),
            counsellor_key(),
        )

    def test_malformed(self):
        self.assertRefused(reference.decrypt_message, KEY, dict(self.message, v=2))
        self.assertRefused(reference.decrypt_message, KEY, dict(self.message, extra=1))
        self.assertRefused(
            reference.decrypt_message,
            KEY,
            dict(self.message, iv=self.message["iv"] + "="),
        )
        self.assertRefused(reference.import_link_key, "AAEC")
        self.assertRefused(reference.parse_link_fragment, "no-key-here")
