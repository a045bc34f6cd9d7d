"""centre_workflow and offer_workflow: transitions, guards, comments, editing, deleting."""

from plone import api
from Products.CMFCore.WorkflowCore import WorkflowException
from sozialplattform.site.testing import FUNCTIONAL_TESTING
from sozialplattform.site.testing import INTEGRATION_TESTING
from sozialplattform.site.testing import server_url
from test_permissions.fixtures import acting_as
from test_permissions.fixtures import ANONYMOUS
from test_permissions.fixtures import CENTRE_EDITOR
from test_permissions.fixtures import create_centre
from test_permissions.fixtures import create_scenario
from test_permissions.fixtures import OTHER_CENTRE_EDITOR
from test_permissions.fixtures import OWNER
from test_permissions.fixtures import PASSWORD
from test_permissions.fixtures import rest
from test_permissions.fixtures import STATE_EDITOR
from test_permissions.fixtures import STATE_ID
from zExceptions import Unauthorized
import re
import requests
import transaction
import unittest


DENIED = (401, 403)


class WorkflowTestCase(unittest.TestCase):
    layer = INTEGRATION_TESTING

    def setUp(self):
        self.portal = self.layer["portal"]
        scenario = create_scenario(self.portal)
        self.berlin = scenario.berlin
        self.centres = scenario.centres
        self.offers = scenario.offers
        self.workflow = api.portal.get_tool("portal_workflow")

    def do(self, username, obj, transition, **kw):
        with acting_as(self.portal, username):
            self.workflow.doActionFor(obj, transition, **kw)

    def history(self, obj):
        return self.workflow.getInfoFor(obj, "review_history")


class TestTransitions(WorkflowTestCase):
    def test_chains_and_initial_state(self):
        self.assertEqual(
            self.workflow.getChainForPortalType("CounsellingCentre"),
            ("centre_workflow",),
        )
        self.assertEqual(
            self.workflow.getChainForPortalType("CounsellingOffer"), ("offer_workflow",)
        )
        with acting_as(self.portal, STATE_EDITOR):
            centre = api.content.create(
                container=self.berlin,
                type="CounsellingCentre",
                title="Neu",
                postcode="10115",
                city="Berlin",
            )
        with acting_as(self.portal, CENTRE_EDITOR):
            offer = api.content.create(
                container=self.centres["published"],
                type="CounsellingOffer",
                title="Neu",
            )
        self.assertEqual(api.content.get_state(centre), "draft")
        self.assertEqual(api.content.get_state(offer), "draft")

    def test_full_cycle(self):
        centre = self.centres["draft"]
        self.do(CENTRE_EDITOR, centre, "submit")
        self.do(STATE_EDITOR, centre, "reject", comment="Öffnungszeiten fehlen")
        self.assertEqual(api.content.get_state(centre), "draft")
        self.do(CENTRE_EDITOR, centre, "submit")
        self.do(STATE_EDITOR, centre, "publish")
        self.assertEqual(api.content.get_state(centre), "published")
        self.do(STATE_EDITOR, centre, "retract", comment="Stelle geschlossen")
        self.assertEqual(api.content.get_state(centre), "draft")
        steps = [
            (e["action"], e["actor"], e["comments"]) for e in self.history(centre)[-5:]
        ]
        self.assertEqual(
            steps,
            [
                ("submit", CENTRE_EDITOR, ""),
                ("reject", STATE_EDITOR, "Öffnungszeiten fehlen"),
                ("submit", CENTRE_EDITOR, ""),
                ("publish", STATE_EDITOR, ""),
                ("retract", STATE_EDITOR, "Stelle geschlossen"),
            ],
        )

    def test_state_editor_publishes_a_draft_directly(self):
        self.do(STATE_EDITOR, self.centres["draft"], "publish")
        self.assertEqual(api.content.get_state(self.centres["draft"]), "published")

    def test_centre_editor_cannot_review(self):
        for review_state, transition in (
            ("draft", "publish"),
            ("pending", "publish"),
            ("pending", "reject"),
            ("published", "retract"),
        ):
            with self.subTest(state=review_state, transition=transition):
                centre = self.centres[review_state]
                with self.assertRaises(WorkflowException):
                    self.do(CENTRE_EDITOR, centre, transition, comment="Begründung")
                self.assertEqual(api.content.get_state(centre), review_state)

    def test_reject_and_retract_need_a_comment(self):
        for review_state, transition in (
            ("pending", "reject"),
            ("published", "retract"),
        ):
            for obj in (self.centres[review_state], self.offers[review_state]):
                for comment in (None, "", "   \n"):
                    with self.subTest(
                        obj=obj.portal_type, transition=transition, c=comment
                    ):
                        kw = {} if comment is None else {"comment": comment}
                        with self.assertRaises(WorkflowException) as raised:
                            self.do(STATE_EDITOR, obj, transition, **kw)
                        self.assertTrue(str(raised.exception).strip())
                        self.assertEqual(api.content.get_state(obj), review_state)

    def test_other_transitions_need_no_comment(self):
        self.do(CENTRE_EDITOR, self.centres["draft"], "submit")
        self.do(CENTRE_EDITOR, self.centres["draft"], "withdraw")
        self.do(STATE_EDITOR, self.centres["pending"], "publish")
        self.assertEqual(api.content.get_state(self.centres["draft"]), "draft")
        self.assertEqual(api.content.get_state(self.centres["pending"]), "published")


