"""What the interest form and its pages tell the applicant.

Field errors, the State hint, the repeated-submission note, the pages' wording.
"""

from datetime import datetime
from datetime import UTC
from plone import api
from sozialplattform.site import _
from sozialplattform.site.functions import BOOKING
from sozialplattform.site.functions import FINDER
from sozialplattform.site.onboarding.intake import FUNCTIONS_MESSAGE
from sozialplattform.site.onboarding.intake import record_duplicate
from sozialplattform.site.onboarding.intake import state_error
from sozialplattform.site.onboarding.intake import validate_submission
from sozialplattform.site.onboarding.interfaces import IOnboardingRequest
from sozialplattform.site.onboarding.mails import t
from sozialplattform.site.onboarding.setup import THANKS_DESCRIPTION
from sozialplattform.site.testing import INTEGRATION_TESTING
from test_onboarding.fixtures import set_up_onboarding
from test_onboarding.fixtures import store
from test_onboarding.fixtures import submission
from test_onboarding.test_journey import OnboardingHTTPTestCase
from urllib.parse import urljoin
import requests
import unittest


def page_text(html: str, xpath: str = "//body") -> str:
    from lxml import html as lxml_html

    (element,) = lxml_html.fromstring(html).xpath(xpath)
    return " ".join(element.text_content().split())


class TestFunctionsRequired(unittest.TestCase):
    def test_no_function_is_a_field_error(self):
        for functions in (set(), None, {"unknown"}):
            values, errors = validate_submission(submission(functions=functions))
            self.assertEqual(values, {})
            self.assertEqual(errors, {"functions": FUNCTIONS_MESSAGE})

    def test_one_function_is_enough(self):
        values, errors = validate_submission(submission(functions={"finder"}))
        self.assertEqual(errors, {})
        self.assertEqual(values["wanted_functions"], ["finder"])


class TestStateMessage(unittest.TestCase):
    def test_singular_when_the_postcode_lies_in_one_state(self):
        message = state_error("10115", "bayern")
        self.assertEqual(message, "error_onboarding_state_single")
        self.assertEqual(message.mapping["states"], "Berlin")
        self.assertNotIn("one of them", message.default)

    def test_plural_when_the_postcode_lies_in_several_states(self):
        # 12529 lies in Brandenburg and Berlin.
        message = state_error("12529", "bayern")
        self.assertEqual(message, "error_onboarding_state")
        self.assertIn("Berlin", message.mapping["states"])
        self.assertIn("Brandenburg", message.mapping["states"])


class TestRepeatedSubmissionNote(unittest.TestCase):
    layer = INTEGRATION_TESTING

    def setUp(self):
        self.portal = self.layer["portal"]
        set_up_onboarding(self.portal)
        api.portal.set_registry_record("plone.portal_timezone", "Europe/Berlin")
        api.portal.set_registry_record("plone.default_language", "de")

    def test_note_in_site_time_with_labels_and_function_titles(self):
        request = store(self.portal)
        values, errors = validate_submission(
            submission(
                centre_name="Beratungsstelle Lindenhof Nord",
                contact_name="Robin Beispiel",
                functions={"finder", "booking"},
            )
        )
        self.assertEqual(errors, {})
        # 03:19 UTC in winter is 04:19 in Berlin
        record_duplicate(request, values, datetime(2026, 1, 15, 3, 19, tzinfo=UTC))
        heading, *lines = request.notes.splitlines()
        self.assertIn("15.01.2026 04:19", heading)
        self.assertNotIn("03:19", heading)
        self.assertIn(t(BOOKING.title), heading)
        self.assertIn(t(FINDER.title), heading)
        self.assertNotIn("booking", heading)
        self.assertIn(
            f"{t(IOnboardingRequest['title'].title)}: Beratungsstelle Lindenhof Nord",
            lines,
        )
        self.assertIn(
            f"{t(IOnboardingRequest['contact_name'].title)}: Robin Beispiel", lines
        )
        for line in lines:
            self.assertFalse(line.startswith(("title:", "contact_name:")), line)


class TestFormPages(OnboardingHTTPTestCase):
    def test_no_function_shows_a_field_error_and_stores_nothing(self):
        response = self.submit_form(functions=set())
        self.assertEqual(response.status_code, 200)
        self.assertNotIn("Vielen Dank für Ihre Anfrage", response.text)
        field = page_text(response.text, "//*[@id='formfield-form-widgets-functions']")
        self.assertIn(t(FUNCTIONS_MESSAGE), field)
        self.assertEqual(self.requests_found(), [])

    def test_privacy_page_linked_from_the_form(self):
        from lxml import html as lxml_html

        response = requests.get(self.url("anbindung-beantragen"), timeout=30)
        tree = lxml_html.fromstring(response.text)
        (href,) = tree.xpath(
            "//*[@id='formPrologue']//a[contains(@href, 'datenschutz')]/@href"
        )
        base = tree.xpath("//base/@href") or [response.url]
        target = requests.get(urljoin(base[0], href), timeout=30)
        self.assertEqual(target.status_code, 200)
        self.assertEqual(target.url, self.url("datenschutz"))
        self.assertIn("Datenschutzerklärung", target.text)

    def test_thank_you_page_starts_with_thanks(self):
        response = self.submit_form()
        self.assertIn("Vielen Dank für Ihre Anfrage", response.text)
        content = page_text(response.text, "//*[@id='content-core']")
        self.assertTrue(content.startswith(THANKS_DESCRIPTION), content)
        self.assertNotIn("Interesse bekunden", page_text(response.text))

    def test_anbindung_page_says_beantragen(self):
        response = requests.get(self.url("@@anbindung"), timeout=30)
        text = page_text(response.text)
        self.assertNotIn("anfragen", text)
        self.assertIn(
            t(_("button_apply_for_onboarding", default="Apply for the connection")),
            text,
        )
