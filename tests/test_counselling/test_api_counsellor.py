"""The counsellors' side of the REST API: inbox, messages, assignment, close, video,
keys and envelopes, revocation."""

from plone import api
from sozialplattform.site.counselling import keys
from sozialplattform.site.counselling import reference
from sozialplattform.site.counselling.content import conversation_folder
from sozialplattform.site.counselling.content import object_id
from sozialplattform.site.testing import FUNCTIONAL_TESTING
from sozialplattform.site.testing import server_url
from test_counselling.fixtures import counselling_centre
from test_counselling.fixtures import key_material
from test_counselling.fixtures import make_counsellor
from test_counselling.fixtures import message
from test_counselling.fixtures import SECRET
from test_counselling.fixtures import start_body
from test_counselling.helpers import call
from test_permissions.fixtures import PASSWORD
import requests
import transaction
import unittest


CENTRE = "beratungsstellen/berlin/beratung-a"
FOLDER = f"{CENTRE}/beratung"


class CounsellorTestCase(unittest.TestCase):
    layer = FUNCTIONAL_TESTING

    def setUp(self):
        self.portal = self.layer["portal"]
        self.centre = counselling_centre(self.portal)
        self.first = make_counsellor(self.centre, "couns", 0)
        self.second = make_counsellor(self.centre, "colleague", 1)
        transaction.commit()
        body, self.key = start_body([self.first.public_key, self.second.public_key])
        response = call(self.layer, "POST", f"{CENTRE}/@conversations", json=body)
        self.assertEqual(response.status_code, 201, response.text)
        self.token = response.json()["token"]
        self.conversation = body["conversation"]
        self.path = f"{FOLDER}/{object_id(self.conversation)}"

    def stored(self):
        transaction.begin()
        return conversation_folder(self.centre)[object_id(self.conversation)]

    def reply(self, seq, username="couns", text="Wir helfen Ihnen gern."):
        body = {
            "message": message(self.key, self.conversation, "counsellor", seq, text)
        }
        return call(self.layer, "POST", f"{self.path}/@messages", username, json=body)


