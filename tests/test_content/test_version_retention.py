"""Version retention (portal_purgepolicy) and PATCH @history with a bad version."""

from plone import api
from sozialplattform.site.content.purgepolicy import versions_to_keep
from sozialplattform.site.testing import FUNCTIONAL_TESTING
from sozialplattform.site.testing import INTEGRATION_TESTING
from test_content.test_rest_validation import error_fields
from test_permissions.fixtures import acting_as
from test_permissions.fixtures import CENTRE_EDITOR
from test_permissions.fixtures import create_scenario
from test_permissions.fixtures import OWNER
from test_permissions.fixtures import rest
from test_permissions.fixtures import STATE_EDITOR
from zope.lifecycleevent import modified
import transaction
import unittest


#: Documented in docs/operators/version-history.md.
KEPT_VERSIONS = 30
PUBLISHED = "beratungsstellen/berlin/a-published"


def save(portal, obj, title: str) -> None:
    """What an edit form does: change, then ObjectModifiedEvent (a new version)."""
    with acting_as(portal, CENTRE_EDITOR):
        obj.title = title
        modified(obj)


class TestRetention(unittest.TestCase):
    layer = INTEGRATION_TESTING

    def setUp(self):
        self.portal = self.layer["portal"]
        scenario = create_scenario(self.portal)
        self.centre = scenario.centres["published"]
        self.offer = scenario.offers["published"]
        self.repository = api.portal.get_tool("portal_repository")

    def kept(self, obj) -> int:
        return self.repository.getHistoryMetadata(obj).getLength(countPurged=False)

    def test_profile_sets_the_documented_number(self):
        self.assertEqual(versions_to_keep(), KEPT_VERSIONS)

    def test_only_the_last_versions_are_kept(self):
        for number in range(KEPT_VERSIONS + 5):
            save(self.portal, self.centre, f"Name {number}")
        history = self.repository.getHistoryMetadata(self.centre)
        # 1 (creation) + 35 saves were made; the 6 oldest are purged
        self.assertEqual(history.getLength(countPurged=True), KEPT_VERSIONS + 6)
        self.assertEqual(self.kept(self.centre), KEPT_VERSIONS)
        newest = self.repository.retrieve(self.centre, KEPT_VERSIONS + 5).object
        self.assertEqual(newest.title, f"Name {KEPT_VERSIONS + 4}")
        oldest_kept = self.repository.retrieve(self.centre, 6).object
        self.assertEqual(oldest_kept.title, "Name 5")

    def test_offers_too(self):
        for number in range(KEPT_VERSIONS + 1):
            save(self.portal, self.offer, f"Angebot {number}")
        self.assertEqual(self.kept(self.offer), KEPT_VERSIONS)


class TestHistoryPatch(unittest.TestCase):
    """PATCH @history answers 400 for a version that is no number, 404 for an unknown one."""

    layer = FUNCTIONAL_TESTING

    def setUp(self):
        self.portal = self.layer["portal"]
        scenario = create_scenario(self.portal)
        self.centre = scenario.centres["published"]
        save(self.portal, self.centre, "Zweiter Name")
        transaction.commit()

    def patch(self, body, path=PUBLISHED):
        return rest(self.layer, "PATCH", f"{path}/@history", STATE_EDITOR, json=body)

    def title(self, path=PUBLISHED):
        return rest(self.layer, "GET", path, OWNER).json()["title"]

    def test_version_that_is_no_number(self):
        for body in ({"version": "x"}, {"version": 1.5}, {"version": True}, {}):
            with self.subTest(body=body):
                response = self.patch(body)
                self.assertEqual(response.status_code, 400, response.text)
                self.assertIn("version", error_fields(response))
        self.assertEqual(self.title(), "Zweiter Name")

    def test_unknown_version(self):
        for version in (999, -1):
            with self.subTest(version=version):
                response = self.patch({"version": version})
                self.assertEqual(response.status_code, 404, response.text)
                self.assertEqual(response.headers["Content-Type"], "application/json")
        self.assertEqual(self.title(), "Zweiter Name")

    def test_purged_version_is_unknown(self):
        for number in range(KEPT_VERSIONS):
            save(self.portal, self.centre, f"Name {number}")
        transaction.commit()
        self.assertEqual(self.patch({"version": 0}).status_code, 404)
        response = rest(self.layer, "GET", f"{PUBLISHED}/@history", STATE_EDITOR)
        self.assertEqual(response.status_code, 200, response.text)

    def test_valid_version_is_reverted(self):
        response = self.patch({"version": 0})
        self.assertEqual(response.status_code, 200, response.text)
        self.assertEqual(self.title(), "Centre A published")
        response = self.patch({"version": "1"})
        self.assertEqual(response.status_code, 200, response.text)
        self.assertEqual(self.title(), "Zweiter Name")

    def test_offers_too(self):
        path = f"{PUBLISHED}/offer"
        self.assertEqual(self.patch({"version": "x"}, path).status_code, 400)
        self.assertEqual(self.patch({"version": 999}, path).status_code, 404)
        self.assertEqual(self.patch({"version": 0}, path).status_code, 200)
