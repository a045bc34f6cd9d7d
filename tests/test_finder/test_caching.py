"""until_catalog_changes: cached until the catalog's counter moves."""

from plone import api
from plone.app.testing import setRoles
from plone.app.testing import TEST_USER_ID
from sozialplattform.site.caching import until_catalog_changes
from sozialplattform.site.testing import INTEGRATION_TESTING
import unittest


class TestUntilCatalogChanges(unittest.TestCase):
    layer = INTEGRATION_TESTING

    def test_recomputed_after_a_catalog_change(self):
        calls = []

        @until_catalog_changes
        def compute():
            calls.append(1)
            return len(calls)

        self.assertEqual(compute(), 1)
        self.assertEqual(compute(), 1)
        setRoles(self.layer["portal"], TEST_USER_ID, ["Manager"])
        berlin = self.layer["portal"]["beratungsstellen"]["berlin"]
        berlin.booking_participation = True
        berlin.reindexObject()
        api.portal.get_tool("portal_catalog").searchResults(portal_type="State")
        self.assertEqual(compute(), 2)
        self.assertEqual(len(calls), 2)
