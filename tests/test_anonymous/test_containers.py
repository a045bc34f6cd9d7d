"""The request folder keeps no ordering list; an old ordered one is converted in place."""

from plone import api
from plone.app.testing import setRoles
from plone.app.testing import TEST_USER_ID
from plone.dexterity.utils import createContentInContainer
from plone.folder.default import DefaultOrdering
from sozialplattform.site.anonymous.containers import make_unordered
from sozialplattform.site.anonymous.containers import random_id
from sozialplattform.site.content.structure import FOLDER_ID
from sozialplattform.site.onboarding.content import onboarding_folder
from sozialplattform.site.testing import INTEGRATION_TESTING
from zope.annotation.interfaces import IAnnotations
import unittest


class TestUnorderedContainer(unittest.TestCase):
    layer = INTEGRATION_TESTING

    def setUp(self):
        self.portal = self.layer["portal"]
        setRoles(self.portal, TEST_USER_ID, ["Manager"])
        self.state = self.portal[FOLDER_ID]["berlin"]
        self.folder = onboarding_folder(self.state)

    def add(self, folder):
        return api.content.create(
            container=folder, type="Document", id=random_id(folder, "x"), safe_id=False
        )

    def test_additions_store_no_ordering_list(self):
        for _ in range(2):
            createContentInContainer(
                self.folder,
                "OnboardingRequest",
                checkConstraints=False,
                id=random_id(self.folder, "anfrage"),
            )
        self.assertEqual(len(self.folder.objectIds()), 2)
        self.assertEqual(
            self.folder.getOrdering().__class__.__name__, "UnorderedOrdering"
        )
        self.assertNotIn(DefaultOrdering.ORDER_KEY, IAnnotations(self.folder))

    def test_make_unordered_keeps_content(self):
        folder = api.content.create(container=self.portal, type="Folder", id="alt")
        items = {self.add(folder).getId() for _ in range(3)}
        self.assertIn(DefaultOrdering.ORDER_KEY, IAnnotations(folder))
        self.assertTrue(make_unordered(folder))
        self.assertNotIn(DefaultOrdering.ORDER_KEY, IAnnotations(folder))
        self.assertEqual(set(folder.objectIds()), items)
        self.assertEqual(set(folder.getOrdering().idsInOrder()), items)
        self.assertFalse(make_unordered(folder))  # idempotent

    def test_random_ids(self):
        ids = {random_id(self.folder, "anfrage") for _ in range(50)}
        self.assertEqual(len(ids), 50)
        self.assertTrue(all(len(i) == len("anfrage-") + 16 for i in ids))
