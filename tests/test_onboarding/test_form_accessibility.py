"""The interest form tells browsers and assistive technology what each field is."""

from lxml import html
from test_onboarding.test_journey import OnboardingHTTPTestCase
import requests


class TestInterestFormFields(OnboardingHTTPTestCase):
    def setUp(self):
        super().setUp()
        response = requests.get(self.url("anbindung-beantragen"), timeout=30)
        self.assertEqual(response.status_code, 200)
        self.tree = html.fromstring(response.text)

    def field(self, name):
        return self.tree.get_element_by_id(f"form-widgets-{name}")

    def test_autocomplete_tokens(self):
        tokens = {
            "centre_name": "organization",
            "street": "street-address",
            "postcode": "postal-code",
            "city": "address-level2",
            "contact_name": "name",
            "email": "email",
            "phone": "tel",
        }
        found = {name: self.field(name).get("autocomplete") for name in tokens}
        self.assertEqual(found, tokens)

    def test_phone_keyboards(self):
        self.assertEqual(self.field("postcode").get("inputmode"), "numeric")
        self.assertEqual(self.field("postcode").get("type"), "text")
        self.assertEqual(self.field("phone").get("type"), "tel")
        self.assertEqual(self.field("email").get("type"), "email")

    def test_function_choice_is_a_fieldset_with_legend(self):
        (fieldset,) = self.tree.xpath(
            "//fieldset[.//input[@name='form.widgets.functions:list']]"
        )
        self.assertEqual(
            " ".join(fieldset.xpath("string(legend)").split()), "Gewünschte Funktionen"
        )
        self.assertEqual(len(fieldset.xpath(".//input[@type='checkbox']")), 3)
        # no <label> for the group's div
        self.assertEqual(self.tree.xpath("//label[@for='form-widgets-functions']"), [])
