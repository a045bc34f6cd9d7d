"""Findings of the acceptance test on a running site: form, notes, wording, login case."""

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
from test_onboarding.fixtures import form_inputs
from test_onboarding.fixtures import onboard
from test_onboarding.fixtures import PASSWORD
from test_onboarding.fixtures import set_up_onboarding
from test_onboarding.fixtures import store
from test_onboarding.fixtures import submission
from test_onboarding.test_journey import JSON
from test_onboarding.test_journey import OnboardingHTTPTestCase
from urllib.parse import urljoin
import requests
import transaction
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


class TestLoginIgnoresCase(OnboardingHTTPTestCase):
    def test_login_transform_set_at_install(self):
        self.assertEqual(self.site.acl_users.login_transform, "lower")

    def login_form(self, login: str, password: str) -> requests.Session:
        """Log in through Classic UI's login form; the session carries the cookie."""
        session = requests.Session()
        page = session.get(self.url("login"), timeout=30)
        action, fields = form_inputs(page.text, "//form[.//input[@name='__ac_name']]")
        fields = [(k, v) for k, v in fields if k not in ("__ac_name", "__ac_password")]
        fields += [
            ("__ac_name", login),
            ("__ac_password", password),
            ("buttons.login", "Anmelden"),
        ]
        session.post(urljoin(page.url, action), data=fields, timeout=30)
        return session

    def test_onboarded_user_logs_in_with_the_address_as_typed(self):
        onboard(self.site, email="Erika.Test@Example.org")
        user = api.user.get(username="erika.test@example.org")
        self.assertIsNotNone(user)
        self.site.acl_users.userSetPassword(user.getId(), PASSWORD)
        transaction.commit()
        for login in ("Erika.Test@Example.org", "erika.test@example.org"):
            session = self.login_form(login, PASSWORD)
            self.assertIn("__ac", session.cookies)
            page = session.get(self.url(), timeout=30)
            self.assertIn("personaltools-logout", page.text, login)
        session = self.login_form("Erika.Test@Example.org", "falsch")
        page = session.get(self.url(), timeout=30)
        self.assertNotIn("personaltools-logout", page.text)
        # Basic authentication ignores the case as well.
        response = requests.get(
            self.url(f"++api++/@users/{user.getId()}"),
            auth=("ERIKA.TEST@example.org", PASSWORD),
            headers=JSON,
            timeout=30,
        )
        self.assertEqual(response.status_code, 200, response.text)
        # and so does the REST login of headless clients
        for login, status in (
            ("Erika.Test@Example.org", 200),
            ("ERIKA.TEST@EXAMPLE.ORG", 200),
            ("Erika.Test@Example.org-x", 401),
        ):
            response = requests.post(
                self.url("++api++/@login"),
                json={"login": login, "password": PASSWORD},
                headers=JSON,
                timeout=30,
            )
            self.assertEqual(response.status_code, status, (login, response.text))
            if status == 200:
                self.assertTrue(response.json()["token"])

    def test_existing_users_still_log_in(self):
        response = requests.get(
            self.url("++api++/@users/redaktion-berlin"),
            auth=("redaktion-berlin", PASSWORD),
            headers=JSON,
            timeout=30,
        )
        self.assertEqual(response.status_code, 200, response.text)
