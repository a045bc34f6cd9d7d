"""The whole onboarding over HTTP with a real SMTP server capturing every mail.

Interest (anonymous easyform POST) → request + 2 mails → AVV mail with the PDF → signatures
and the signed PDF (REST) → access (user, draft centre, CentreEditor, mail with a one-time
set-password link) → password set through Plone's reset form → first login → active → the
new centre editor edits their own centre and no other.
"""

from base64 import b64encode
from plone import api
from plone.app.testing import SITE_OWNER_NAME
from plone.testing.zope import login
from sozialplattform.site.onboarding.setup import AVV_PATH
from sozialplattform.site.onboarding.setup import avv_pdf
from sozialplattform.site.onboarding.setup import create_interest_form
from sozialplattform.site.testing import DISTRIBUTION_SITE_ID
from sozialplattform.site.testing import MAIL_FUNCTIONAL_TESTING
from sozialplattform.site.testing import server_url
from test_onboarding.fixtures import configure_state
from test_onboarding.fixtures import easyform_post_data
from test_onboarding.fixtures import form_inputs
from test_onboarding.fixtures import PASSWORD
from test_onboarding.fixtures import state_editor
from test_onboarding.fixtures import submission
from test_onboarding.test_avv import assert_valid_pdf
from zope.component.hooks import setSite
import re
import requests
import transaction
import unittest


SITE_ID = DISTRIBUTION_SITE_ID
EDITOR = ("redaktion-berlin", PASSWORD)
NEW_PASSWORD = "Lindenhof-Zugang-2025!"
JSON = {"Accept": "application/json"}
RESET_LINK = re.compile(r"(http://\S+/passwordreset/\S+)")


class OnboardingHTTPTestCase(unittest.TestCase):
    layer = MAIL_FUNCTIONAL_TESTING

    def setUp(self):
        self.smtp = self.layer["smtp"]
        self.app = self.layer["app"]
        self.site = self.app[SITE_ID]
        setSite(self.site)
        login(self.app.acl_users, SITE_OWNER_NAME)
        self.form = create_interest_form(self.site)
        self.berlin = configure_state(
            self.site,
            "berlin",
            email="land@berlin.example",
            booking=True,
            name="Kim Muster",
        )
        configure_state(self.site, "bayern", email="land@bayern.example")
        state_editor("berlin", "redaktion-berlin")
        state_editor("bayern", "redaktion-bayern")
        self.other_centre = api.content.create(
            container=self.berlin,
            type="CounsellingCentre",
            id="andere-stelle",
            title="Andere Stelle",
            postcode="10117",
            city="Berlin",
        )
        transaction.commit()
        self.smtp.clear()

    def url(self, path: str = "") -> str:
        return server_url(self.layer, f"{SITE_ID}/{path}")

    def api_url(self, obj_or_path, suffix: str = "") -> str:
        path = (
            obj_or_path
            if isinstance(obj_or_path, str)
            else "/".join(obj_or_path.getPhysicalPath()[2:])
        )
        return server_url(self.layer, f"{SITE_ID}/++api++/{path}{suffix}")

    def submit_form(self, session=None, **changes) -> requests.Response:
        session = session or requests.Session()
        page = session.get(self.url("anbindung-beantragen"), timeout=30)
        self.assertEqual(page.status_code, 200)
        action, data = easyform_post_data(page.text, submission(**changes))
        return session.post(action, data=data, timeout=30)

    def requests_found(self) -> list:
        transaction.begin()
        catalog = api.portal.get_tool("portal_catalog")
        return [
            brain._unrestrictedGetObject()
            for brain in catalog.unrestrictedSearchResults(
                portal_type="OnboardingRequest"
            )
        ]

    def transition(self, obj, name, auth=EDITOR, **body) -> requests.Response:
        return requests.post(
            self.api_url(obj, f"/@workflow/{name}"),
            json=body,
            auth=auth,
            headers=JSON,
            timeout=30,
        )


def by_recipient(messages) -> dict:
    return {message["To"]: message for message in messages}


