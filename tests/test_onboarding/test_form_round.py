"""The interest form says everything wrong at once, in its own words (issue 11 §1)."""

from lxml import html
from test_onboarding.fixtures import easyform_post_data
from test_onboarding.fixtures import submission
from test_onboarding.test_journey import OnboardingHTTPTestCase
import requests


class TestInterestFormFirstRound(OnboardingHTTPTestCase):
    def setUp(self):
        super().setUp()
        self.page = requests.get(self.url("anbindung-beantragen"), timeout=30)
        self.assertEqual(self.page.status_code, 200)

    def errors(self, leave_out=(), **values) -> dict[str, str]:
        action, data = easyform_post_data(self.page.text, submission(**values))
        data = [
            (key, value)
            for key, value in data
            if not any(key.startswith(f"form.widgets.{name}") for name in leave_out)
        ]
        response = requests.post(action, data=data, timeout=30)
        self.assertEqual(response.status_code, 200)
        tree = html.fromstring(response.text)
        found = {}
        for field in tree.xpath(
            "//div[contains(@class, 'field') and contains(@class, 'error')]"
        ):
            name = next(
                c.split("form.widgets.")[1]
                for c in field.get("class").split()
                if c.startswith("fieldname-form.widgets.")
            )
            feedback = field.xpath(".//*[contains(@class, 'invalid-feedback')]")
            found[name] = feedback[0].text_content().strip() if feedback else ""
        return found

    def test_every_error_in_the_first_round(self):
        found = self.errors(
            leave_out=("functions", "privacy"),
            centre_name="",
            message="x" * 5001,
            postcode="10115",
            state="bayern",
        )
        self.assertEqual(
            set(found), {"centre_name", "functions", "privacy", "message", "state"}
        )
        self.assertEqual(found["functions"], "Wählen Sie mindestens eine Funktion aus.")
        self.assertIn("Verarbeitung Ihrer Daten", found["privacy"])
        self.assertIn("höchstens 5000 Zeichen", found["message"])
        self.assertIn("5001", found["message"])
        self.assertIn("10115", found["state"])

    def test_state_choice_starts_with_from_the_postcode(self):
        tree = html.fromstring(self.page.text)
        first = tree.xpath("//select[@id='form-widgets-state']/option")[0]
        self.assertEqual(first.text.strip(), "Aus der Postleitzahl")

    def test_submit_is_the_primary_button(self):
        tree = html.fromstring(self.page.text)
        (button,) = tree.xpath("//*[@id='form-buttons-submit']")
        self.assertIn("btn-primary", button.get("class").split())
        self.assertNotIn("btn-secondary", button.get("class").split())
