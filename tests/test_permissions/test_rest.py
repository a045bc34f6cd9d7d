"""The permission rules through plone.restapi on a real WSGI server (basic auth)."""

from datetime import date
from sozialplattform.site.testing import FUNCTIONAL_TESTING
from test_permissions.fixtures import ANONYMOUS
from test_permissions.fixtures import CENTRE_EDITOR
from test_permissions.fixtures import create_centre
from test_permissions.fixtures import create_offer
from test_permissions.fixtures import make_centre_editor
from test_permissions.fixtures import MEMBER
from test_permissions.fixtures import OTHER_CENTRE_EDITOR
from test_permissions.fixtures import OTHER_STATE_EDITOR
from test_permissions.fixtures import OWNER
from test_permissions.fixtures import rest
from test_permissions.fixtures import set_up_people
from test_permissions.fixtures import SITE_ADMIN
from test_permissions.fixtures import STATE_EDITOR
from test_permissions.fixtures import states_folder
import transaction
import unittest


DENIED = (401, 403)
BERLIN = "beratungsstellen/berlin"
CENTRE_A = f"{BERLIN}/a"
PUBLISHED_A = f"{BERLIN}/a-published"
CENTRE_B = f"{BERLIN}/b"


class RestPermissionTestCase(unittest.TestCase):
    """Centre A (draft) and A-published with centre_editor; centre B with another editor."""

    layer = FUNCTIONAL_TESTING

    def setUp(self):
        self.portal = self.layer["portal"]
        berlin = set_up_people(self.portal)
        self.centre = create_centre(berlin, "a", "Centre A")
        self.published = create_centre(berlin, "a-published", "Centre A2", "published")
        create_offer(self.published, "offer", "Offer of A2", "published")
        self.centre_b = create_centre(berlin, "b", "Centre B")
        make_centre_editor(CENTRE_EDITOR, self.centre)
        make_centre_editor(CENTRE_EDITOR, self.published)
        make_centre_editor(OTHER_CENTRE_EDITOR, self.centre_b)
        transaction.commit()

    def request(self, method, path, username=ANONYMOUS, **kwargs):
        return rest(self.layer, method, path, username, **kwargs)

    def stored(self, path):
        """What the server holds, read as the Zope root Manager."""
        response = self.request("GET", path, OWNER)
        self.assertEqual(response.status_code, 200, response.text)
        return response.json()

    def assert_denied(self, response):
        self.assertIn(response.status_code, DENIED, response.text)
        self.assertEqual(response.headers["Content-Type"], "application/json")


class TestReadAccess(RestPermissionTestCase):
    def test_anonymous_draft_denied_published_visible(self):
        draft = self.request("GET", CENTRE_A)
        self.assertIn(draft.status_code, (401, 404))
        self.assertNotIn("Centre A", draft.text)
        published = self.request("GET", PUBLISHED_A)
        self.assertEqual(published.status_code, 200)
        self.assertEqual(published.json()["title"], "Centre A2")
        self.assertEqual(published.json()["review_state"], "published")

    def test_other_centre_editor_cannot_read_a_draft(self):
        self.assert_denied(self.request("GET", CENTRE_A, OTHER_CENTRE_EDITOR))
        self.assertEqual(self.request("GET", CENTRE_A, CENTRE_EDITOR).status_code, 200)

    def test_anonymous_search_lists_published_centres_only(self):
        response = self.request("GET", "@search?portal_type=CounsellingCentre")
        self.assertEqual(response.status_code, 200)
        ids = [item["@id"].rsplit("/", 1)[-1] for item in response.json()["items"]]
        self.assertEqual(ids, ["a-published"])

    def test_offers_of_a_retracted_centre_are_not_public(self):
        self.request(
            "POST",
            f"{PUBLISHED_A}/@workflow/retract",
            STATE_EDITOR,
            json={"comment": "Zu"},
        ).raise_for_status()
        self.assertIn(
            self.request("GET", f"{PUBLISHED_A}/offer").status_code, (401, 404)
        )
        response = self.request("GET", "@search?portal_type=CounsellingOffer")
        self.assertEqual(response.json()["items"], [])


