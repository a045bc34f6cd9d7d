"""Every save of a centre is a version; state editors diff and revert, centre editors not."""

from plone import api
from sozialplattform.site.content.views import confirm_data
from sozialplattform.site.testing import FUNCTIONAL_TESTING
from sozialplattform.site.testing import INTEGRATION_TESTING
from test_permissions.fixtures import acting_as
from test_permissions.fixtures import ANONYMOUS
from test_permissions.fixtures import CENTRE_EDITOR
from test_permissions.fixtures import create_scenario
from test_permissions.fixtures import OTHER_CENTRE_EDITOR
from test_permissions.fixtures import OTHER_STATE_EDITOR
from test_permissions.fixtures import OWNER
from test_permissions.fixtures import rest
from test_permissions.fixtures import STATE_EDITOR
from zExceptions import Unauthorized
from zope.lifecycleevent import modified
import transaction
import unittest


DENIED = (401, 403)
PUBLISHED = "beratungsstellen/berlin/a-published"


class VersioningTestCase(unittest.TestCase):
    layer = INTEGRATION_TESTING

    def setUp(self):
        self.portal = self.layer["portal"]
        self.request = self.layer["request"]
        scenario = create_scenario(self.portal)
        self.centre = scenario.centres["published"]
        self.offer = scenario.offers["published"]
        self.repository = api.portal.get_tool("portal_repository")

    def versions(self, obj):
        return self.repository.getHistoryMetadata(obj).getLength(countPurged=False)

    def version_title(self, obj, number):
        return self.repository.retrieve(obj, number).object.title

    def save(self, obj, username, **values):
        """What an edit form does: set the values, notify ObjectModifiedEvent."""
        with acting_as(self.portal, username):
            for name, value in values.items():
                setattr(obj, name, value)
            modified(obj)


class TestVersions(VersioningTestCase):
    def test_creation_is_the_first_version(self):
        self.assertEqual(self.versions(self.centre), 1)
        self.assertEqual(self.versions(self.offer), 1)
        self.assertEqual(self.version_title(self.centre, 0), "Centre A published")

    def test_every_save_is_a_version(self):
        self.save(self.centre, CENTRE_EDITOR, title="Zweiter Name")
        self.save(self.centre, CENTRE_EDITOR, title="Dritter Name")
        self.assertEqual(self.versions(self.centre), 3)
        self.assertEqual(
            [self.version_title(self.centre, n) for n in range(3)],
            ["Centre A published", "Zweiter Name", "Dritter Name"],
        )
        self.assertEqual(api.content.get_state(self.centre), "published")
        self.save(self.offer, CENTRE_EDITOR, title="Angebot neu")
        self.assertEqual(self.versions(self.offer), 2)

    def test_confirming_the_data_is_a_version(self):
        with acting_as(self.portal, CENTRE_EDITOR):
            confirm_data(self.centre)
        self.assertEqual(self.versions(self.centre), 2)
        latest = self.repository.retrieve(self.centre, 1).object
        self.assertEqual(latest.last_reviewed, self.centre.last_reviewed)

    def test_state_editor_sees_the_diff(self):
        self.save(self.centre, CENTRE_EDITOR, title="Zweiter Name", city="Berlin-Mitte")
        diff = api.portal.get_tool("portal_diff")
        changes = diff.createChangeSet(
            self.repository.retrieve(self.centre, 0).object, self.centre
        )
        changed = {d.field for d in changes.getDiffs() if not d.same}
        self.assertTrue({"title", "city"} <= changed, changed)
        self.request.form.update({"one": "current", "two": "0"})
        with acting_as(self.portal, STATE_EDITOR):
            view = self.centre.restrictedTraverse("@@history")
            html = view()
        self.assertIn("Zweiter Name", html)
        self.assertIn("Centre A published", html)

    def test_history_view_not_for_outsiders(self):
        for username in (ANONYMOUS, OTHER_CENTRE_EDITOR, OTHER_STATE_EDITOR):
            with self.subTest(role=username):
                with acting_as(self.portal, username), self.assertRaises(Unauthorized):
                    self.centre.restrictedTraverse("@@history")

    def test_state_editor_reverts_and_the_revert_is_a_version(self):
        from plone.restapi.services.history.patch import revert

        self.save(self.centre, CENTRE_EDITOR, title="Falscher Name")
        with acting_as(self.portal, STATE_EDITOR):
            revert(self.centre, 0)
        self.assertEqual(self.centre.title, "Centre A published")
        self.assertEqual(self.versions(self.centre), 3)
        self.assertEqual(self.version_title(self.centre, 2), "Centre A published")
        self.assertEqual(api.content.get_state(self.centre), "published")

    def test_centre_editor_cannot_revert(self):
        self.save(self.centre, CENTRE_EDITOR, title="Neuer Name")
        with acting_as(self.portal, CENTRE_EDITOR), self.assertRaises(Unauthorized):
            self.repository.revert(self.centre, 0)
        self.assertEqual(self.centre.title, "Neuer Name")
        self.assertEqual(self.versions(self.centre), 2)