class TestInboxAndMessages(CounsellorTestCase):
    def test_inbox(self):
        response = call(
            self.layer,
            "GET",
            f"{FOLDER}/@conversations",
            "couns",
            params={"filter": "new"},
        )
        self.assertEqual(response.status_code, 200, response.text)
        body = response.json()
        self.assertEqual(body["counts"], {"new": 1, "mine": 0, "open": 1, "closed": 0})
        (item,) = body["items"]
        self.assertEqual(item["id"], self.conversation)
        self.assertEqual(item["pseudonym"], "Kiwi")
        self.assertEqual(item["topic"], "schulden")
        self.assertEqual(item["unread"], 1)
        self.assertTrue(item["@id"].endswith(self.path))
        bad = call(
            self.layer,
            "GET",
            f"{FOLDER}/@conversations",
            "couns",
            params={"filter": "x"},
        )
        self.assertEqual(bad.status_code, 400)

    def test_read_and_reply(self):
        response = call(self.layer, "GET", f"{self.path}/@messages", "couns")
        self.assertEqual(response.status_code, 200, response.text)
        body = response.json()
        self.assertEqual(body["next_seq"], 1)
        self.assertEqual(body["pseudonym"], "Kiwi")
        key = reference.unwrap_conversation_key(
            body["envelope"], self.first.private_key, self.conversation
        )
        text = reference.decrypt_message(key, body["items"][0]["message"])["text"]
        self.assertEqual(text, SECRET)
        response = self.reply(1)
        self.assertEqual(response.status_code, 201, response.text)
        self.assertEqual(response.json(), {"cursor": 2})
        self.assertEqual(self.reply(1).status_code, 409)
        # the first reply assigns the conversation; the colleague continues the count
        self.assertEqual(self.stored().assignee, "couns")
        self.assertEqual(self.reply(2, "colleague").status_code, 201)
        seeker = call(
            self.layer, "GET", "@messages", params={"token": self.token, "since": 1}
        )
        roles = [item["message"]["role"] for item in seeker.json()["items"]]
        self.assertEqual(roles, ["counsellor", "counsellor"])

    def test_read_cursor_and_unread(self):
        response = call(
            self.layer,
            "POST",
            f"{self.path}/@messages-read",
            "couns",
            json={"cursor": 1},
        )
        self.assertEqual(response.status_code, 200, response.text)
        inbox = call(self.layer, "GET", f"{FOLDER}/@conversations", "couns").json()
        self.assertEqual(inbox["items"][0]["unread"], 0)

    def test_assign_close_reopen(self):
        url = f"{self.path}/@conversation-assign"
        self.assertEqual(
            call(self.layer, "POST", url, "couns", json={"to": "couns"}).json(),
            {"assignee": "couns"},
        )
        mine = call(
            self.layer,
            "GET",
            f"{FOLDER}/@conversations",
            "couns",
            params={"filter": "mine"},
        )
        self.assertEqual(len(mine.json()["items"]), 1)
        self.assertEqual(
            call(
                self.layer, "POST", url, "couns", json={"to": "colleague"}
            ).status_code,
            200,
        )
        for to in ("member", "nobody", 5, ["couns"]):
            with self.subTest(to=to):
                self.assertEqual(
                    call(self.layer, "POST", url, "couns", json={"to": to}).status_code,
                    400,
                )
        self.assertEqual(
            call(self.layer, "POST", url, "couns", json={"to": None}).json(),
            {"assignee": None},
        )
        close = call(self.layer, "POST", f"{self.path}/@conversation-close", "couns")
        self.assertEqual(close.json()["state"], "closed")
        self.assertEqual(self.reply(1).status_code, 400)
        reopen = call(self.layer, "POST", f"{self.path}/@conversation-reopen", "couns")
        self.assertEqual(reopen.json()["state"], "open")
        self.assertEqual(self.reply(1).status_code, 201)

    def test_counsellor_attachment(self):
        attachment = reference.encrypt_attachment(
            self.key,
            b"\x89PNG",
            "plan.png",
            "image/png",
            conversation=self.conversation,
            role="counsellor",
            seq=1,
            index=0,
        )
        body = {
            "message": message(self.key, self.conversation, "counsellor", 1, "Anbei"),
            "attachments": [attachment],
        }
        response = call(
            self.layer, "POST", f"{self.path}/@messages", "couns", json=body
        )
        self.assertEqual(response.status_code, 201, response.text)
        got = call(
            self.layer,
            "GET",
            f"{self.path}/@attachment",
            "couns",
            params={"cursor": 2, "index": 0},
        )
        self.assertEqual(got.json(), attachment)
        seeker = call(
            self.layer,
            "GET",
            "@attachment",
            params={"token": self.token, "cursor": 2, "index": 0},
        )
        self.assertEqual(seeker.json(), attachment)

    def test_video(self):
        response = call(self.layer, "POST", f"{self.path}/@conversation-video", "couns")
        self.assertEqual(response.status_code, 200, response.text)
        room = response.json()["room"]
        self.assertEqual(len(room), 32)
        seeker = call(
            self.layer, "GET", "@messages", params={"token": self.token}
        ).json()
        self.assertIsNotNone(seeker["video"]["offered"])
        staff = call(self.layer, "GET", f"{self.path}/@jitsi-token", "couns")
        self.assertEqual(staff.status_code, 200, staff.text)
        self.assertEqual(staff.json()["room"], room)
        self.assertTrue(staff.json()["moderator"])
        visitor = call(self.layer, "GET", "@jitsi-token", params={"token": self.token})
        self.assertEqual(visitor.status_code, 200, visitor.text)
        self.assertEqual(visitor.json()["room"], room)
        self.assertFalse(visitor.json()["moderator"])
        # a neutral name: the pseudonym does not go to Jitsi
        self.assertIn(
            visitor.json()["name"], ("Ratsuchende Person", "Person seeking advice")
        )
        page = call(self.layer, "GET", "@@video", params={"token": self.token})
        self.assertEqual(page.status_code, 200)
        staff_page = requests.get(
            server_url(self.layer, f"plone/{self.path}/@@video"),
            auth=("couns", PASSWORD),
            timeout=30,
        )
        self.assertEqual(staff_page.status_code, 200)
        self.assertIn("@jitsi-token", staff_page.text)

    def test_counsellor_get_does_not_write(self):
        db = self.layer["app"]._p_jar.db()
        before = db.lastTransaction()
        for path in (f"{self.path}/@messages", f"{FOLDER}/@conversations"):
            self.assertEqual(call(self.layer, "GET", path, "couns").status_code, 200)
        self.assertEqual(db.lastTransaction(), before)