class TestOffers(WorkflowTestCase):
    def test_offers_have_their_own_state(self):
        centre = self.centres["published"]
        with acting_as(self.portal, CENTRE_EDITOR):
            offer = api.content.create(
                container=centre, type="CounsellingOffer", title="Neu"
            )
        self.assertEqual(api.content.get_state(offer), "draft")
        with acting_as(self.portal, ANONYMOUS):
            self.assertFalse(api.user.has_permission("View", obj=offer))
        self.do(CENTRE_EDITOR, offer, "submit")
        with self.assertRaises(WorkflowException):
            self.do(CENTRE_EDITOR, offer, "publish")
        self.do(STATE_EDITOR, offer, "publish")
        self.assertEqual(api.content.get_state(offer), "published")
        self.assertEqual(api.content.get_state(centre), "published")
        with acting_as(self.portal, ANONYMOUS):
            self.assertTrue(api.user.has_permission("View", obj=offer))

    def test_centre_editor_deletes_own_offers_not_the_centre(self):
        for review_state in ("draft", "published"):
            centre = self.centres[review_state]
            with self.subTest(state=review_state):
                with acting_as(self.portal, CENTRE_EDITOR):
                    api.content.delete(self.offers[review_state])
                    self.assertNotIn("offer", centre.objectIds())
                    with self.assertRaises(Unauthorized):
                        api.content.delete(centre)
                self.assertIn(centre.getId(), self.berlin.objectIds())

    def test_classic_delete_action_for_offers_not_for_the_centre(self):
        actions = api.portal.get_tool("portal_actions")
        with acting_as(self.portal, CENTRE_EDITOR):
            offer_buttons = actions.listFilteredActionsFor(self.offers["published"])
            centre_buttons = actions.listFilteredActionsFor(self.centres["published"])
        self.assertIn("delete", [a["id"] for a in offer_buttons["object_buttons"]])
        self.assertNotIn("delete", [a["id"] for a in centre_buttons["object_buttons"]])

    def test_other_centre_editor_cannot_delete_offers(self):
        offer = self.offers["published"]
        with (
            acting_as(self.portal, OTHER_CENTRE_EDITOR),
            self.assertRaises(Unauthorized),
        ):
            api.content.delete(offer)
        self.assertIn("offer", self.centres["published"].objectIds())

    def test_pending_offer_is_locked_for_the_centre_editor(self):
        offer = self.offers["pending"]
        with acting_as(self.portal, CENTRE_EDITOR), self.assertRaises(Unauthorized):
            api.content.delete(offer)
        self.assertIn("offer", self.centres["pending"].objectIds())


