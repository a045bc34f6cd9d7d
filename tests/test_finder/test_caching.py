"""until_catalog_changes: cached until the catalog's counter moves."""

from plone import api
from plone.app.testing import setRoles
from plone.app.testing import TEST_USER_ID
from sozialplattform.site.caching import until_catalog_changes
from sozialplattform.site.testing import FUNCTIONAL_TESTING
from sozialplattform.site.testing import INTEGRATION_TESTING
from sozialplattform.site.testing import server_url
from test_finder.fixtures import create_centre
import requests
import transaction
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

    def test_uncommitted_changes_are_never_cached(self):
        # an aborted transaction leaves the same counter value for the next commit:
        # nothing computed while the counter is changed may be served later
        calls = []

        @until_catalog_changes
        def compute():
            calls.append(1)
            return len(calls)

        setRoles(self.layer["portal"], TEST_USER_ID, ["Manager"])
        berlin = self.layer["portal"]["beratungsstellen"]["berlin"]
        berlin.booking_participation = True
        berlin.reindexObject()
        self.assertEqual(compute(), 1)
        self.assertEqual(compute(), 2)
        self.assertEqual(compute.cache, {})


class TestFinderSetsFollowCommits(unittest.TestCase):
    """The finder's cached set of public centres follows every committed change."""

    layer = FUNCTIONAL_TESTING

    def titles(self) -> set[str]:
        response = requests.get(
            server_url(self.layer, "plone/++api++/@finder"),
            params={"postcode": "10115", "radius": 10},
            headers={"Accept": "application/json"},
            timeout=30,
        )
        return {item["title"] for item in response.json()["items"]}

    def test_publish_retract_publish(self):
        portal = self.layer["portal"]
        setRoles(portal, TEST_USER_ID, ["Manager"])
        centre = create_centre(
            portal["beratungsstellen"]["berlin"], "Cache Probe", "10115", "Berlin"
        )
        transaction.commit()
        self.assertIn("Cache Probe", self.titles())
        api.content.transition(centre, transition="retract", comment="Pause")
        transaction.commit()
        self.assertNotIn("Cache Probe", self.titles())
        api.content.transition(centre, transition="submit")
        api.content.transition(centre, transition="publish")
        transaction.commit()
        self.assertIn("Cache Probe", self.titles())