class TestSettingsOfTheFolder(CounsellorTestCase):
    def test_counsellors_edit_chat_hours(self):
        from test_permissions.fixtures import make_centre_editor

        transaction.begin()
        make_centre_editor("centre_editor", self.centre)
        transaction.commit()
        seeker = call(self.layer, "GET", "@messages", params={"token": self.token})
        self.assertEqual(seeker.json()["chat_hours"], [])  # no chat hours set
        hours = [{"day": "mon", "start": "09:00", "end": "12:00"}]
        body = {
            "chat_hours": hours,
            "reply_days": 3,
            "absence_notice": "Urlaub bis 6.1.",
        }
        response = call(self.layer, "PATCH", FOLDER, "couns", json=body)
        self.assertEqual(response.status_code, 204, response.text)
        info = call(self.layer, "GET", f"{CENTRE}/@counselling-keys").json()
        self.assertEqual(info["chat_hours"], hours)
        self.assertEqual(info["reply_days"], 3)
        self.assertEqual(info["absence_notice"], "Urlaub bis 6.1.")
        seeker = call(self.layer, "GET", "@messages", params={"token": self.token})
        self.assertEqual(seeker.json()["reply_days"], 3)
        self.assertEqual(seeker.json()["chat_hours"], hours)
        for username in ("centre_editor", "state_editor", "site_admin"):
            with self.subTest(role=username):
                response = call(self.layer, "PATCH", FOLDER, username, json=body)
                self.assertIn(response.status_code, (401, 403), response.text)


class TestKeysAndEnvelopes(CounsellorTestCase):
    def test_own_keys(self):
        response = call(self.layer, "GET", "@counselling-keys/me", "couns")
        self.assertEqual(response.status_code, 200, response.text)
        self.assertEqual(response.json()["public_key"], self.first.public_key)
        anonymous = call(self.layer, "GET", "@counselling-keys/me")
        self.assertEqual(anonymous.status_code, 401)
        member = call(
            self.layer,
            "PUT",
            "@counselling-keys/me",
            "member",
            json={
                "public_key": key_material(2).public_key,
                "wrapped_private_key": key_material(2).wrapped_private_key,
            },
        )
        self.assertEqual(member.status_code, 403, member.text)

    def test_put_keys_checks_them(self):
        third = key_material(2)
        url = "@counselling-keys/me"
        cases = {
            "kid of another user": {
                "public_key": self.second.public_key,
                "wrapped_private_key": self.second.wrapped_private_key,
            },
            "mismatched pair": {
                "public_key": third.public_key,
                "wrapped_private_key": self.first.wrapped_private_key,
            },
            "missing": {"public_key": third.public_key},
            "not objects": {"public_key": 1, "wrapped_private_key": "x"},
        }
        for name, body in cases.items():
            with self.subTest(case=name):
                self.assertEqual(
                    call(self.layer, "PUT", url, "couns", json=body).status_code, 400
                )
        # a new key drops the old key's envelopes
        body = {
            "public_key": third.public_key,
            "wrapped_private_key": third.wrapped_private_key,
        }
        self.assertEqual(
            call(self.layer, "PUT", url, "couns", json=body).status_code, 200
        )
        self.assertNotIn(self.first.public_key["kid"], self.stored().envelopes)

    def test_grant_a_new_colleague(self):
        transaction.begin()
        third = make_counsellor(self.centre, "newcomer", 2)
        transaction.commit()
        listed = call(self.layer, "GET", f"{CENTRE}/@counselling-keys").json()["items"]
        self.assertIn(third.public_key, listed)
        missing = call(
            self.layer,
            "GET",
            f"{FOLDER}/@counselling-envelopes",
            "couns",
            params={"missing": 1},
        )
        self.assertEqual(missing.status_code, 200, missing.text)
        (item,) = missing.json()["items"]
        self.assertEqual(item["recipients"], [third.public_key])
        envelope = reference.rewrap_conversation_key(
            item["envelope"], self.first.private_key, third.public_key
        )
        self.assertEqual(
            call(
                self.layer, "GET", f"{FOLDER}/@counselling-envelopes", "newcomer"
            ).json()["items"],
            [],
        )
        refused = call(
            self.layer,
            "POST",
            f"{FOLDER}/@counselling-envelopes",
            "newcomer",
            json={"envelopes": [envelope]},
        )
        self.assertEqual(refused.status_code, 400)
        added = call(
            self.layer,
            "POST",
            f"{FOLDER}/@counselling-envelopes",
            "couns",
            json={"envelopes": [envelope]},
        )
        self.assertEqual(added.json(), {"added": 1})
        again = call(
            self.layer,
            "POST",
            f"{FOLDER}/@counselling-envelopes",
            "couns",
            json={"envelopes": [envelope]},
        )
        self.assertEqual(again.status_code, 400)
        body = call(self.layer, "GET", f"{self.path}/@messages", "newcomer").json()
        key = reference.unwrap_conversation_key(
            body["envelope"], third.private_key, self.conversation
        )
        self.assertEqual(key, self.key)

    def test_revoking_the_role_removes_envelopes_and_keys(self):
        from plone.app.workflow.events import LocalrolesModifiedEvent
        from zope.event import notify

        transaction.begin()
        api.user.revoke_roles(
            username="colleague", roles=["CentreCounsellor"], obj=self.centre
        )
        # read time: no envelope for a former counsellor even before the event
        conversation = self.stored_in_transaction()
        from sozialplattform.site.counselling.conversations import own_envelope

        self.assertIsNone(own_envelope(conversation, "colleague"))
        notify(LocalrolesModifiedEvent(self.centre, self.layer["request"]))
        self.assertNotIn(self.second.public_key["kid"], conversation.envelopes)
        self.assertIn(self.first.public_key["kid"], conversation.envelopes)
        self.assertIsNone(keys.keys_of("colleague"))
        self.assertIsNotNone(keys.keys_of("couns"))
        transaction.commit()
        listed = call(self.layer, "GET", f"{CENTRE}/@counselling-keys").json()["items"]
        self.assertEqual(listed, [self.first.public_key])

    def test_revoking_on_the_sharing_page_over_rest(self):
        body = {
            "entries": [
                {
                    "id": "colleague",
                    "type": "user",
                    "roles": {"CentreCounsellor": False},
                }
            ]
        }
        response = call(
            self.layer, "POST", f"{CENTRE}/@sharing", "site_admin", json=body
        )
        self.assertEqual(response.status_code, 204, response.text)
        transaction.begin()
        self.assertEqual(list(self.stored().envelopes), [self.first.public_key["kid"]])
        self.assertIsNone(keys.keys_of("colleague"))
        response = call(self.layer, "GET", f"{self.path}/@messages", "colleague")
        self.assertIn(response.status_code, (401, 403))

    def stored_in_transaction(self):
        return conversation_folder(self.centre)[object_id(self.conversation)]


