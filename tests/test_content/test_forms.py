"""The Classic UI add and edit forms of centres: field messages, nothing saved.

Through the real forms (``++add++CounsellingCentre`` and ``@@edit``) with zope.testbrowser:
the postcode rules, the coordinate pair, NaN, the function flags of a State that left a
function, markup in e-mail addresses, the rich text limit and logos.
"""

from plone.testing.zope import Browser
from sozialplattform.site.testing import FUNCTIONAL_TESTING
from test_content.test_rest_validation import PNG
from test_content.test_rest_validation import SVG
from test_permissions.fixtures import CENTRE_EDITOR
from test_permissions.fixtures import create_centre
from test_permissions.fixtures import make_centre_editor
from test_permissions.fixtures import PASSWORD
from test_permissions.fixtures import set_up_people
from test_permissions.fixtures import STATE_EDITOR
import io
import re
import transaction
import unittest


def field_block(html: str, name: str) -> str:
    """The HTML of the form field ``name`` (up to the next field)."""
    match = re.search(
        rf'id="formfield-form-widgets-{re.escape(name)}"(.*?)(?=id="formfield-|</form>)',
        html,
        re.S,
    )
    return match.group(1) if match else ""


class FormTestCase(unittest.TestCase):
    layer = FUNCTIONAL_TESTING

    def setUp(self):
        self.portal = self.layer["portal"]
        self.berlin = set_up_people(self.portal)
        self.centre = create_centre(self.berlin, "a", "Centre A")
        make_centre_editor(CENTRE_EDITOR, self.centre)
        transaction.commit()

    def browser(self, username: str) -> Browser:
        browser = Browser(self.layer["app"])
        browser.handleErrors = False
        browser.addHeader("Authorization", f"Basic {username}:{PASSWORD}")
        return browser

    def assert_field_error(self, browser, name: str, text: str | None = None):
        block = field_block(browser.contents, name)
        self.assertIn("invalid-feedback", block, f"no error at {name}")
        if text:
            self.assertIn(text, block)

    def centre_ids(self) -> list[str]:
        transaction.begin()
        return sorted(self.berlin.objectIds())


class TestAddForm(FormTestCase):
    def add(self, **values) -> Browser:
        browser = self.browser(STATE_EDITOR)
        browser.open(f"{self.berlin.absolute_url()}/++add++CounsellingCentre")
        browser.getControl(name="form.widgets.title").value = "Neue Stelle"
        browser.getControl(name="form.widgets.postcode").value = "10115"
        browser.getControl(name="form.widgets.city").value = "Berlin"
        for name, value in values.items():
            browser.getControl(name=f"form.widgets.{name}").value = value
        browser.getControl(name="form.buttons.save").click()
        return browser

    def test_bad_input_gives_a_field_message_and_creates_nothing(self):
        cases = (
            ("unknown postcode", {"postcode": "00000"}, "postcode", None),
            ("postcode in another state", {"postcode": "80331"}, "postcode", "Bayern"),
            ("latitude without longitude", {"latitude": "52.5"}, "longitude", None),
            ("longitude without latitude", {"longitude": "13.4"}, "latitude", None),
            ("NaN", {"latitude": "nan", "longitude": "nan"}, "latitude", None),
            ("markup in e-mail", {"email": "<x>@example.org"}, "email", None),
        )
        for case, values, field, text in cases:
            with self.subTest(case=case):
                browser = self.add(**values)
                self.assertIn("++add++CounsellingCentre", browser.url)
                self.assert_field_error(browser, field, text)
                self.assertEqual(self.centre_ids(), ["a"])

    def test_valid_input_creates_the_centre(self):
        browser = self.add(latitude="52.5", longitude="13.4")
        self.assertNotIn("++add++", browser.url)
        self.assertEqual(self.centre_ids(), ["a", "neue-stelle"])
        centre = self.berlin["neue-stelle"]
        self.assertEqual((centre.latitude, centre.longitude), (52.5, 13.4))


