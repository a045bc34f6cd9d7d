"""The seeker's side of the REST API: start, read, write, close, delete by token."""

from Acquisition import aq_base
from sozialplattform.site.counselling import reference
from sozialplattform.site.counselling.content import conversation_folder
from sozialplattform.site.counselling.content import object_id
from sozialplattform.site.testing import FUNCTIONAL_TESTING
from test_counselling.fixtures import counselling_centre
from test_counselling.fixtures import make_counsellor
from test_counselling.fixtures import message
from test_counselling.fixtures import start_body
from test_counselling.helpers import call
import transaction
import unittest


CENTRE = "beratungsstellen/berlin/beratung-a"


class SeekerTestCase(unittest.TestCase):
    layer = FUNCTIONAL_TESTING

    def setUp(self):
        self.portal = self.layer["portal"]
        self.centre = counselling_centre(self.portal)
        self.material = make_counsellor(self.centre, "couns", 0)
        transaction.commit()

    def start(self, **extra):
        body, key = start_body([self.material.public_key], **extra)
        response = call(self.layer, "POST", f"{CENTRE}/@conversations", json=body)
        self.assertEqual(response.status_code, 201, response.text)
        return response.json(), body["conversation"], key

    def stored(self, conversation_id):
        transaction.begin()
        folder = conversation_folder(self.centre, create=False)
        return folder.get(object_id(conversation_id)) if folder is not None else None


