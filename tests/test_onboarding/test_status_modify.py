"""Classic UI workflow menu of an onboarding request, over HTTP like a browser.

The toolbar links go to ``content_status_modify?workflow_action=...&_authenticator=...``:
reject/withdraw without a reason lead to the comment form, refused transitions show their
message on the request and change nothing, allowed ones work (no 500).
"""

from lxml import html as lxml_html
from plone import api
from sozialplattform.site.onboarding.provisioning import LOGIN_REFUSED
from sozialplattform.site.onboarding.workflow import REASON_REQUIRED
from test_onboarding.fixtures import form_inputs
from test_onboarding.fixtures import sign
from test_onboarding.fixtures import store
from test_onboarding.test_journey import EDITOR
from test_onboarding.test_journey import OnboardingHTTPTestCase
from unittest import mock
from zope.i18n import translate
from zope.i18nmessageid import Message
import html
import re
import requests
import transaction


AUTHENTICATOR = re.compile(r"_authenticator=([0-9a-f]+)")


def german(message: Message) -> str:
    return translate(message, target_language="de")


class StatusModifyTestCase(OnboardingHTTPTestCase):
    def setUp(self):
        super().setUp()
        self.session = requests.Session()
        self.session.auth = EDITOR

    def page(self, obj) -> str:
        response = self.session.get(obj.absolute_url(), timeout=30)
        self.assertEqual(response.status_code, 200)
        return html.unescape(response.text)

    def token(self, obj) -> str:
        match = AUTHENTICATOR.search(self.page(obj))
        self.assertIsNotNone(match, "the toolbar's workflow menu carries the token")
        return match.group(1)

    def toolbar(self, obj, action: str, **extra) -> requests.Response:
        """The request a click on the toolbar's workflow menu sends (no redirects)."""
        return self.session.get(
            f"{obj.absolute_url()}/content_status_modify",
            params={"workflow_action": action, "_authenticator": self.token(obj)}
            | extra,
            allow_redirects=False,
            timeout=30,
        )

    def state_of(self, obj) -> str:
        transaction.begin()
        return api.content.get_state(obj)

    def centres_named(self, title: str) -> list:
        transaction.begin()
        catalog = api.portal.get_tool("portal_catalog")
        return catalog.unrestrictedSearchResults(
            portal_type="CounsellingCentre", Title=title
        )

    def to_state(self, obj, *transitions):
        for name in transitions:
            response = self.transition(obj, name)
            self.assertEqual(response.status_code, 200, response.text)
        transaction.begin()

    def signed_request(self, **attributes):
        """A request taken to avv_signed over REST; ``attributes`` are set on the stored
        request first (bypassing the intake checks, like data from before them)."""
        request = store(self.site)
        for name, value in attributes.items():
            setattr(request, name, value)
        transaction.commit()
        self.to_state(request, "send_avv")
        sign(request)
        transaction.commit()
        self.to_state(request, "confirm_signatures")
        return request

    def redirected_page(self, response: requests.Response) -> str:
        """The page a 302 leads to, with its message."""
        target = self.session.get(response.headers["location"], timeout=30)
        return html.unescape(target.text)