class TestJourney(OnboardingHTTPTestCase):
    def test_interest_to_own_centre(self):
        # 1. Interest: the anonymous form submission.
        response = self.submit_form()
        self.assertEqual(response.status_code, 200)
        self.assertIn("Vielen Dank für Ihre Anfrage", response.text)
        (request,) = self.requests_found()
        self.assertEqual(api.content.get_state(request), "new")
        mails = by_recipient(self.smtp.wait_for(2))
        self.assertEqual(
            set(mails), {"land@berlin.example", "Alex.Beispiel@lindenhof.example"}
        )
        to_state = mails["land@berlin.example"]
        self.assertIn(request.absolute_url(), to_state.get_body().get_content())
        self.assertEqual(to_state["Reply-To"], "Alex.Beispiel@lindenhof.example")
        confirmation = mails["Alex.Beispiel@lindenhof.example"]
        self.assertIn("Kim Muster", confirmation.get_body().get_content())
        self.assertEqual(confirmation["Reply-To"], "land@berlin.example")

        # 2. The state editor sends the AVV: a mail with the PDF attached.
        response = self.transition(request, "send_avv")
        self.assertEqual(response.status_code, 200, response.text)
        avv_mail = self.smtp.wait_for(3)[2]
        self.assertEqual(avv_mail["To"], "Alex.Beispiel@lindenhof.example")
        (attachment,) = list(avv_mail.iter_attachments())
        self.assertEqual(
            attachment.get_filename(),
            "Auftragsverarbeitungsvertrag-beratungsstelle-lindenhof.pdf",
        )
        # The shipped example AVV, as a valid PDF.
        self.assertEqual(attachment.get_content_type(), "application/pdf")
        self.assertEqual(attachment.get_content(), AVV_PATH.read_bytes())
        assert_valid_pdf(self, attachment.get_content())

        # 3. Guards: no access and no "signed" before the signatures exist.
        response = self.transition(request, "grant_access")
        self.assertEqual(response.status_code, 400)
        response = self.transition(request, "confirm_signatures")
        self.assertEqual(response.status_code, 400)
        self.assertEqual(response.json()["error"]["type"], "WorkflowException")
        self.assertIn("PDF", response.json()["error"]["message"])

        # 4. Both signature dates and the signed PDF, then "signed".
        response = requests.patch(
            self.api_url(request),
            json={
                "centre_signature_date": "2025-03-03",
                "state_signature_date": "2025-03-04",
                "signed_avv": {
                    "data": b64encode(avv_pdf()).decode(),
                    "encoding": "base64",
                    "filename": "avv-unterschrieben.pdf",
                    "content-type": "application/pdf",
                },
            },
            auth=EDITOR,
            headers=JSON,
            timeout=30,
        )
        self.assertEqual(response.status_code, 204, response.text)
        self.assertEqual(
            self.transition(request, "confirm_signatures").status_code, 200
        )

        # 5. Access: user, draft centre with CentreEditor, mail with the reset link.
        response = self.transition(request, "grant_access", comment="Willkommen!")
        self.assertEqual(response.status_code, 200, response.text)
        access_mail = self.smtp.wait_for(4)[3]
        body = access_mail.get_body().get_content()
        transaction.begin()
        user = api.user.get(username="alex.beispiel@lindenhof.example")
        self.assertIsNotNone(user)
        centre = api.content.get(UID=request.centre_uid)
        self.assertEqual(api.content.get_state(centre), "draft")
        self.assertIn("CentreEditor", api.user.get_roles(user=user, obj=centre))
        self.assertIn(centre.absolute_url(), body)
        self.assertIn(self.url("downloads"), body)
        self.assertNotIn("++api++", body)
        (reset_url,) = RESET_LINK.findall(body)

        # 6. Set the password through Plone's reset form (autologin = first login).
        session = requests.Session()
        page = session.get(reset_url, timeout=30)
        self.assertEqual(page.status_code, 200)
        action, hidden = form_inputs(page.text, "//form[@name='pwreset_action']")
        response = session.post(
            action,
            data=hidden
            + [
                ("userid", "alex.beispiel@lindenhof.example"),
                ("password", NEW_PASSWORD),
                ("password2", NEW_PASSWORD),
            ],
            timeout=30,
        )
        self.assertEqual(response.status_code, 200)
        transaction.begin()
        self.assertEqual(api.content.get_state(request), "active")
        history = request.workflow_history["onboarding_workflow"]
        self.assertEqual(
            [entry["action"] for entry in history],
            [None, "send_avv", "confirm_signatures", "grant_access", "activate"],
        )
        self.assertEqual(history[3]["comments"], "Willkommen!")
        self.assertEqual(history[3]["actor"], "redaktion-berlin")
        # The link works once.
        self.assertNotIn("pwreset_action", session.get(reset_url, timeout=30).text)

        # 7. Log in with the new password; edit the own centre, not another one.
        token = requests.post(
            self.url("++api++/@login"),
            json={"login": "alex.beispiel@lindenhof.example", "password": NEW_PASSWORD},
            headers=JSON,
            timeout=30,
        ).json()["token"]
        bearer = {**JSON, "Authorization": f"Bearer {token}"}
        response = requests.patch(
            self.api_url(centre),
            json={"description": "Schuldnerberatung im Lindenhof."},
            headers=bearer,
            timeout=30,
        )
        self.assertEqual(response.status_code, 204, response.text)
        response = requests.patch(
            self.api_url(self.other_centre),
            json={"description": "Fremd."},
            headers=bearer,
            timeout=30,
        )
        self.assertIn(response.status_code, (401, 403))
        transaction.begin()
        self.assertEqual(centre.description, "Schuldnerberatung im Lindenhof.")
        self.assertEqual(self.other_centre.description, "")
        # No mail ever contained a password.
        for message in self.smtp.messages:
            self.assertNotIn(NEW_PASSWORD, message.get_body().get_content())


