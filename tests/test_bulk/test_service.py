"""GET @centres-export over HTTP: permissions, formats, headers."""

from plone import api
from plone.app.testing import setRoles
from plone.app.testing import SITE_OWNER_NAME
from plone.app.testing import SITE_OWNER_PASSWORD
from plone.app.testing import TEST_USER_ID
from sozialplattform.site.bulk.importer import Importer
from sozialplattform.site.bulk.reader import read_data
from sozialplattform.site.testing import FUNCTIONAL_TESTING
from sozialplattform.site.testing import server_url
from test_bulk.base import centre_row
from test_bulk.base import csv_data
import csv
import io
import requests
import transaction
import unittest


PASSWORD = "geheim-geheim-123"


class TestCentresExportService(unittest.TestCase):
    layer = FUNCTIONAL_TESTING

    def setUp(self):
        portal = self.layer["portal"]
        setRoles(portal, TEST_USER_ID, ["Manager"])
        rows = [
            centre_row("BE-1"),
            centre_row("BE-2", title="Familienberatung Pankow", postcode="13187"),
            centre_row("HH-1", postcode="20095", city="Hamburg"),
        ]
        Importer(portal, commit=None).run(read_data(csv_data(rows), "csv"))
        api.content.transition(
            portal["beratungsstellen"]["berlin"]["schuldnerberatung-mitte"],
            to_state="published",
        )
        for state_id in ("berlin", "hamburg"):
            username = f"redaktion-{state_id}"
            api.user.create(
                email=f"{username}@example.org", username=username, password=PASSWORD
            )
            api.group.add_user(
                groupname=f"landesredaktion-{state_id}", username=username
            )
        api.user.create(
            email="admin@example.org",
            username="siteadmin",
            password=PASSWORD,
            roles=["Site Administrator"],
        )
        transaction.commit()

    def get(self, path, user=None, **params):
        auth = (user, PASSWORD) if user else None
        if user == SITE_OWNER_NAME:
            auth = (SITE_OWNER_NAME, SITE_OWNER_PASSWORD)
        return requests.get(
            server_url(self.layer, f"plone/++api++/beratungsstellen/{path}"),
            params=params,
            headers={"Accept": "application/json"},
            auth=auth,
            timeout=30,
        )

    def test_state_editor_gets_own_state_as_csv(self):
        response = self.get("berlin/@centres-export", "redaktion-berlin", format="csv")
        self.assertEqual(response.status_code, 200, response.text)
        self.assertEqual(response.headers["Content-Type"], "text/csv; charset=utf-8")
        self.assertRegex(
            response.headers["Content-Disposition"],
            r'^attachment; filename="beratungsstellen-berlin-\d{4}-\d\d-\d\d\.csv"$',
        )
        text = response.content.decode("utf-8-sig")
        rows = list(csv.DictReader(io.StringIO(text, newline=""), delimiter=";"))
        self.assertEqual(
            sorted((row["external_id"], row["review_state"]) for row in rows),
            [("BE-1", "published"), ("BE-2", "draft")],
        )

    def test_json(self):
        response = self.get("berlin/@centres-export", "redaktion-berlin", format="json")
        self.assertEqual(response.status_code, 200)
        self.assertTrue(response.headers["Content-Type"].startswith("application/json"))
        self.assertIn('.json"', response.headers["Content-Disposition"])
        data = response.json()
        self.assertEqual(sorted(item["external_id"] for item in data), ["BE-1", "BE-2"])
        self.assertEqual(data[0]["topics"], ["schulden", "wohnen"])

    def test_other_state_editor_is_refused(self):
        response = self.get("berlin/@centres-export", "redaktion-hamburg", format="csv")
        self.assertIn(response.status_code, (401, 403))
        self.assertNotIn("BE-1", response.text)

    def test_anonymous_is_refused(self):
        response = self.get("berlin/@centres-export", format="csv")
        self.assertEqual(response.status_code, 401)
        self.assertNotIn("BE-1", response.text)

    def test_bad_format(self):
        response = self.get("berlin/@centres-export", "redaktion-berlin", format="xlsx")
        self.assertEqual(response.status_code, 400)
        self.assertEqual(response.json()["type"], "BadRequest")
        self.assertIn("format", response.json()["message"])

    def test_site_admin_exports_all_states(self):
        response = self.get("@centres-export", "siteadmin", format="csv")
        self.assertEqual(response.status_code, 200, response.text)
        self.assertIn("beratungsstellen-alle-", response.headers["Content-Disposition"])
        rows = list(
            csv.DictReader(
                io.StringIO(response.content.decode("utf-8-sig"), newline=""),
                delimiter=";",
            )
        )
        self.assertEqual(
            sorted(row["external_id"] for row in rows), ["BE-1", "BE-2", "HH-1"]
        )

    def test_state_editor_cannot_export_all_states(self):
        response = self.get("@centres-export", "redaktion-berlin", format="csv")
        self.assertIn(response.status_code, (401, 403))