class TestStatusModify(StatusModifyTestCase):
    def test_send_avv_from_the_toolbar(self):
        request = store(self.site)
        transaction.commit()
        response = self.toolbar(request, "send_avv")
        self.assertEqual(response.status_code, 302, response.text[:500])
        self.assertEqual(
            response.headers["location"].split("?")[0].rstrip("/"),
            request.absolute_url(),
        )
        self.assertEqual(self.state_of(request), "avv_sent")

    def test_reject_and_withdraw_without_reason_open_the_comment_form(self):
        request = store(self.site)
        transaction.commit()
        for action in ("reject", "withdraw"):
            response = self.toolbar(request, action)
            self.assertEqual(response.status_code, 302, response.text[:500])
            location = response.headers["location"]
            self.assertIn("/content_status_history", location)
            self.assertIn(f"workflow_action={action}", location)
            self.assertEqual(self.state_of(request), "new")
        form = self.session.get(location, timeout=30)
        self.assertEqual(form.status_code, 200)
        self.assertIn(german(REASON_REQUIRED), html.unescape(form.text))
        self.assertIn('name="comment"', form.text)

    def test_reject_with_reason_through_the_comment_form(self):
        request = store(self.site)
        transaction.commit()
        form = self.session.get(
            f"{request.absolute_url()}/content_status_history",
            params={"workflow_action": "reject"},
            timeout=30,
        )
        action, hidden = form_inputs(form.text, "//form[@name='edit_form']")
        checked = [
            (box.get("name"), box.get("value"))
            for box in lxml_html.fromstring(form.text).xpath(
                "//form[@name='edit_form']//input[@type='checkbox'][@checked]"
            )
        ]
        response = self.session.post(
            action,
            data=hidden
            + checked
            + [
                ("workflow_action", "reject"),
                ("comment", "Kein Bedarf im Moment."),
                ("form.button.Publish", "Speichern"),
            ],
            allow_redirects=False,
            timeout=30,
        )
        self.assertEqual(response.status_code, 302, response.text[:500])
        self.assertEqual(self.state_of(request), "rejected")
        entry = request.workflow_history["onboarding_workflow"][-1]
        self.assertEqual(entry["comments"], "Kein Bedarf im Moment.")

    def test_confirm_signatures_without_them_shows_a_message(self):
        request = store(self.site)
        transaction.commit()
        self.to_state(request, "send_avv")
        effective = request.EffectiveDate()
        response = self.toolbar(request, "confirm_signatures")
        self.assertEqual(response.status_code, 302, response.text[:500])
        self.assertEqual(response.headers["location"], request.absolute_url())
        self.assertEqual(self.state_of(request), "avv_sent")
        self.assertEqual(request.EffectiveDate(), effective, "nothing changed")
        page = self.redirected_page(response)
        self.assertIn("Zuerst werden beide Unterschriften benötigt", page)
        self.assertNotIn("WorkflowException", page)

    def test_grant_access_before_both_signatures_shows_a_message(self):
        request = self.signed_request()
        request.state_signature_date = None
        transaction.commit()
        response = self.toolbar(request, "grant_access")
        self.assertEqual(response.status_code, 302, response.text[:500])
        self.assertEqual(response.headers["location"], request.absolute_url())
        self.assertEqual(self.state_of(request), "avv_signed")
        self.assertFalse(self.centres_named("Beratungsstelle Lindenhof"))
        self.assertIsNone(api.user.get(username="alex.beispiel@lindenhof.example"))
        page = self.redirected_page(response)
        self.assertIn("Zuerst werden beide Unterschriften benötigt", page)

    def test_grant_access_with_an_address_plone_refuses_as_login(self):
        # stored before the intake check existed (or edited afterwards)
        request = self.signed_request(email="o'neill@lindenhof.example")
        response = self.toolbar(request, "grant_access")
        self.assertEqual(response.status_code, 302, response.text[:500])
        self.assertEqual(self.state_of(request), "avv_signed")
        self.assertFalse(self.centres_named("Beratungsstelle Lindenhof"))
        self.assertIn(german(LOGIN_REFUSED), self.redirected_page(response))


class TestRestWorkflow(StatusModifyTestCase):
    """REST @workflow: a refused grant_access answers 400 and leaves nothing behind."""

    def assert_nothing_provisioned(self, request):
        self.assertEqual(self.state_of(request), "avv_signed")
        self.assertIsNone(request.centre_uid)
        self.assertIsNone(request.user_id)
        self.assertFalse(self.centres_named("Beratungsstelle Lindenhof"))
        self.assertEqual(
            [
                entry["action"]
                for entry in request.workflow_history["onboarding_workflow"]
            ],
            [None, "send_avv", "confirm_signatures"],
        )

    def test_address_refused_as_login(self):
        request = self.signed_request(email="o'neill@lindenhof.example")
        response = self.transition(request, "grant_access")
        self.assertEqual(response.status_code, 400, response.text)
        self.assertEqual(response.json()["error"]["type"], "WorkflowException")
        self.assertEqual(response.json()["error"]["message"], german(LOGIN_REFUSED))
        self.assert_nothing_provisioned(request)

    def test_account_creation_failing_after_the_state_changed_rolls_back(self):
        request = self.signed_request()
        refused = ValueError("The login name you selected is already in use.")
        with mock.patch("plone.api.user.create", side_effect=refused):
            response = self.transition(request, "grant_access")
        self.assertEqual(response.status_code, 400, response.text)
        self.assertIn("already in use", response.json()["error"]["message"])
        self.assert_nothing_provisioned(request)
        self.smtp.clear()
        # Nothing is stuck: with Plone accepting the account, access works.
        response = self.transition(request, "grant_access")
        self.assertEqual(response.status_code, 200, response.text)
        self.assertEqual(self.state_of(request), "access_granted")

    def test_classic_ui_rolls_back_too(self):
        request = self.signed_request()
        refused = ValueError("The login name you selected is already in use.")
        with mock.patch("plone.api.user.create", side_effect=refused):
            response = self.toolbar(request, "grant_access")
        self.assertEqual(response.status_code, 302, response.text[:500])
        self.assertEqual(response.headers["location"], request.absolute_url())
        self.assert_nothing_provisioned(request)
        self.assertIn("already in use", self.redirected_page(response))
