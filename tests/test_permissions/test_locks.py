"""Locks: details for editors only, one's own lock blocks nobody, JSON answers only.

The centre editor locks the published centre A (as an edit form left open does).
"""

from sozialplattform.site.testing import FUNCTIONAL_TESTING
from sozialplattform.site.testing import server_url
from test_permissions.fixtures import ANONYMOUS
from test_permissions.fixtures import CENTRE_EDITOR
from test_permissions.fixtures import create_scenario
from test_permissions.fixtures import credentials
from test_permissions.fixtures import MEMBER
from test_permissions.fixtures import OTHER_CENTRE_EDITOR
from test_permissions.fixtures import OWNER
from test_permissions.fixtures import rest
from test_permissions.fixtures import SITE_ADMIN
from test_permissions.fixtures import STATE_EDITOR
import requests
import transaction
import unittest


CENTRE = "beratungsstellen/berlin/a-published"
OFFER = f"{CENTRE}/offer"
DETAILS = ("creator", "creator_name", "creator_url", "token", "time", "created")


class LockTestCase(unittest.TestCase):
    layer = FUNCTIONAL_TESTING

    def setUp(self):
        self.portal = self.layer["portal"]
        create_scenario(self.portal)
        transaction.commit()
        response = self.rest("POST", f"{CENTRE}/@lock", CENTRE_EDITOR, json={})
        self.assertEqual(response.status_code, 200, response.text)
        self.token = response.json()["token"]

    def rest(self, method, path, username, **kwargs):
        return rest(self.layer, method, path, username, **kwargs)


class TestLockDetails(LockTestCase):
    def test_only_editors_see_who_locked(self):
        for username in (ANONYMOUS, MEMBER, OTHER_CENTRE_EDITOR):
            for path in (CENTRE, f"{CENTRE}/@lock"):
                with self.subTest(role=username, path=path):
                    response = self.rest("GET", path, username)
                    self.assertEqual(response.status_code, 200, response.text)
                    lock = (
                        response.json() if "@lock" in path else response.json()["lock"]
                    )
                    self.assertEqual(lock, {"locked": True})
                    self.assertNotIn(self.token, response.text)
                    self.assertNotIn(CENTRE_EDITOR, response.text)
        for username in (CENTRE_EDITOR, STATE_EDITOR, SITE_ADMIN):
            with self.subTest(role=username):
                lock = self.rest("GET", CENTRE, username).json()["lock"]
                self.assertEqual(lock["creator"], CENTRE_EDITOR)
                self.assertTrue(set(DETAILS) <= set(lock))

    def test_unlocked_item_shows_locked_false(self):
        self.rest("DELETE", f"{CENTRE}/@lock", CENTRE_EDITOR, json={})
        self.assertEqual(
            self.rest("GET", CENTRE, ANONYMOUS).json()["lock"], {"locked": False}
        )


class TestStaleLock(LockTestCase):
    def test_own_lock_does_not_block_a_patch(self):
        response = self.rest("PATCH", CENTRE, CENTRE_EDITOR, json={"phone": "030 9"})
        self.assertEqual(response.status_code, 204, response.text)
        self.assertEqual(self.rest("GET", CENTRE, OWNER).json()["phone"], "030 9")

    def test_lock_of_another_blocks_a_patch_with_json(self):
        response = self.rest("PATCH", CENTRE, STATE_EDITOR, json={"phone": "030 8"})
        self.assertEqual(response.status_code, 403, response.text)
        self.assertEqual(response.json()["error"]["type"], "Forbidden")
        self.assertNotEqual(self.rest("GET", CENTRE, OWNER).json()["phone"], "030 8")

    def test_delete_of_an_item_locked_by_another_is_a_423_json(self):
        response = self.rest("DELETE", CENTRE, SITE_ADMIN)
        self.assertEqual(response.status_code, 423, response.text)
        self.assertEqual(response.headers["Content-Type"], "application/json")
        error = response.json()["error"]
        self.assertEqual(error["type"], "Locked")
        self.assertIn("@lock", error["message"])
        self.assertNotIn("Traceback", response.text)
        self.assertEqual(self.rest("GET", CENTRE, OWNER).status_code, 200)
        response = self.rest(
            "DELETE", f"{CENTRE}/@lock", SITE_ADMIN, json={"force": True}
        )
        self.assertEqual(response.status_code, 200, response.text)
        self.assertEqual(self.rest("DELETE", CENTRE, SITE_ADMIN).status_code, 204)

    def test_own_lock_does_not_block_a_delete(self):
        response = self.rest("POST", f"{OFFER}/@lock", CENTRE_EDITOR, json={})
        self.assertEqual(response.status_code, 200, response.text)
        response = self.rest("DELETE", OFFER, CENTRE_EDITOR)
        self.assertEqual(response.status_code, 204, response.text)
        self.assertEqual(self.rest("GET", OFFER, OWNER).status_code, 404)

    def test_page_explains_the_lock_and_offers_unlock(self):
        """Plone's lock viewlet: who locked it, and "Unlock" for those who may edit."""
        response = requests.get(
            server_url(self.layer, f"plone/{CENTRE}"),
            auth=credentials(STATE_EDITOR),
            timeout=30,
        )
        self.assertEqual(response.status_code, 200)
        self.assertIn('id="plone-lock-status"', response.text)
        self.assertIn("@@plone_lock_operations/force_unlock", response.text)