class TestWorkflowOverHTTP(unittest.TestCase):
    layer = FUNCTIONAL_TESTING

    def setUp(self):
        self.portal = self.layer["portal"]
        scenario = create_scenario(self.portal)
        self.offers = scenario.offers
        create_centre(scenario.berlin, "c-pending", "Centre C", "pending")
        transaction.commit()

    def request(self, method, path, username, **kwargs):
        return rest(self.layer, method, path, username, **kwargs)

    def state_of(self, path):
        return self.request("GET", path, OWNER).json()["review_state"]

    def test_rest_reject_without_comment_is_400(self):
        path = f"beratungsstellen/{STATE_ID}/a-pending"
        for body in ({}, {"comment": ""}, {"comment": "  "}):
            with self.subTest(body=body):
                response = self.request(
                    "POST", f"{path}/@workflow/reject", STATE_EDITOR, json=body
                )
                self.assertEqual(response.status_code, 400, response.text)
                error = response.json()["error"]
                self.assertEqual(error["type"], "WorkflowException")
                self.assertTrue(error["message"].strip())
                self.assertNotIn("${", error["message"])
                self.assertEqual(self.state_of(path), "pending")
        response = self.request(
            "POST",
            f"{path}/@workflow/reject",
            STATE_EDITOR,
            json={"comment": "Adresse fehlt"},
        )
        self.assertEqual(response.status_code, 200, response.text)
        self.assertEqual(response.json()["review_state"], "draft")
        self.assertEqual(response.json()["comments"], "Adresse fehlt")

    def test_rest_retract_without_comment_is_400(self):
        path = f"beratungsstellen/{STATE_ID}/a-published"
        response = self.request("POST", f"{path}/@workflow/retract", STATE_EDITOR)
        self.assertEqual(response.status_code, 400, response.text)
        self.assertEqual(self.state_of(path), "published")
        self.assertEqual(self.request("GET", path, ANONYMOUS).status_code, 200)

    def test_published_stays_published_after_centre_editor_saves(self):
        path = f"beratungsstellen/{STATE_ID}/a-published"
        response = self.request(
            "PATCH", path, CENTRE_EDITOR, json={"title": "Neuer Name"}
        )
        self.assertEqual(response.status_code, 204, response.text)
        public = self.request("GET", path, ANONYMOUS)
        self.assertEqual(public.status_code, 200)
        self.assertEqual(public.json()["title"], "Neuer Name")
        self.assertEqual(public.json()["review_state"], "published")
        offer = f"{path}/offer"
        response = self.request(
            "PATCH", offer, CENTRE_EDITOR, json={"costs": "kostenlos"}
        )
        self.assertEqual(response.status_code, 204, response.text)
        self.assertEqual(
            self.request("GET", offer, ANONYMOUS).json()["costs"], "kostenlos"
        )

    def test_centre_editor_cannot_edit_while_pending(self):
        path = f"beratungsstellen/{STATE_ID}/a-pending"
        response = self.request("PATCH", path, CENTRE_EDITOR, json={"title": "Neu"})
        self.assertIn(response.status_code, DENIED, response.text)
        self.assertEqual(
            self.request("GET", path, OWNER).json()["title"], "Centre A pending"
        )

    def test_rest_delete_offer_but_not_centre(self):
        path = f"beratungsstellen/{STATE_ID}/a-published"
        response = self.request("DELETE", f"{path}/offer", CENTRE_EDITOR)
        self.assertEqual(response.status_code, 204, response.text)
        self.assertEqual(self.request("GET", f"{path}/offer", OWNER).status_code, 404)
        response = self.request("DELETE", path, CENTRE_EDITOR)
        self.assertIn(response.status_code, DENIED, response.text)
        self.assertEqual(self.request("GET", path, OWNER).status_code, 200)

    def classic(self, path, view, username, data=None):
        url = server_url(self.layer, f"plone/{path}/{view}")
        auth = (username, PASSWORD)
        if data is None:
            return requests.get(url, auth=auth, timeout=30, allow_redirects=False)
        return requests.post(
            url, data=data, auth=auth, timeout=30, allow_redirects=False
        )

    def authenticator(self, path, username):
        page = self.classic(path, "content_status_history", username)
        self.assertEqual(page.status_code, 200, page.text[:500])
        return re.search(r'name="_authenticator"[^>]*value="([^"]+)"', page.text).group(
            1
        )

    def test_classic_reject_with_a_comment(self):
        path = f"beratungsstellen/{STATE_ID}/c-pending"
        form = {
            "workflow_action": "reject",
            "comment": "Bitte Träger ergänzen",
            "_authenticator": self.authenticator(path, STATE_EDITOR),
        }
        response = self.classic(path, "content_status_modify", STATE_EDITOR, form)
        self.assertEqual(response.status_code, 302, response.text[:2000])
        self.assertEqual(self.state_of(path), "draft")

    def test_classic_reject_without_a_comment_is_refused_cleanly(self):
        """No state change, and a message instead of an error page (500)."""
        path = f"beratungsstellen/{STATE_ID}/c-pending"
        form = {
            "workflow_action": "reject",
            "_authenticator": self.authenticator(path, STATE_EDITOR),
        }
        response = self.classic(path, "content_status_modify", STATE_EDITOR, form)
        self.assertEqual(self.state_of(path), "pending")
        self.assertLess(response.status_code, 500, response.text[:2000])

    def test_classic_toolbar_link_without_comment(self):
        """The toolbar's status menu links to content_status_modify without a comment."""
        path = f"beratungsstellen/{STATE_ID}/c-pending"
        token = self.authenticator(path, STATE_EDITOR)
        url = f"content_status_modify?workflow_action=reject&_authenticator={token}"
        response = self.classic(path, url, STATE_EDITOR)
        self.assertEqual(self.state_of(path), "pending")
        self.assertLess(response.status_code, 500, response.text[:2000])