class TestLoginActivates(OnboardingHTTPTestCase):
    def test_first_login_through_the_login_form(self):
        from test_onboarding.fixtures import onboard

        request = onboard(self.site)
        self.site.acl_users.userSetPassword(request.user_id, NEW_PASSWORD)
        transaction.commit()
        session = requests.Session()
        page = session.get(self.url("login"), timeout=30)
        action, hidden = form_inputs(page.text, "//div[@id='login-form']//form")
        response = session.post(
            action,
            data=hidden
            + [
                ("__ac_name", "alex.beispiel@lindenhof.example"),
                ("__ac_password", NEW_PASSWORD),
                ("buttons.login", "login"),
            ],
            timeout=30,
        )
        self.assertEqual(response.status_code, 200)
        self.assertIn("__ac", session.cookies)
        transaction.begin()
        self.assertEqual(api.content.get_state(request), "active")


class TestRESTGuardsAndIsolation(OnboardingHTTPTestCase):
    def setUp(self):
        super().setUp()
        self.submit_form()
        (self.request,) = self.requests_found()
        self.smtp.wait_for(2)

    def test_reject_needs_a_reason_and_tells_the_requester(self):
        response = self.transition(self.request, "reject")
        self.assertEqual(response.status_code, 400)
        self.assertEqual(response.json()["error"]["type"], "WorkflowException")
        response = self.transition(
            self.request,
            "reject",
            comment="Keine Beratungsstelle im Sinne der Plattform.",
        )
        self.assertEqual(response.status_code, 200)
        mail = self.smtp.wait_for(3)[2]
        self.assertEqual(mail["To"], "Alex.Beispiel@lindenhof.example")
        self.assertIn(
            "Keine Beratungsstelle im Sinne der Plattform.",
            mail.get_body().get_content(),
        )

    def test_other_state_sees_and_moves_nothing(self):
        other = ("redaktion-bayern", PASSWORD)
        response = requests.get(
            self.api_url(self.request), auth=other, headers=JSON, timeout=30
        )
        self.assertIn(response.status_code, (401, 403))
        response = requests.get(
            self.api_url("@search", "?portal_type=OnboardingRequest"),
            auth=other,
            headers=JSON,
            timeout=30,
        )
        self.assertEqual(response.json()["items_total"], 0)
        self.assertIn(
            self.transition(self.request, "send_avv", auth=other).status_code,
            (401, 403),
        )
        response = requests.get(self.api_url(self.request), headers=JSON, timeout=30)
        self.assertEqual(response.status_code, 401)
        response = requests.get(
            self.api_url(self.request), auth=EDITOR, headers=JSON, timeout=30
        )
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.json()["email"], "Alex.Beispiel@lindenhof.example")
