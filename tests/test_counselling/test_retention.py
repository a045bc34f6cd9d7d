"""Retention: closed conversations go after the control panel's period (default 30
days), inactive open ones after 180 days; with them their messages, envelopes,
attachment blobs (gone from the storage after a pack) and token."""

from datetime import datetime
from datetime import timedelta
from datetime import UTC
from plone import api
from sozialplattform.site import retention
from sozialplattform.site.counselling import checks
from sozialplattform.site.counselling import conversations
from sozialplattform.site.counselling import reference
from sozialplattform.site.counselling.content import Conversation
from sozialplattform.site.counselling.content import conversation_folder
from sozialplattform.site.testing import INTEGRATION_TESTING
from test_counselling.fixtures import counselling_centre
from test_counselling.fixtures import make_counsellor
from test_counselling.fixtures import start_body
import tempfile
import time
import transaction
import unittest


NOW = datetime(2027, 3, 1, 12, tzinfo=UTC)


class TestRetention(unittest.TestCase):
    layer = INTEGRATION_TESTING

    def setUp(self):
        self.portal = self.layer["portal"]
        self.centre = counselling_centre(self.portal)
        self.material = make_counsellor(self.centre, "couns", 0)

    def conversation(self, days_ago: int, closed: bool):
        when = NOW - timedelta(days=days_ago)
        body, _key = start_body([self.material.public_key])
        start = checks.check_start(self.centre, body)
        conversation, token = conversations.create(self.centre, start, when)
        if closed:
            conversations.close(conversation, when)
        return conversation.getId(), token

    def test_policies_are_registered(self):
        names = dict(retention.policies())
        self.assertIn("conversations-closed", names)
        self.assertIn("conversations-inactive", names)

    def test_purge(self):
        old_closed, old_token = self.conversation(31, closed=True)
        new_closed, _token = self.conversation(29, closed=True)
        old_open, _token = self.conversation(181, closed=False)
        new_open, _token = self.conversation(179, closed=False)
        result = retention.purge_all(self.portal, NOW)
        self.assertEqual(len(result["conversations-closed"]), 1)
        self.assertEqual(len(result["conversations-inactive"]), 1)
        folder = conversation_folder(self.centre)
        self.assertEqual(set(folder.objectIds()), {new_closed, new_open})
        self.assertIsNone(conversations.by_token(old_token))

    def test_the_sweep_revokes_former_counsellors(self):
        """A group's member loses the role without a local-role event: the sweep
        removes their envelope."""
        from sozialplattform.site.counselling import keys
        from test_counselling.fixtures import key_material

        api.group.create(groupname="team")
        api.user.create(email="t@example.org", username="teamer", password="x" * 12)
        api.group.add_user(groupname="team", username="teamer")
        api.group.grant_roles(
            groupname="team", roles=["CentreCounsellor"], obj=self.centre
        )
        material = key_material(1)
        keys.set_keys("teamer", material.public_key, material.wrapped_private_key)
        body, _key = start_body([self.material.public_key, material.public_key])
        start = checks.check_start(self.centre, body)
        conversation, _token = conversations.create(self.centre, start, NOW)
        api.group.remove_user(groupname="team", username="teamer")
        retention.purge_all(self.portal, NOW)
        self.assertEqual(
            list(conversation.envelopes), [self.material.public_key["kid"]]
        )
        self.assertIsNone(keys.keys_of("teamer"))

    def test_deleting_removes_the_token_index_entry(self):
        store = conversations._tokens
        first, first_token = self.conversation(1, closed=False)
        second, second_token = self.conversation(1, closed=False)
        folder = conversation_folder(self.centre)
        api.content.delete(folder[first])
        self.assertNotIn(conversations.token_hash(first_token), store())
        self.assertIn(conversations.token_hash(second_token), store())
        api.content.delete(folder)
        self.assertNotIn(conversations.token_hash(second_token), store())

    def test_period_from_the_control_panel(self):
        self.conversation(8, closed=True)
        api.portal.set_registry_record(
            "sozialplattform.counselling.closed_retention_days", 7
        )
        result = retention.purge_all(self.portal, NOW)
        self.assertEqual(len(result["conversations-closed"]), 1)

    def test_control_panel(self):
        self.portal.REQUEST["ACTUAL_URL"] = self.portal.absolute_url()
        view = self.portal.restrictedTraverse("@@sozialplattform-counselling")
        html = view()
        self.assertIn("closed_retention_days", html)


class TestBlobsGoAfterPack(unittest.TestCase):
    """A deleted conversation's attachment blobs leave a FileStorage at the pack."""

    def test_pack_removes_the_blob_files(self):
        from pathlib import Path
        from ZODB import DB
        from ZODB.FileStorage import FileStorage

        with tempfile.TemporaryDirectory() as directory:
            storage = FileStorage(f"{directory}/Data.fs", blob_dir=f"{directory}/blobs")
            db = DB(storage)
            try:
                connection = db.open()
                root = connection.root()
                conversation = Conversation()
                key = reference.create_conversation_key()
                conversation_id = reference.create_conversation_id()
                message = reference.encrypt_message(
                    key, "x", conversation=conversation_id, role="seeker", seq=1
                )
                attachment = reference.encrypt_attachment(
                    key,
                    b"%PDF geheim",
                    "a.pdf",
                    "application/pdf",
                    conversation=conversation_id,
                    role="seeker",
                    seq=1,
                    index=0,
                )
                data = reference.wire.b64u_decode(attachment["ciphertext"])
                conversations.append(conversation, message, [(attachment, data)], NOW)
                root["conversation"] = conversation
                transaction.commit()
                blobs = lambda: list(Path(directory, "blobs").rglob("*.blob"))  # noqa: E731
                self.assertEqual(len(blobs()), 1)
                self.assertEqual(blobs()[0].read_bytes(), data)
                del root["conversation"]
                transaction.commit()
                db.pack(time.time() + 1)
                self.assertEqual(blobs(), [])
                connection.close()
            finally:
                transaction.abort()
                db.close()
