"""The running site answers plone.restapi requests as the foundation issue describes."""

from plone.app.testing import SITE_OWNER_NAME
from plone.app.testing import SITE_OWNER_PASSWORD
from sozialplattform.site.testing import DISTRIBUTION_FUNCTIONAL_TESTING
from sozialplattform.site.testing import DISTRIBUTION_SITE_ID
from sozialplattform.site.testing import server_url
import requests
import unittest


class TestSiteEndpoint(unittest.TestCase):
    layer = DISTRIBUTION_FUNCTIONAL_TESTING

    def get(self, path, **kwargs):
        return requests.get(
            server_url(self.layer, f"{DISTRIBUTION_SITE_ID}/++api++/{path}"),
            headers={"Accept": "application/json"},
            timeout=30,
            **kwargs,
        )

    def test_anonymous_site_json(self):
        response = self.get("")
        self.assertEqual(response.status_code, 200)
        data = response.json()
        self.assertEqual(data["title"], "Sozialplattform")
        self.assertEqual(data["language"]["token"], "de")
        self.assertEqual(data["@type"], "Plone Site")
        self.assertIn("Anbindung beantragen", data["text"]["data"])

    def test_legal_pages_listed(self):
        ids = {item["@id"].rsplit("/", 1)[-1] for item in self.get("").json()["items"]}
        self.assertTrue({"impressum", "datenschutz", "barrierefreiheit"} <= ids)

    def test_unknown_path_is_json_404(self):
        response = self.get("gibt-es-nicht")
        self.assertEqual(response.status_code, 404)
        self.assertEqual(response.json()["type"], "NotFound")

    def test_admin_login(self):
        response = self.get("@users", auth=(SITE_OWNER_NAME, SITE_OWNER_PASSWORD))
        self.assertEqual(response.status_code, 200)
        self.assertEqual(self.get("@users").status_code, 401)