class TestBadInput(CounsellorTestCase):
    """No 500 on any body: bad JSON, wrong types, missing fields → 400."""

    def test_bad_bodies(self):
        posts = [
            f"{self.path}/@messages",
            f"{self.path}/@messages-read",
            f"{self.path}/@conversation-assign",
            f"{FOLDER}/@counselling-envelopes",
        ]
        bodies = [b"{", b"[]", b"null", b"5", b'"x"', b"\xff\xfe", b"{}", b'{"x": 1}']
        typed = [
            {"message": None},
            {"message": {"v": "1"}},
            {"message": [], "attachments": 3},
            {"cursor": "1"},
            {"cursor": True},
            {"cursor": 10**30},
            {"to": {"a": 1}},
            {"envelopes": None},
            {"envelopes": [None]},
            {"envelopes": [{"v": 1, "type": "envelope"}]},
        ]
        reply = message(self.key, self.conversation, "counsellor", 1, "x")
        typed += [{"message": {**reply, "role": role}} for role in ([], {})]
        for path in posts:
            for raw in bodies:
                with self.subTest(path=path, raw=raw):
                    response = call(
                        self.layer,
                        "POST",
                        path,
                        "couns",
                        data=raw,
                        headers={"Content-Type": "application/json"},
                    )
                    self.assertEqual(response.status_code, 400, response.text)
            for body in typed:
                with self.subTest(path=path, body=body):
                    response = call(self.layer, "POST", path, "couns", json=body)
                    self.assertEqual(response.status_code, 400, response.text)
        for raw in (b"{", b"[]", b'{"public_key": 1}'):
            with self.subTest(keys=raw):
                response = call(
                    self.layer,
                    "PUT",
                    "@counselling-keys/me",
                    "couns",
                    data=raw,
                    headers={"Content-Type": "application/json"},
                )
                self.assertEqual(response.status_code, 400, response.text)
        for params in ({"since": "x"}, {"since": "9" * 40}):
            with self.subTest(params=params):
                response = call(
                    self.layer, "GET", f"{self.path}/@messages", "couns", params=params
                )
                self.assertEqual(response.status_code, 400, response.text)
        for params in (
            {"cursor": "9" * 30, "index": 0},
            {"cursor": -1, "index": 0},
            {},
        ):
            with self.subTest(params=params):
                response = call(
                    self.layer,
                    "GET",
                    f"{self.path}/@attachment",
                    "couns",
                    params=params,
                )
                self.assertIn(response.status_code, (400, 404), response.text)
        self.assertEqual(self.stored().last_cursor, 1)


