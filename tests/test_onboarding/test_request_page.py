"""Details of the pages: consent date on the request, honeypot input, thank-you page."""

from lxml import html as lxml_html
from plone import api
from sozialplattform.site.onboarding.action import confirmation_notice
from test_onboarding.fixtures import store
from test_onboarding.test_journey import EDITOR
from test_onboarding.test_journey import OnboardingHTTPTestCase
from zoneinfo import ZoneInfo
from zope.i18n import translate
import html
import requests
import transaction


OLD_PROMISE = "Sie erhalten gleich eine Bestätigung per E-Mail"


class TestRequestView(OnboardingHTTPTestCase):
    def test_privacy_consent_date_is_shown(self):
        request = store(self.site)
        transaction.commit()
        page = requests.get(request.absolute_url(), auth=EDITOR, timeout=30)
        self.assertEqual(page.status_code, 200)
        (block,) = lxml_html.fromstring(page.text).xpath(
            "//div[contains(@class, 'onboarding-consent')]"
        )
        self.assertIn("Datenschutz-Einwilligung erteilt", block.text_content())
        self.assertIn(
            # shown in the site's time zone (Europe/Berlin), whatever the server's is
            f"{request.consent_date.astimezone(ZoneInfo('Europe/Berlin')):%d.%m.%Y %H:%M}",
            block.text_content(),
        )


class TestInterestForm(OnboardingHTTPTestCase):
    def test_honeypot_is_skipped_by_autofill_and_keyboard(self):
        page = requests.get(self.url("anbindung-beantragen"), timeout=30)
        (honeypot,) = lxml_html.fromstring(page.text).xpath(
            "//input[@name='form.widgets.homepage']"
        )
        self.assertEqual(honeypot.get("autocomplete"), "off")
        self.assertEqual(honeypot.get("tabindex"), "-1")
        # the other fields keep their normal behaviour
        (name,) = lxml_html.fromstring(page.text).xpath(
            "//input[@name='form.widgets.centre_name']"
        )
        self.assertIsNone(name.get("tabindex"))

    def notice(self) -> str:
        transaction.begin()
        return translate(confirmation_notice(), target_language="de")

    def test_thank_you_page_promises_the_mail_only_when_it_is_sent(self):
        response = self.submit_form()
        self.assertEqual(response.status_code, 200)
        self.assertEqual(len(self.smtp.wait_for(2)), 2)
        with_mail = self.notice()
        self.assertIn(with_mail, html.unescape(response.text))

        api.portal.set_registry_record("plone.email_from_address", "")
        transaction.commit()
        without_mail = self.notice()
        self.assertNotEqual(with_mail, without_mail)
        response = self.submit_form(email="kim@andere-stelle.example")
        self.assertEqual(response.status_code, 200)
        text = html.unescape(response.text)
        self.assertIn("Vielen Dank für Ihre Anfrage", text)
        self.assertIn(without_mail, text)
        self.assertNotIn(with_mail, text)
        self.assertNotIn(OLD_PROMISE, text)
        self.assertEqual(len(self.requests_found()), 2)
