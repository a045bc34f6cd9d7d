"""REST 400s: field errors as JSON (``errors``) with a readable ``message``."""

from sozialplattform.site.testing import FUNCTIONAL_TESTING
from test_permissions.fixtures import create_centre
from test_permissions.fixtures import rest
from test_permissions.fixtures import set_up_people
from test_permissions.fixtures import STATE_EDITOR
import transaction
import unittest


class TestBadRequestFormat(unittest.TestCase):
    layer = FUNCTIONAL_TESTING

    def setUp(self):
        berlin = set_up_people(self.layer["portal"])
        create_centre(berlin, "a", "Centre A")
        transaction.commit()

    def test_field_errors_are_json(self):
        response = rest(
            self.layer,
            "PATCH",
            "beratungsstellen/berlin/a",
            STATE_EDITOR,
            json={"postcode": "80331", "email": "<x>@example.org"},
        )
        self.assertEqual(response.status_code, 400, response.text)
        data = response.json()
        self.assertEqual(data["type"], "BadRequest")
        fields = {error["field"]: error for error in data["errors"]}
        self.assertIn("postcode", fields)
        self.assertIn("Bayern", fields["postcode"]["message"])
        self.assertTrue(data["message"].startswith("postcode: "), data["message"])
        self.assertNotIn("[{", data["message"])

    def test_other_bad_requests_keep_their_message(self):
        response = rest(
            self.layer,
            "GET",
            "beratungsstellen/berlin/@centres-export?format=xml",
            STATE_EDITOR,
        )
        self.assertEqual(response.status_code, 400, response.text)
        data = response.json()
        self.assertNotIn("errors", data)
        self.assertIn("format", data["message"])