class TestVideoWindow(CounsellorTestCase):
    def test_two_hours_from_the_offer(self):
        from datetime import datetime
        from datetime import timedelta
        from datetime import UTC
        from sozialplattform.site.counselling import conversations
        from sozialplattform.site.counselling.video import ConversationVideoRoom

        transaction.begin()
        conversation = self.stored()
        offered = datetime(2027, 1, 12, 9, tzinfo=UTC)
        conversations.offer_video(conversation, offered)
        room = ConversationVideoRoom(conversation)
        self.assertEqual(room.opens, offered)
        self.assertEqual(room.closes, offered + timedelta(hours=2))
        self.assertIsNone(room.available())
        self.assertIsNone(
            conversations.video_json(conversation, offered + timedelta(hours=2))
        )
        self.assertIsNotNone(conversations.video_json(conversation, offered))
        conversations.close(conversation, offered)
        self.assertIsNotNone(room.available())
        transaction.abort()


class TestFolderBeforeTheFirstConversation(unittest.TestCase):
    """Granting ``CentreCounsellor`` creates ``<centre>/beratung``: counsellors set up
    their keys there before any seeker can start (no deadlock)."""

    layer = FUNCTIONAL_TESTING

    def test_granting_the_role_creates_the_folder(self):
        from test_counselling.fixtures import counselling_centre

        centre = counselling_centre(self.layer["portal"], "beratung-b")
        centre.manage_delObjects(["beratung"])
        centre.online_counselling_enabled = False
        api.user.create(email="new@example.org", username="new", password=PASSWORD)
        transaction.commit()
        path = "beratungsstellen/berlin/beratung-b"
        body = {
            "entries": [
                {"id": "new", "type": "user", "roles": {"CentreCounsellor": True}}
            ]
        }
        granted = call(self.layer, "POST", f"{path}/@sharing", "site_admin", json=body)
        self.assertEqual(granted.status_code, 204, granted.text)
        transaction.begin()
        self.assertIsNotNone(conversation_folder(centre, create=False))
        material = key_material(3)
        keys_put = call(
            self.layer,
            "PUT",
            "@counselling-keys/me",
            "new",
            json={
                "public_key": material.public_key,
                "wrapped_private_key": material.wrapped_private_key,
            },
        )
        self.assertEqual(keys_put.status_code, 200, keys_put.text)
        folder = call(self.layer, "GET", f"{path}/beratung", "new")
        self.assertEqual(folder.status_code, 200, folder.text)


class TestCsrf(CounsellorTestCase):
    """The staff's writing services keep plone.protect: with a login cookie they need
    ``X-CSRF-TOKEN``; the seeker's services (token) and Basic auth do not."""

    def test_cookie_post_needs_the_token(self):
        session = requests.Session()
        login = session.post(
            server_url(self.layer, "plone/login"),
            data={
                "__ac_name": "couns",
                "__ac_password": PASSWORD,
                "buttons.login": "Anmelden",
            },
            timeout=30,
            allow_redirects=False,
        )
        self.assertIn("__ac", session.cookies, login.status_code)
        url = server_url(self.layer, f"plone/++api++/{self.path}/@conversation-close")
        headers = {"Accept": "application/json"}
        refused = session.post(url, headers=headers, timeout=30)
        self.assertEqual(refused.status_code, 403, refused.text)
        self.assertEqual(self.stored().state, "open")
        value = session.get(
            server_url(self.layer, f"plone/{FOLDER}/@@authenticator/token"), timeout=30
        ).text.strip()
        accepted = session.post(
            url, headers={**headers, "X-CSRF-TOKEN": value}, timeout=30
        )
        self.assertEqual(accepted.status_code, 200, accepted.text)
        self.assertEqual(self.stored().state, "closed")
        basic = call(self.layer, "POST", f"{self.path}/@conversation-reopen", "couns")
        self.assertEqual(basic.status_code, 200, basic.text)
        self.assertEqual(self.stored().state, "open")