class TestEditAccess(RestPermissionTestCase):
    def test_centre_editor_patches_own_centre_not_another(self):
        response = self.request(
            "PATCH", CENTRE_B, CENTRE_EDITOR, json={"title": "Gekapert"}
        )
        self.assert_denied(response)
        self.assertEqual(self.stored(CENTRE_B)["title"], "Centre B")
        response = self.request("PATCH", CENTRE_A, CENTRE_EDITOR, json={"title": "Neu"})
        self.assertEqual(response.status_code, 204, response.text)
        self.assertEqual(self.stored(CENTRE_A)["title"], "Neu")

    def test_centre_editor_cannot_create_centres(self):
        response = self.request(
            "POST",
            BERLIN,
            CENTRE_EDITOR,
            json={
                "@type": "CounsellingCentre",
                "id": "neu",
                "title": "Neue Stelle",
                "postcode": "10115",
                "city": "Berlin",
            },
        )
        self.assert_denied(response)
        self.assertEqual(self.request("GET", f"{BERLIN}/neu", OWNER).status_code, 404)

    def test_state_editor_creates_centres_in_own_state_only(self):
        body = {
            "@type": "CounsellingCentre",
            "title": "Neue Stelle",
            "postcode": "10115",
            "city": "Berlin",
        }
        response = self.request("POST", BERLIN, STATE_EDITOR, json=body)
        self.assertEqual(response.status_code, 201, response.text)
        self.assertEqual(response.json()["review_state"], "draft")
        response = self.request("POST", BERLIN, OTHER_STATE_EDITOR, json=body)
        self.assert_denied(response)

    def test_other_state_editor_cannot_patch(self):
        response = self.request(
            "PATCH", CENTRE_A, OTHER_STATE_EDITOR, json={"title": "Fremd"}
        )
        self.assert_denied(response)
        self.assertEqual(self.stored(CENTRE_A)["title"], "Centre A")

    def test_member_and_anonymous_cannot_patch_published(self):
        for username in (ANONYMOUS, MEMBER):
            with self.subTest(role=username):
                response = self.request(
                    "PATCH", PUBLISHED_A, username, json={"title": "X"}
                )
                self.assert_denied(response)
        self.assertEqual(self.stored(PUBLISHED_A)["title"], "Centre A2")

    def test_centre_editor_cannot_delete_the_centre(self):
        self.assert_denied(self.request("DELETE", CENTRE_A, CENTRE_EDITOR))
        self.assertEqual(self.request("GET", CENTRE_A, OWNER).status_code, 200)

    def test_site_admin_adds_a_state(self):
        body = {"@type": "State", "id": "ausland", "title": "Ausland", "code": "DE-XX"}
        self.assert_denied(
            self.request("POST", "beratungsstellen", STATE_EDITOR, json=body)
        )
        response = self.request("POST", "beratungsstellen", SITE_ADMIN, json=body)
        self.assertEqual(response.status_code, 201, response.text)
        self.assertEqual(self.stored("beratungsstellen/ausland")["code"], "DE-XX")


class TestWorkflowAccess(RestPermissionTestCase):
    def test_centre_editor_cannot_publish_a_draft(self):
        response = self.request("POST", f"{CENTRE_A}/@workflow/publish", CENTRE_EDITOR)
        self.assert_denied(response)
        self.assertEqual(self.stored(CENTRE_A)["review_state"], "draft")

    def test_state_editor_publishes(self):
        response = self.request("POST", f"{CENTRE_A}/@workflow/publish", STATE_EDITOR)
        self.assertEqual(response.status_code, 200, response.text)
        self.assertEqual(response.json()["review_state"], "published")
        self.assertEqual(self.stored(CENTRE_A)["review_state"], "published")

    def test_other_state_editor_cannot_publish(self):
        response = self.request(
            "POST", f"{CENTRE_A}/@workflow/publish", OTHER_STATE_EDITOR
        )
        self.assert_denied(response)
        self.assertEqual(self.stored(CENTRE_A)["review_state"], "draft")

    def test_centre_editor_submits(self):
        response = self.request("POST", f"{CENTRE_A}/@workflow/submit", CENTRE_EDITOR)
        self.assertEqual(response.status_code, 200, response.text)
        self.assertEqual(self.stored(CENTRE_A)["review_state"], "pending")


class TestStateParticipation(RestPermissionTestCase):
    def test_functions_need_the_state_to_take_part(self):
        for flag, participation in (
            ("booking_enabled", "booking_participation"),
            ("online_counselling_enabled", "counselling_participation"),
        ):
            with self.subTest(flag=flag):
                response = self.request(
                    "PATCH", CENTRE_A, CENTRE_EDITOR, json={flag: True}
                )
                self.assertEqual(response.status_code, 400, response.text)
                self.assertIn(flag, response.json()["message"])
                self.assertIn("Berlin", response.json()["message"])
                self.assertFalse(self.stored(CENTRE_A)[flag])
                # The centre editor cannot switch on the participation of the State.
                response = self.request(
                    "PATCH", BERLIN, CENTRE_EDITOR, json={participation: True}
                )
                self.assert_denied(response)
                response = self.request(
                    "PATCH", BERLIN, SITE_ADMIN, json={participation: True}
                )
                self.assertEqual(response.status_code, 204, response.text)
                response = self.request(
                    "PATCH", CENTRE_A, CENTRE_EDITOR, json={flag: True}
                )
                self.assertEqual(response.status_code, 204, response.text)
                self.assertTrue(self.stored(CENTRE_A)[flag])