class TestHistoryOverHTTP(unittest.TestCase):
    layer = FUNCTIONAL_TESTING

    def setUp(self):
        self.portal = self.layer["portal"]
        create_scenario(self.portal)
        transaction.commit()

    def request(self, method, path, username, **kwargs):
        return rest(self.layer, method, path, username, **kwargs)

    def version_entries(self, username=OWNER):
        response = self.request("GET", f"{PUBLISHED}/@history", username)
        self.assertEqual(response.status_code, 200, response.text)
        return [e for e in response.json() if e["type"] == "versioning"]

    def title(self):
        return self.request("GET", PUBLISHED, OWNER).json()["title"]

    def test_every_patch_is_a_version(self):
        for title in ("Zweiter Name", "Dritter Name"):
            response = self.request(
                "PATCH", PUBLISHED, CENTRE_EDITOR, json={"title": title}
            )
            self.assertEqual(response.status_code, 204, response.text)
        entries = self.version_entries(CENTRE_EDITOR)
        self.assertEqual(sorted(e["version"] for e in entries), [0, 1, 2])
        self.assertEqual(
            {e["actor"]["id"] for e in entries if e["version"]}, {CENTRE_EDITOR}
        )
        response = self.request("POST", f"{PUBLISHED}/@confirm-data", CENTRE_EDITOR)
        self.assertEqual(response.status_code, 200, response.text)
        self.assertEqual(len(self.version_entries()), 4)

    def test_history_hidden_from_outsiders(self):
        for username in (ANONYMOUS, OTHER_CENTRE_EDITOR, OTHER_STATE_EDITOR):
            with self.subTest(role=username):
                response = self.request("GET", f"{PUBLISHED}/@history", username)
                self.assertIn(response.status_code, DENIED, response.text)

    def test_state_editor_reverts_centre_editor_cannot(self):
        response = self.request(
            "PATCH", PUBLISHED, CENTRE_EDITOR, json={"title": "Falsch"}
        )
        self.assertEqual(response.status_code, 204, response.text)
        response = self.request(
            "PATCH", f"{PUBLISHED}/@history", CENTRE_EDITOR, json={"version": 0}
        )
        self.assertIn(response.status_code, DENIED, response.text)
        self.assertEqual(self.title(), "Falsch")
        self.assertEqual(len(self.version_entries()), 2)
        response = self.request(
            "PATCH", f"{PUBLISHED}/@history", STATE_EDITOR, json={"version": 0}
        )
        self.assertEqual(response.status_code, 200, response.text)
        self.assertEqual(self.title(), "Centre A published")
        entries = self.version_entries()
        self.assertEqual(len(entries), 3)
        self.assertEqual(
            self.request("GET", PUBLISHED, ANONYMOUS).json()["review_state"],
            "published",
        )

    def test_other_state_editor_cannot_revert(self):
        self.request(
            "PATCH", PUBLISHED, CENTRE_EDITOR, json={"title": "Neu"}
        ).raise_for_status()
        response = self.request(
            "PATCH", f"{PUBLISHED}/@history", OTHER_STATE_EDITOR, json={"version": 0}
        )
        self.assertIn(response.status_code, DENIED, response.text)
        self.assertEqual(self.title(), "Neu")
