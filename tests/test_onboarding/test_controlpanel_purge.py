"""The onboarding control panel leads site administrators to the purge page."""

from lxml import html
from plone.app.testing import SITE_OWNER_NAME
from plone.app.testing import SITE_OWNER_PASSWORD
from test_onboarding.test_journey import OnboardingHTTPTestCase
import requests


ADMIN = (SITE_OWNER_NAME, SITE_OWNER_PASSWORD)


class TestControlPanelPurgeButton(OnboardingHTTPTestCase):
    def test_button_opens_the_purge_page(self):
        session = requests.Session()
        session.auth = ADMIN
        page = session.get(self.url("@@sozialplattform-onboarding"), timeout=30)
        form = html.fromstring(page.text).xpath(
            "//form[.//*[@name='form.buttons.purge']]"
        )[0]
        data = {
            field.get("name"): field.get("value") or ""
            for field in form.xpath(".//input[@name and not(@type='submit')]")
        }
        data["form.buttons.purge"] = form.xpath(
            ".//*[@name='form.buttons.purge']/@value"
        )[0]
        response = session.post(
            self.url("@@sozialplattform-onboarding"),
            data=data,
            allow_redirects=False,
            timeout=30,
        )
        self.assertEqual(response.status_code, 302)
        self.assertTrue(
            response.headers["Location"].endswith("/@@purge-onboarding-requests")
        )
        purge = session.get(response.headers["Location"], timeout=30)
        self.assertEqual(purge.status_code, 200)