class TestServices(RestPermissionTestCase):
    def test_recent_changes_of_own_state_only(self):
        self.assertEqual(
            self.request("GET", f"{BERLIN}/@recent-changes").status_code, 401
        )
        response = self.request("GET", f"{BERLIN}/@recent-changes", STATE_EDITOR)
        self.assertEqual(response.status_code, 200, response.text)
        titles = {item["title"] for item in response.json()["items"]}
        self.assertIn("Centre A", titles)
        for username in (OTHER_STATE_EDITOR, CENTRE_EDITOR, MEMBER):
            with self.subTest(role=username):
                self.assert_denied(
                    self.request("GET", f"{BERLIN}/@recent-changes", username)
                )
        response = self.request(
            "GET", "beratungsstellen/bayern/@recent-changes", STATE_EDITOR
        )
        self.assert_denied(response)

    def test_confirm_data(self):
        for username in (ANONYMOUS, MEMBER, OTHER_CENTRE_EDITOR, OTHER_STATE_EDITOR):
            with self.subTest(role=username):
                self.assert_denied(
                    self.request("POST", f"{PUBLISHED_A}/@confirm-data", username)
                )
        self.assertIsNone(self.stored(PUBLISHED_A)["last_reviewed"])
        response = self.request("POST", f"{PUBLISHED_A}/@confirm-data", CENTRE_EDITOR)
        self.assertEqual(response.status_code, 200, response.text)
        today = date.today().isoformat()
        self.assertEqual(response.json()["last_reviewed"], today)
        stored = self.stored(PUBLISHED_A)
        self.assertEqual(stored["last_reviewed"], today)
        self.assertEqual(stored["review_state"], "published")

    def test_last_reviewed_only_through_confirm_data(self):
        """A centre editor cannot write any date as "data confirmed" by PATCH."""
        response = self.request(
            "PATCH", CENTRE_A, CENTRE_EDITOR, json={"last_reviewed": "2099-01-01"}
        )
        self.assertEqual(response.status_code, 403, response.text)
        self.assertIn("last_reviewed", response.json()["message"])
        self.assertIsNone(self.stored(CENTRE_A)["last_reviewed"])

    def test_vocabularies_control_panel_for_site_admin_only(self):
        path = "@controlpanels/sozialplattform-vocabularies"
        for username in (ANONYMOUS, MEMBER, CENTRE_EDITOR, STATE_EDITOR):
            with self.subTest(role=username):
                self.assert_denied(self.request("GET", path, username))
        response = self.request("GET", path, SITE_ADMIN)
        self.assertEqual(response.status_code, 200, response.text)
        self.assertIn("schulden", str(response.json()["data"]["topics"]))


class TestRemovalGuards(RestPermissionTestCase):
    """State editors may delete entries of their state, never the State itself."""

    def test_state_editor_cannot_delete_the_state(self):
        response = self.request("DELETE", "beratungsstellen/berlin", STATE_EDITOR)
        self.assertIn(response.status_code, (401, 403))
        transaction.begin()
        self.assertIn("berlin", states_folder(self.portal).objectIds())

    def test_state_editor_deletes_a_centre_of_the_state(self):
        response = self.request("DELETE", PUBLISHED_A, STATE_EDITOR)
        self.assertEqual(response.status_code, 204, response.text)


class TestNationwideFlag(RestPermissionTestCase):
    """A nationwide entry shows in every search in Germany: the state editors decide."""

    def test_centre_editor_cannot_set_nationwide(self):
        response = self.request(
            "PATCH",
            PUBLISHED_A,
            CENTRE_EDITOR,
            json={"nationwide": True, "phone": "030 1234"},
        )
        # refused with the field named, and nothing half-saved
        self.assertEqual(response.status_code, 403, response.text)
        self.assertIn("nationwide", response.json()["message"])
        stored = self.stored(PUBLISHED_A)
        self.assertFalse(stored["nationwide"])
        self.assertNotEqual(stored["phone"], "030 1234")
        # a client sending the whole object back, read-only fields unchanged, is fine
        response = self.request(
            "PATCH",
            PUBLISHED_A,
            CENTRE_EDITOR,
            json={"nationwide": False, "last_reviewed": None, "phone": "030 1234"},
        )
        self.assertEqual(response.status_code, 204, response.text)
        self.assertEqual(self.stored(PUBLISHED_A)["phone"], "030 1234")
        response = self.request(
            "PATCH", PUBLISHED_A, STATE_EDITOR, json={"nationwide": True}
        )
        self.assertEqual(response.status_code, 204, response.text)
        self.assertTrue(self.stored(PUBLISHED_A)["nationwide"])


class TestTransitionNotPossible(RestPermissionTestCase):
    def test_transition_from_the_wrong_state_names_the_possible_ones(self):
        response = self.request(
            "POST", f"{CENTRE_A}/@workflow/retract", STATE_EDITOR, json={"comment": "x"}
        )
        self.assertEqual(response.status_code, 400, response.text)
        message = response.json()["error"]["message"]
        self.assertIn("'retract' is not possible in state 'draft'", message)
        self.assertIn("possible: publish, submit", message)
        self.assertNotIn("${", message)
        self.assertEqual(self.stored(CENTRE_A)["review_state"], "draft")

    def test_unknown_transition(self):
        response = self.request("POST", f"{CENTRE_A}/@workflow/fly", SITE_ADMIN)
        self.assertEqual(response.status_code, 400, response.text)
        self.assertIn("'fly' is not possible", response.json()["error"]["message"])