class TestStart(SeekerTestCase):
    def test_keys_of_the_centre(self):
        response = call(self.layer, "GET", f"{CENTRE}/@counselling-keys")
        self.assertEqual(response.status_code, 200, response.text)
        body = response.json()
        self.assertEqual(body["items"], [self.material.public_key])
        self.assertTrue(body["open"])
        self.assertEqual(body["reply_days"], 2)
        self.assertEqual([t["token"] for t in body["topics"]], ["schulden"])
        self.assertEqual(response.headers["Cache-Control"], "private, no-store")

    def test_keys_404_where_counselling_is_not_available(self):
        self.centre.online_counselling_enabled = False
        transaction.commit()
        response = call(self.layer, "GET", f"{CENTRE}/@counselling-keys")
        self.assertEqual(response.status_code, 404)
        body, _key = start_body([self.material.public_key])
        response = call(self.layer, "POST", f"{CENTRE}/@conversations", json=body)
        self.assertEqual(response.status_code, 404)

    def test_start(self):
        answer, conversation_id, _key = self.start(email="kiwi@example.org")
        self.assertEqual(answer["conversation"], conversation_id)
        self.assertGreaterEqual(len(reference.wire.b64u_decode(answer["token"])), 16)
        self.assertTrue(answer["url"].endswith("/@@beratung"))
        conversation = self.stored(conversation_id)
        self.assertEqual(conversation.pseudonym, "Kiwi")
        self.assertEqual(conversation.notify_email, "kiwi@example.org")
        self.assertEqual(
            list(conversation.envelopes), [self.material.public_key["kid"]]
        )
        self.assertEqual(conversation.next_seq, {"seeker": 2, "counsellor": 1})

    def test_a_logged_in_seeker_is_not_owner_nor_creator(self):
        body, _key = start_body([self.material.public_key])
        response = call(
            self.layer, "POST", f"{CENTRE}/@conversations", "member", json=body
        )
        self.assertEqual(response.status_code, 201, response.text)
        conversation = self.stored(body["conversation"])
        self.assertFalse(getattr(aq_base(conversation), "creators", ()))
        self.assertNotIn("member", dict(conversation.get_local_roles()))
        owner = conversation.getOwnerTuple()
        self.assertNotEqual(owner and owner[1], "member")

    def test_same_id_twice_is_409(self):
        body, _key = start_body([self.material.public_key])
        first = call(self.layer, "POST", f"{CENTRE}/@conversations", json=body)
        self.assertEqual(first.status_code, 201)
        again = call(self.layer, "POST", f"{CENTRE}/@conversations", json=body)
        self.assertEqual(again.status_code, 409, again.text)

    def test_bad_starts_are_400_and_store_nothing(self):
        good, key = start_body([self.material.public_key])
        conversation = good["conversation"]
        cases = {
            "no consent": {**good, "consent": False},
            "missing consent": {k: v for k, v in good.items() if k != "consent"},
            "no pseudonym": {**good, "pseudonym": ""},
            "long pseudonym": {**good, "pseudonym": "x" * 61},
            "pseudonym not a string": {**good, "pseudonym": 5},
            "pseudonym on two lines": {**good, "pseudonym": "Ki\nwi"},
            "pseudonym with markup": {**good, "pseudonym": "<b>Kiwi</b>"},
            "unknown topic": {**good, "topic": "wohnen"},
            "bad email": {**good, "email": "nope"},
            "two emails": {**good, "email": "a@example.org, b@example.org"},
            "email list": {**good, "email": "a@example.org;b@example.org"},
            "email with name": {**good, "email": "Kiwi <a@example.org>"},
            "email with space": {**good, "email": "a b@example.org"},
            "email with comment": {**good, "email": "a(x)@example.org"},
            "unknown key": {**good, "extra": 1},
            "no envelopes": {**good, "envelopes": []},
            "envelopes not a list": {**good, "envelopes": "x"},
            "envelope twice": {**good, "envelopes": good["envelopes"] * 2},
            "message seq 2": {
                **good,
                "message": message(key, conversation, "seeker", 2, "x"),
            },
            "message as counsellor": {
                **good,
                "message": message(key, conversation, "counsellor", 1, "x"),
            },
            "message of another conversation": {
                **good,
                "message": message(key, "A" * 22, "seeker", 1, "x"),
            },
            "message not an object": {**good, "message": [1]},
            "role a list": {**good, "message": {**good["message"], "role": []}},
            "role an object": {**good, "message": {**good["message"], "role": {}}},
            "bad conversation id": {**good, "conversation": "short"},
            "too many attachments": {**good, "attachments": [{}] * 4},
            "bad attachment": {**good, "attachments": [{"v": 1}]},
        }
        for name, body in cases.items():
            with self.subTest(case=name):
                response = call(
                    self.layer, "POST", f"{CENTRE}/@conversations", json=body
                )
                self.assertEqual(response.status_code, 400, response.text)
                # a missing envelope: the page fetches the keys again and retries
                expected = "Key" if name == "no envelopes" else "Bad"
                self.assertEqual(response.json()["error"]["type"][:3], expected)
        for raw in (b"{", b"[]", b"null", b'"text"', b"\xff"):
            with self.subTest(raw=raw):
                response = call(
                    self.layer,
                    "POST",
                    f"{CENTRE}/@conversations",
                    data=raw,
                    headers={"Content-Type": "application/json"},
                )
                self.assertEqual(response.status_code, 400, response.text)
        self.assertIsNone(self.stored(conversation))

    def test_envelope_for_a_stranger_is_400(self):
        stranger = reference.export_public_key(
            reference.generate_counsellor_key_pair()[1]
        )
        body, _key = start_body([self.material.public_key, stranger])
        response = call(self.layer, "POST", f"{CENTRE}/@conversations", json=body)
        self.assertEqual(response.status_code, 400, response.text)
        self.assertIn("not a current counsellor", response.json()["error"]["message"])
        self.assertEqual(response.json()["error"]["type"], "KeysChanged")
        # a counsellor's key missing: the same type, the page fetches the keys again
        body, _key = start_body([])
        response = call(self.layer, "POST", f"{CENTRE}/@conversations", json=body)
        self.assertEqual(response.status_code, 400, response.text)
        self.assertEqual(response.json()["error"]["type"], "KeysChanged")

    def test_new_conversations_are_throttled_per_address(self):
        from sozialplattform.site.anonymous import throttle

        limit = throttle.DEFAULTS[throttle.CONVERSATION].count
        for _number in range(limit):
            call(self.layer, "POST", f"{CENTRE}/@conversations", json={})
        response = call(self.layer, "POST", f"{CENTRE}/@conversations", json={})
        self.assertEqual(response.status_code, 429, response.text)


