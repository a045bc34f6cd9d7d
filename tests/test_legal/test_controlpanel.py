"""The operator control panel: Manage settings only; REST GET/PATCH; bad values are a 400."""

from AccessControl import Unauthorized
from plone import api
from plone.app.testing import SITE_OWNER_NAME
from plone.app.testing import SITE_OWNER_PASSWORD
from sozialplattform.site.legal.setup import install_pages
from sozialplattform.site.testing import FUNCTIONAL_TESTING
from sozialplattform.site.testing import server_url
from test_legal.base import LegalTestCase
from zope.component.hooks import setSite
import requests
import transaction
import unittest


ADMIN = (SITE_OWNER_NAME, SITE_OWNER_PASSWORD)
PANEL = "@controlpanels/sozialplattform-operator"
PASSWORD = "secret-Passw0rd"


class TestClassicPanel(LegalTestCase):
    def traverse(self, roles):
        from plone.app.testing import login
        from plone.app.testing import setRoles
        from plone.app.testing import TEST_USER_ID
        from plone.app.testing import TEST_USER_NAME

        setRoles(self.portal, TEST_USER_ID, roles)
        login(self.portal, TEST_USER_NAME)
        return self.portal.restrictedTraverse("@@sozialplattform-operator")

    def test_site_administrator_sees_the_german_form(self):
        self.request["LANGUAGE"] = "de"
        self.request.LANGUAGE = "de"
        html = self.traverse(["Site Administrator"])()
        self.assertIn("form.widgets.operator_name", html)
        self.assertIn("form.widgets.known_barriers", html)

    def test_refused_to_others(self):
        for roles in ([], ["Member"], ["CentreEditor"], ["StateEditor"]):
            with self.subTest(roles=roles), self.assertRaises(Unauthorized):
                self.traverse(roles)

    def test_anonymous_refused(self):
        with self.assertRaises(Unauthorized):
            self.portal.restrictedTraverse("@@sozialplattform-operator")

    def test_listed_in_site_setup(self):
        configlets = api.portal.get_tool("portal_controlpanel").listActions()
        (configlet,) = [c for c in configlets if c.id == "sozialplattform-operator"]
        self.assertEqual(
            configlet.permissions, ("sozialplattform.site: Manage settings",)
        )


class TestRestPanel(unittest.TestCase):
    layer = FUNCTIONAL_TESTING

    def setUp(self):
        self.portal = self.layer["portal"]
        setSite(self.portal)
        with api.env.adopt_roles(["Manager"]):
            install_pages(self.portal)
        transaction.commit()

    def request(self, method, auth=ADMIN, **kwargs):
        return requests.request(
            method,
            server_url(self.layer, f"plone/++api++/{PANEL}"),
            headers={"Accept": "application/json"},
            auth=auth,
            timeout=30,
            **kwargs,
        )

    def record(self, name):
        transaction.begin()
        return api.portal.get_registry_record(f"sozialplattform.operator.{name}")

    def test_get_and_patch(self):
        response = self.request("GET")
        self.assertEqual(response.status_code, 200, response.text)
        self.assertIn("operator_name", response.json()["schema"]["properties"])
        response = self.request(
            "PATCH",
            json={"operator_name": "Ministerium X", "known_barriers": ["Eins", "Zwei"]},
        )
        self.assertEqual(response.status_code, 204, response.text)
        self.assertEqual(self.record("operator_name"), "Ministerium X")
        self.assertEqual(self.record("known_barriers"), ["Eins", "Zwei"])
        page = requests.get(server_url(self.layer, "plone/impressum"), timeout=30)
        self.assertIn("Ministerium X", page.text)

    def test_bad_values_are_a_400_with_json(self):
        for field, value in (
            ("email", "no address"),
            ("conformance", "mostly"),
            ("server_log_days", 0),
            ("operator_address", "<script>x</script>"),
        ):
            with self.subTest(field=field):
                response = self.request("PATCH", json={field: value})
                self.assertEqual(response.status_code, 400, response.text)
                self.assertEqual(
                    response.headers["Content-Type"].split(";")[0], "application/json"
                )
                self.assertIn(field, response.text)
        self.assertIsNone(self.record("email"))

    def test_centre_editor_may_not_patch(self):
        self.portal.acl_users.userFolderAddUser(
            "editor", PASSWORD, ["CentreEditor"], []
        )
        transaction.commit()
        response = self.request(
            "PATCH", auth=("editor", PASSWORD), json={"operator_name": "X"}
        )
        self.assertIn(response.status_code, (401, 403), response.text)
        self.assertIsNone(self.record("operator_name"))
        response = self.request("GET", auth=None)
        self.assertIn(response.status_code, (401, 403), response.text)