class TestEditForm(FormTestCase):
    def edit(self, username=CENTRE_EDITOR, path="a", files=(), **values) -> Browser:
        browser = self.browser(username)
        browser.open(f"{self.berlin.absolute_url()}/{path}/@@edit")
        for name, value in values.items():
            browser.getControl(name=f"form.widgets.{name}").value = value
        for name, data, content_type, filename in files:
            browser.getControl(name=f"form.widgets.{name}").add_file(
                io.BytesIO(data), content_type, filename
            )
        browser.getControl(name="form.buttons.save").click()
        return browser

    def stored(self, name, path="a"):
        transaction.begin()
        return getattr(self.berlin[path], name)

    def test_half_coordinate_pair_is_refused(self):
        before = (self.stored("latitude"), self.stored("longitude"))
        browser = self.edit(latitude="52.6", longitude="")
        self.assert_field_error(browser, "longitude")
        self.assertEqual((self.stored("latitude"), self.stored("longitude")), before)

    def test_nan_is_refused(self):
        before = self.stored("latitude")
        browser = self.edit(latitude="nan", longitude="13.4")
        self.assert_field_error(browser, "latitude")
        self.assertEqual(self.stored("latitude"), before)

    def test_postcode_of_another_state(self):
        browser = self.edit(postcode="01067", city="Dresden")
        self.assert_field_error(browser, "postcode", "Sachsen")
        self.assertEqual(self.stored("postcode"), "10115")

    def test_rich_text_limit(self):
        browser = self.edit(**{"IRichTextBehavior.text": "<p>" + "x" * 100_001})
        self.assert_field_error(browser, "IRichTextBehavior-text")
        self.assertIsNone(self.stored("text"))
        self.edit(**{"IRichTextBehavior.text": "<p>Kurzer Text</p>"})
        self.assertIn("Kurzer Text", self.stored("text").raw)

    def test_logo_must_be_a_raster_image(self):
        for data, content_type, filename in (
            (SVG, "image/svg+xml", "logo.svg"),
            (b"no image at all", "image/png", "logo.png"),
        ):
            with self.subTest(filename=filename, data=data[:8]):
                browser = self.edit(files=[("logo", data, content_type, filename)])
                self.assert_field_error(browser, "logo")
                self.assertIsNone(self.stored("logo"))
        self.edit(files=[("logo", PNG, "image/png", "logo.png")])
        self.assertEqual(self.stored("logo").contentType, "image/png")


class TestFunctionFlagsInForms(FormTestCase):
    def setUp(self):
        super().setUp()
        self.berlin.booking_participation = True
        booked = create_centre(self.berlin, "gebucht", "Mit Buchung")
        booked.booking_enabled = True
        make_centre_editor(CENTRE_EDITOR, booked)
        self.berlin.booking_participation = False
        transaction.commit()

    def test_stored_true_survives_a_save(self):
        browser = self.browser(CENTRE_EDITOR)
        browser.open(f"{self.berlin.absolute_url()}/gebucht/@@edit")
        control = browser.getControl(name="form.widgets.booking_enabled:list")
        self.assertEqual(control.value, ["selected"])
        browser.getControl(name="form.widgets.street").value = "Neue Straße 1"
        browser.getControl(name="form.buttons.save").click()
        self.assertNotIn("@@edit", browser.url)
        transaction.begin()
        booked = self.berlin["gebucht"]
        self.assertEqual(booked.street, "Neue Straße 1")
        self.assertTrue(booked.booking_enabled)

    def test_switching_on_is_refused(self):
        browser = self.browser(CENTRE_EDITOR)
        browser.open(f"{self.berlin.absolute_url()}/a/@@edit")
        browser.getControl(name="form.widgets.booking_enabled:list").value = [
            "selected"
        ]
        browser.getControl(name="form.buttons.save").click()
        self.assert_field_error(browser, "booking_enabled", "Berlin")
        transaction.begin()
        self.assertFalse(self.berlin["a"].booking_enabled)