class TestConversation(SeekerTestCase):
    def setUp(self):
        super().setUp()
        answer, self.conversation, self.key = self.start()
        self.token = answer["token"]

    def messages(self, since=None, token=None):
        params = {"token": self.token if token is None else token}
        if since is not None:
            params["since"] = since
        return call(self.layer, "GET", "@messages", params=params)

    def post(self, seq, text="Noch eine Frage", **extra):
        body = {
            "token": self.token,
            "message": message(self.key, self.conversation, "seeker", seq, text),
            **extra,
        }
        return call(self.layer, "POST", "@messages", json=body)

    def test_read_own_messages(self):
        response = self.messages()
        self.assertEqual(response.status_code, 200, response.text)
        body = response.json()
        self.assertEqual(body["conversation"], self.conversation)
        self.assertEqual(body["state"], "open")
        self.assertEqual(body["cursor"], 1)
        self.assertEqual(body["next_seq"], 2)
        self.assertIsNone(body["video"])
        (item,) = body["items"]
        text = reference.decrypt_message(self.key, item["message"], seq=1)["text"]
        self.assertEqual(text, "Meine Schulden wachsen mir über den Kopf")
        self.assertEqual(self.messages(since="1").json()["items"], [])

    def test_wrong_tokens_are_404(self):
        for token in ("A" * 32, self.token[:-2], "", "x.y"):
            with self.subTest(token=token):
                self.assertEqual(self.messages(token=token).status_code, 404)
        response = call(self.layer, "GET", "@messages")
        self.assertEqual(response.status_code, 404)
        body = {"token": "A" * 32, "message": {}}
        self.assertEqual(
            call(self.layer, "POST", "@messages", json=body).status_code, 404
        )

    def test_bad_since_is_400(self):
        for since in ("-1", "x", "1.5", "²", "١"):
            with self.subTest(since=since):
                self.assertEqual(self.messages(since=since).status_code, 400)

    def test_post_next_seq(self):
        response = self.post(2)
        self.assertEqual(response.status_code, 201, response.text)
        self.assertEqual(response.json(), {"cursor": 2})
        self.assertEqual(self.post(2).status_code, 409)
        self.assertEqual(self.post(4).status_code, 409)
        body = self.messages(since="1").json()
        self.assertEqual([item["cursor"] for item in body["items"]], [2])
        self.assertEqual(body["next_seq"], 3)

    def test_bad_posts_are_400_and_store_nothing(self):
        good = message(self.key, self.conversation, "seeker", 2, "x")
        too_long = {
            **good,
            "ciphertext": reference.wire.b64u_encode(b"\0" * 20_001),
        }
        cases = {
            "no message": {"token": self.token},
            "message not an object": {"token": self.token, "message": "x"},
            "too long": {"token": self.token, "message": too_long},
            "wrong role": {
                "token": self.token,
                "message": message(self.key, self.conversation, "counsellor", 1, "x"),
            },
            "unknown field": {"token": self.token, "message": good, "x": 1},
            "attachments not a list": {
                "token": self.token,
                "message": good,
                "attachments": {},
            },
            "token not a string": {"token": 5, "message": good},
            "role a list": {"token": self.token, "message": {**good, "role": []}},
            "role an object": {"token": self.token, "message": {**good, "role": {}}},
        }
        for name, body in cases.items():
            with self.subTest(case=name):
                response = call(self.layer, "POST", "@messages", json=body)
                expected = 404 if name == "token not a string" else 400
                self.assertEqual(response.status_code, expected, response.text)
        self.assertEqual(self.messages().json()["cursor"], 1)

    def test_attachment(self):
        attachment = reference.encrypt_attachment(
            self.key,
            b"%PDF-1.7 Mahnung",
            "mahnung.pdf",
            "application/pdf",
            conversation=self.conversation,
            role="seeker",
            seq=2,
            index=0,
        )
        response = self.post(2, attachments=[attachment])
        self.assertEqual(response.status_code, 201, response.text)
        item = self.messages(since="1").json()["items"][0]
        self.assertEqual(item["attachments"][0]["index"], 0)
        params = {"token": self.token, "cursor": 2, "index": 0}
        got = call(self.layer, "GET", "@attachment", params=params)
        self.assertEqual(got.status_code, 200, got.text)
        self.assertEqual(got.json(), attachment)
        plain = reference.decrypt_attachment(self.key, got.json(), seq=2, index=0)
        self.assertEqual(plain["name"], "mahnung.pdf")
        for params in (
            {"token": self.token, "cursor": 2, "index": 1},
            {"token": self.token, "cursor": "x", "index": 0},
            {"token": "A" * 32, "cursor": 2, "index": 0},
        ):
            with self.subTest(params=params):
                response = call(self.layer, "GET", "@attachment", params=params)
                self.assertIn(response.status_code, (400, 404))

    def test_messages_are_throttled_per_participant(self):
        from sozialplattform.site.anonymous import throttle

        limit = throttle.DEFAULTS[throttle.COUNSELLING_MESSAGE].count
        for _refused in range(3):  # refused posts (409 on seq) use up no quota
            self.assertEqual(self.post(limit).status_code, 409)
        for seq in range(2, limit + 1):  # the first message counted at the start
            self.assertEqual(self.post(seq).status_code, 201)
        response = self.post(limit + 1)
        self.assertEqual(response.status_code, 429, response.text)
        self.assertEqual(response.json()["error"]["type"], "TooManyRequests")
        self.assertEqual(self.messages().json()["cursor"], limit)

    def test_largest_attachment(self):
        data = b"%PDF" + b"\0" * (reference.wire.MAX_ATTACHMENT_BYTES - 4)
        attachment = reference.encrypt_attachment(
            self.key,
            data,
            "gross.pdf",
            "application/pdf",
            conversation=self.conversation,
            role="seeker",
            seq=2,
            index=0,
        )
        self.assertEqual(self.post(2, attachments=[attachment]).status_code, 201)
        params = {"token": self.token, "cursor": 2, "index": 0}
        got = call(self.layer, "GET", "@attachment", params=params)
        self.assertEqual(got.status_code, 200)
        plain = reference.decrypt_attachment(self.key, got.json(), seq=2, index=0)
        self.assertEqual(plain["data"], data)
        too_big = {
            **attachment,
            "ciphertext": reference.wire.b64u_encode(
                b"\0" * (reference.wire.MAX_ATTACHMENT_CIPHERTEXT + 1)
            ),
            "seq": 3,
        }
        response = self.post(3, attachments=[too_big])
        self.assertEqual(response.status_code, 400, response.text[:300])

    def test_attachments_are_throttled_per_day(self):
        import os

        def attachment(seq):
            return reference.encrypt_attachment(
                self.key,
                b"%PDF",
                "a.pdf",
                "application/pdf",
                conversation=self.conversation,
                role="seeker",
                seq=seq,
                index=0,
            )

        os.environ["SOZIALPLATTFORM_RATE_LIMIT_COUNSELLING_ATTACHMENT"] = "1/86400"
        try:
            self.assertEqual(self.post(2, attachments=[attachment(2)]).status_code, 201)
            response = self.post(3, attachments=[attachment(3)])
            self.assertEqual(response.status_code, 429, response.text)
            self.assertEqual(response.json()["error"]["type"], "AttachmentLimit")
            self.assertEqual(self.post(3).status_code, 201)
        finally:
            del os.environ["SOZIALPLATTFORM_RATE_LIMIT_COUNSELLING_ATTACHMENT"]
        # per address too: a new conversation (participant) gets no new quota
        os.environ["SOZIALPLATTFORM_RATE_LIMIT_COUNSELLING_ATTACHMENT_ADDRESS"] = (
            "1/86400"
        )
        try:
            response = self.post(4, attachments=[attachment(4)])
            self.assertEqual(response.status_code, 429, response.text)
        finally:
            del os.environ["SOZIALPLATTFORM_RATE_LIMIT_COUNSELLING_ATTACHMENT_ADDRESS"]

    def test_too_large_body_is_413(self):
        from sozialplattform.site.counselling.services import common

        saved, common.MAX_BODY = common.MAX_BODY, 500
        try:
            response = self.post(2, text="x" * 600)
        finally:
            common.MAX_BODY = saved
        self.assertEqual(response.status_code, 413, response.text)
        self.assertEqual(self.messages().json()["cursor"], 1)
        self.assertGreater(saved, 3 * 4 // 3 * (10 * 2**20))

    def test_close(self):
        response = call(
            self.layer, "POST", "@conversation-close", json={"token": self.token}
        )
        self.assertEqual(response.status_code, 200, response.text)
        self.assertEqual(self.messages().json()["state"], "closed")
        self.assertEqual(self.post(2).status_code, 400)

    def test_delete(self):
        response = call(
            self.layer, "DELETE", "@conversations", params={"token": self.token}
        )
        self.assertEqual(response.status_code, 204, response.text)
        self.assertIsNone(self.stored(self.conversation))
        self.assertEqual(self.messages().status_code, 404)

    def test_get_messages_does_not_write(self):
        db = self.layer["app"]._p_jar.db()
        before = db.lastTransaction()
        for since in (None, "0", "1"):
            self.assertEqual(self.messages(since=since).status_code, 200)
        self.assertEqual(db.lastTransaction(), before)

    def test_read_cursor(self):
        body = {"token": self.token, "cursor": 1}
        response = call(self.layer, "POST", "@messages-read", json=body)
        self.assertEqual(response.status_code, 200, response.text)
        body["cursor"] = 7
        response = call(self.layer, "POST", "@messages-read", json=body)
        self.assertEqual(response.status_code, 400)
