"""The interest form's submission rules, without Plone (``onboarding/intake.py``)."""

from sozialplattform.site.onboarding.intake import derive_state_id
from sozialplattform.site.onboarding.intake import validate_submission
from test_onboarding.fixtures import submission
import unittest


class TestValidation(unittest.TestCase):
    def test_valid_submission_gives_request_values(self):
        values, errors = validate_submission(submission())
        self.assertEqual(errors, {})
        self.assertEqual(values["title"], "Beratungsstelle Lindenhof")
        self.assertEqual(values["state_id"], "berlin")
        self.assertEqual(
            values["wanted_functions"], ["finder", "booking", "counselling"]
        )
        self.assertEqual(
            values["external_booking_url"], "https://termine.lindenhof.example/buchen"
        )
        self.assertIsNone(values["external_counselling_url"])
        self.assertNotIn("homepage", values)

    def test_required_fields(self):
        _values, errors = validate_submission(
            submission(centre_name=" ", email="", city=None)
        )
        self.assertEqual(set(errors), {"centre_name", "email", "city"})

    def test_postcode_checked_with_the_content_constraint(self):
        _values, errors = validate_submission(submission(postcode="1011"))
        self.assertEqual(
            errors["postcode"].default, "Enter a German postcode with five digits."
        )
        _values, errors = validate_submission(submission(postcode="00000"))
        self.assertEqual(errors["postcode"].default, "This postcode does not exist.")

    def test_email_phone_urls_and_markup(self):
        _values, errors = validate_submission(
            submission(
                email="keine-adresse",
                phone="ruf mich an",
                booking_tool_url="termine.example",
                counselling_tool_url="javascript:alert(1)",
                message="<script>x</script>",
            )
        )
        self.assertEqual(
            set(errors),
            {"email", "phone", "booking_tool_url", "counselling_tool_url", "message"},
        )

    def test_privacy_consent_is_required(self):
        _values, errors = validate_submission(submission(privacy=False))
        self.assertEqual(list(errors), ["privacy"])

    def test_honeypot_must_stay_empty(self):
        _values, errors = validate_submission(
            submission(homepage="http://spam.example")
        )
        self.assertEqual(list(errors), ["homepage"])

    def test_state_derived_from_postcode_and_correctable(self):
        # 12529 lies in Brandenburg (main) and Berlin.
        self.assertEqual(derive_state_id("12529", None), "brandenburg")
        values, errors = validate_submission(
            submission(postcode="12529", state="berlin")
        )
        self.assertEqual(errors, {})
        self.assertEqual(values["state_id"], "berlin")

    def test_state_outside_the_postcode_is_refused(self):
        _values, errors = validate_submission(
            submission(postcode="80331", state="berlin")
        )
        self.assertEqual(list(errors), ["state"])
        self.assertEqual(errors["state"].mapping["states"], "Bayern")

    def test_only_known_functions_in_fixed_order(self):
        values, _errors = validate_submission(
            submission(functions={"counselling", "unknown", "finder"})
        )
        self.assertEqual(values["wanted_functions"], ["finder", "counselling"])
