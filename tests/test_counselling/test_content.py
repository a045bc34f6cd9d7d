"""The conversation folder and conversations: created on demand, private, unordered,
never in the catalog."""

from datetime import datetime
from datetime import UTC
from plone import api
from sozialplattform.site.anonymous.containers import UNORDERED
from sozialplattform.site.counselling import checks
from sozialplattform.site.counselling import conversations
from sozialplattform.site.counselling import FOLDER_ID
from sozialplattform.site.counselling.content import conversation_folder
from sozialplattform.site.counselling.content import object_id
from sozialplattform.site.testing import INTEGRATION_TESTING
from test_counselling.fixtures import counselling_centre
from test_counselling.fixtures import make_counsellor
from test_counselling.fixtures import start_body
import unittest


class TestContent(unittest.TestCase):
    layer = INTEGRATION_TESTING

    def setUp(self):
        self.portal = self.layer["portal"]
        self.centre = counselling_centre(self.portal)
        self.material = make_counsellor(self.centre, "couns", 0)

    def start(self):
        body, key = start_body([self.material.public_key])
        checked = checks.check_start(self.centre, body)
        return conversations.create(self.centre, checked, datetime.now(UTC)), key

    def test_folder_created_with_the_centre(self):
        # online counselling on: the folder exists before the first conversation
        folder = conversation_folder(self.centre, create=False)
        self.assertIs(folder.aq_base, self.centre[FOLDER_ID].aq_base)
        self.assertEqual(folder.portal_type, "ConversationFolder")
        self.assertEqual(folder._ordering, UNORDERED)
        self.assertTrue(folder.exclude_from_nav)
        self.assertEqual(api.content.get_state(folder), "private")
        self.assertEqual(folder.reply_days, 2)

    def test_conversation_is_not_catalogued(self):
        (conversation, token), _key = self.start()
        self.assertEqual(conversation.getId(), object_id(conversation.conversation_id))
        self.assertIn(conversation.getId(), conversation_folder(self.centre))
        catalog = api.portal.get_tool("portal_catalog")
        self.assertEqual(
            len(catalog.unrestrictedSearchResults(portal_type="Conversation")), 0
        )
        self.assertEqual(conversation.SearchableText(), "")
        self.assertEqual(conversation.token_hash, conversations.token_hash(token))
        self.assertNotIn(token, repr(conversation.__dict__))
        self.assertGreaterEqual(len(token), 22)
        self.assertIs(conversations.by_token(token).aq_base, conversation.aq_base)

    def test_token_lookup_refuses_other_tokens(self):
        (_conversation, token), _key = self.start()
        changed = token[:-1] + ("A" if token[-1] != "A" else "B")
        for other in (None, "", 5, changed, "x" * 30, token + ".", token.upper()):
            with self.subTest(token=other):
                self.assertIsNone(conversations.by_token(other))

    def test_the_seeker_joins_the_video_without_the_pseudonym(self):
        from sozialplattform.site.counselling.video import CONVERSATION_ROOM_LOOKUP

        (conversation, token), _key = self.start()
        conversations.offer_video(conversation, datetime.now(UTC))
        _room, participant = CONVERSATION_ROOM_LOOKUP.lookup(token)
        self.assertNotIn(conversation.pseudonym, participant.name)
        self.assertIn(participant.name, ("Ratsuchende Person", "Person seeking advice"))


class TestObjectId(unittest.TestCase):
    def test_every_protocol_id_is_a_valid_zope_id(self):
        from OFS.Folder import Folder
        from OFS.ObjectManager import checkValidId

        folder = Folder("f")
        for conversation_id in (
            "_" * 16,
            "aq_" + "x" * 13,
            "x" * 14 + "__",
            "A-b_c" * 4,
        ):
            with self.subTest(id=conversation_id):
                checkValidId(folder, object_id(conversation_id))
        self.assertNotEqual(object_id("a_" * 8), object_id("a-" * 8))


class TestDeletedAccount(unittest.TestCase):
    layer = INTEGRATION_TESTING

    def test_keys_and_envelopes_go_with_the_account(self):
        from sozialplattform.site.counselling import keys

        portal = self.layer["portal"]
        centre = counselling_centre(portal)
        material = make_counsellor(centre, "leaving", 0)
        body, _key = start_body([material.public_key])
        conversation, _token = conversations.create(
            centre, checks.check_start(centre, body), datetime.now(UTC)
        )
        api.user.delete(username="leaving")
        self.assertIsNone(keys.keys_of("leaving"))
        self.assertIsNone(keys.owner_of(material.public_key["kid"]))
        self.assertEqual(len(conversation.envelopes), 0)
