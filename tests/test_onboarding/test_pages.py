"""The public "Anbindung" page, the control panel and the purge view over HTTP."""

from DateTime import DateTime
from plone import api
from plone.app.testing import SITE_OWNER_NAME
from plone.app.testing import SITE_OWNER_PASSWORD
from sozialplattform.site import _
from sozialplattform.site.onboarding.mails import t
from test_onboarding.fixtures import form_inputs
from test_onboarding.fixtures import PASSWORD
from test_onboarding.fixtures import store
from test_onboarding.test_journey import JSON
from test_onboarding.test_journey import OnboardingHTTPTestCase
import requests
import transaction


ADMIN = (SITE_OWNER_NAME, SITE_OWNER_PASSWORD)
EDITOR = ("redaktion-berlin", PASSWORD)


class TestAnbindungPage(OnboardingHTTPTestCase):
    def test_public_page_lists_states_contacts_and_functions(self):
        from lxml import html

        response = requests.get(self.url("@@anbindung"), timeout=30)
        self.assertEqual(response.status_code, 200)
        tree = html.fromstring(response.text)
        rows = tree.xpath("//table[contains(@class, 'onboarding-states')]/tbody/tr")
        self.assertEqual(len(rows), 16)
        berlin = tree.xpath("//tr[@data-state='berlin']")[0]
        self.assertIn("Kim Muster", berlin.text_content())
        self.assertEqual(berlin.xpath(".//a/@href"), ["mailto:land@berlin.example"])
        yes = t(_("value_yes", default="yes"))
        no = t(_("value_no", default="no"))
        self.assertEqual(berlin.xpath("string(td[@class='booking'])").strip(), yes)
        self.assertEqual(berlin.xpath("string(td[@class='counselling'])").strip(), no)
        self.assertIn(self.url("anbindung-beantragen"), tree.xpath("//a/@href"))
        self.assertIn(self.url("downloads"), tree.xpath("//a/@href"))
        text = " ".join(tree.text_content().split())
        video = _(
            "requirement_video",
            default="For video counselling: a microphone and speakers or a headset; a "
            "camera is optional.",
        )
        self.assertIn(t(video), text)

    def test_contact_changes_show_at_once(self):
        self.berlin.contact_name = "Robin Neu"
        transaction.commit()
        response = requests.get(self.url("@@anbindung"), timeout=30)
        self.assertIn("Robin Neu", response.text)
        self.assertNotIn("Kim Muster", response.text)


class TestControlPanel(OnboardingHTTPTestCase):
    def test_only_admins_open_the_control_panel(self):
        response = requests.get(
            self.url("@@sozialplattform-onboarding"), auth=ADMIN, timeout=30
        )
        self.assertEqual(response.status_code, 200)
        self.assertIn("form.widgets.retention_days", response.text)
        for auth in (EDITOR, None):
            response = requests.get(
                self.url("@@sozialplattform-onboarding"),
                auth=auth,
                allow_redirects=False,
                timeout=30,
            )
            self.assertIn(response.status_code, (302, 401, 403))

    def test_rest_validates_and_stores(self):
        url = self.url("++api++/@controlpanels/sozialplattform-onboarding")
        data = requests.get(url, auth=ADMIN, headers=JSON, timeout=30).json()["data"]
        self.assertEqual(data["retention_days"], 90)
        self.assertTrue(data["avv_file_uid"])
        response = requests.patch(
            url,
            json={"fallback_email": "keine-adresse"},
            auth=ADMIN,
            headers=JSON,
            timeout=30,
        )
        self.assertEqual(response.status_code, 400)
        response = requests.patch(
            url, json={"retention_days": 0}, auth=ADMIN, headers=JSON, timeout=30
        )
        self.assertEqual(response.status_code, 400)
        response = requests.patch(
            url,
            json={
                "fallback_email": "anbindung@plattform.example",
                "retention_days": 30,
            },
            auth=ADMIN,
            headers=JSON,
            timeout=30,
        )
        self.assertEqual(response.status_code, 204, response.text)
        response = requests.patch(
            url, json={"retention_days": 5}, auth=EDITOR, headers=JSON, timeout=30
        )
        self.assertIn(response.status_code, (401, 403))
        transaction.begin()
        self.assertEqual(
            api.portal.get_registry_record("sozialplattform.onboarding.retention_days"),
            30,
        )


class TestPurgeView(OnboardingHTTPTestCase):
    def setUp(self):
        super().setUp()
        self.expired = store(self.site)
        api.content.transition(
            self.expired, transition="reject", comment="Kein Bedarf."
        )
        history = list(self.expired.workflow_history["onboarding_workflow"])
        history[-1] = dict(history[-1], time=DateTime() - 100)
        self.expired.workflow_history["onboarding_workflow"] = tuple(history)
        self.recent = store(self.site, postcode="10117")
        api.content.transition(self.recent, transition="reject", comment="Kein Bedarf.")
        self.expired_path = "/".join(self.expired.getPhysicalPath())
        transaction.commit()

    def test_admin_sees_and_purges_expired_requests(self):
        session = requests.Session()
        session.auth = ADMIN
        page = session.get(self.url("@@purge-onboarding-requests"), timeout=30)
        self.assertEqual(page.status_code, 200)
        self.assertIn(self.expired_path, page.text)
        self.assertNotIn("/".join(self.recent.getPhysicalPath()), page.text)
        response = session.post(
            self.url("@@purge-onboarding-requests"),
            data={"form.purge": "1"},
            timeout=30,
        )
        self.assertEqual(response.status_code, 403, "no CSRF token")
        transaction.begin()
        self.assertEqual(len(self.requests_found()), 2)
        action, hidden = form_inputs(page.text, "//form[contains(@action, 'purge')]")
        response = session.post(action, data=hidden + [("form.purge", "1")], timeout=30)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(
            [r.getId() for r in self.requests_found()], [self.recent.getId()]
        )

    def test_cron_script(self):
        from contextlib import redirect_stdout
        from io import StringIO
        from sozialplattform.site.retention.commands import purge
        from zope.component.hooks import setSite

        output = StringIO()
        with redirect_stdout(output):
            self.assertEqual(purge(self.app, []), 0)
        setSite(self.site)
        self.assertIn(self.expired_path, output.getvalue())
        self.assertEqual(
            [r.getId() for r in self.requests_found()], [self.recent.getId()]
        )

    def test_state_editors_cannot_purge(self):
        response = requests.get(
            self.url("@@purge-onboarding-requests"),
            auth=EDITOR,
            allow_redirects=False,
            timeout=30,
        )
        self.assertIn(response.status_code, (302, 401, 403))
