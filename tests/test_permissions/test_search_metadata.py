"""The editors' switches and grants are catalog metadata: ``@search`` shows them to
editors only (``metadata_fields=...`` or ``_all``)."""

from sozialplattform.site.testing import FUNCTIONAL_TESTING
from test_permissions.fixtures import ANONYMOUS
from test_permissions.fixtures import CENTRE_EDITOR
from test_permissions.fixtures import create_scenario
from test_permissions.fixtures import MEMBER
from test_permissions.fixtures import OTHER_CENTRE_EDITOR
from test_permissions.fixtures import OTHER_STATE_EDITOR
from test_permissions.fixtures import rest
from test_permissions.fixtures import SITE_ADMIN
from test_permissions.fixtures import STATE_EDITOR
import transaction
import unittest


EDITORS_ONLY = {"booking_enabled", "online_counselling_enabled", "granted_functions"}
QUERY = "@search?portal_type=CounsellingCentre&review_state=published"


class TestSearchMetadata(unittest.TestCase):
    layer = FUNCTIONAL_TESTING

    def setUp(self):
        create_scenario(self.layer["portal"])
        transaction.commit()

    def published_centre(self, username, fields):
        params = "".join(f"&metadata_fields={name}" for name in fields)
        response = rest(self.layer, "GET", QUERY + params, username)
        self.assertEqual(response.status_code, 200, response.text)
        (item,) = response.json()["items"]
        return item

    def test_switches_for_editors_of_the_centre_only(self):
        for fields in (sorted(EDITORS_ONLY), ["_all"]):
            for username, sees in (
                (ANONYMOUS, False),
                (MEMBER, False),
                (OTHER_CENTRE_EDITOR, False),
                (OTHER_STATE_EDITOR, False),
                (CENTRE_EDITOR, True),
                (STATE_EDITOR, True),
                (SITE_ADMIN, True),
            ):
                with self.subTest(role=username, fields=fields):
                    item = self.published_centre(username, fields)
                    self.assertEqual(
                        set(item) & EDITORS_ONLY, EDITORS_ONLY if sees else set()
                    )
                    if fields == ["_all"]:
                        self.assertIn("postcode", item)  # public columns stay
