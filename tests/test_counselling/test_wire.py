"""The wire format without keys: what the server can check."""

from sozialplattform.site.counselling import vectors
from sozialplattform.site.counselling import wire
from sozialplattform.site.counselling.wire import WireFormatError
import copy
import unittest


VECTORS = vectors.load()


class TestWire(unittest.TestCase):
    def test_b64u_strict(self):
        self.assertEqual(wire.b64u_decode("AAE"), b"\x00\x01")
        for text in ("AAE=", "AA+E", "AAF", "A", "AAE\n", 5):
            with self.assertRaises(WireFormatError, msg=text):
                wire.b64u_decode(text)
        with self.assertRaises(WireFormatError):
            wire.b64u_decode("AAE", 3)

    def test_additional_data_layout(self):
        aad = wire.additional_data(
            "attachment", "abcdefghijklmnop", "counsellor", 258, 3
        )
        self.assertEqual(aad[:31], b"sozialplattform.counselling.v1\x00")
        self.assertEqual(
            aad[31:], bytes.fromhex("0202 00000102 0003 0010") + b"abcdefghijklmnop"
        )

    def test_additional_data_refuses(self):
        for args in (
            ("note", "abcdefghijklmnop", "seeker", 1, 0),
            ("message", "abcdefghijklmnop", "admin", 1, 0),
            ("message", "short", "seeker", 1, 0),
            ("message", "abcdefghijklmnop", "seeker", 0, 0),
            ("message", "abcdefghijklmnop", "seeker", 2**32, 0),
            ("message", "abcdefghijklmnop", "seeker", True, 0),
            ("message", "abcdefghijklmnop", "seeker", 1, 1),
            ("attachment", "abcdefghijklmnop", "seeker", 1, 2**16),
        ):
            with self.assertRaises(WireFormatError, msg=args):
                wire.additional_data(*args)

    def test_vector_objects_pass_the_checks(self):
        wire.check_message(VECTORS["messages"][0]["object"])
        wire.check_attachment(VECTORS["attachment"]["object"])
        wire.check_public_key(VECTORS["counsellor"]["public_key"])
        wire.check_envelope(VECTORS["envelope"]["object"])
        wire.check_wrapped_private_key(VECTORS["wrapped_private_key"]["object"])

    def test_checks_refuse(self):
        message = VECTORS["messages"][0]["object"]
        public = VECTORS["counsellor"]["public_key"]
        envelope = VECTORS["envelope"]["object"]
        wrapped = VECTORS["wrapped_private_key"]["object"]
        kdf = dict(wrapped["kdf"], iterations=1000)
        for check, obj in (
            (wire.check_message, dict(message, ciphertext="A" * 27000)),
            (wire.check_message, dict(message, type="attachment")),
            (wire.check_message, [message]),
            (wire.check_public_key, dict(public, kid=envelope["epk"][:43])),
            (wire.check_envelope, dict(envelope, wrapped=envelope["wrapped"][:-2])),
            (wire.check_wrapped_private_key, dict(wrapped, kdf=kdf)),
        ):
            with self.assertRaises(WireFormatError, msg=obj):
                check(copy.deepcopy(obj))

    def test_key_id(self):
        public = VECTORS["counsellor"]["public_key"]
        self.assertEqual(
            wire.key_id(bytes.fromhex(VECTORS["counsellor"]["spki"])), public["kid"]
        )
        with self.assertRaises(WireFormatError):
            wire.key_id(b"\x30" * 91)

    def test_link_fragment(self):
        link = VECTORS["link"]
        self.assertEqual(
            wire.split_link_fragment(link["fragment"]), (link["token"], link["key"])
        )
        for bad in ("", "token", "to.ken.key", ".AAAA", "tok/en." + link["key"]):
            with self.assertRaises(WireFormatError, msg=bad):
                wire.split_link_fragment(bad)

    def test_check_sequence(self):
        def m(role, seq):
            return {"role": role, "seq": seq}

        problems, state = wire.check_sequence(
            [m("seeker", 1), m("counsellor", 1), m("seeker", 2)]
        )
        self.assertEqual((problems, state), ([], {"seeker": 3, "counsellor": 2}))
        problems, state = wire.check_sequence(
            [m("seeker", 4), m("seeker", 4), m("counsellor", 2)], state
        )
        self.assertEqual(
            problems,
            [
                {"role": "seeker", "expected": 3, "seq": 4},
                {"role": "seeker", "expected": 5, "seq": 4},
            ],
        )
        self.assertEqual(state, {"seeker": 5, "counsellor": 3})
