"""Bad input to centres over REST: 400 naming the field, nothing half-saved."""

from plone.app.testing import setRoles
from plone.app.testing import TEST_USER_ID
from sozialplattform.site.testing import FUNCTIONAL_TESTING
from test_permissions.fixtures import create_centre
from test_permissions.fixtures import create_people
from test_permissions.fixtures import OWNER
from test_permissions.fixtures import rest
from test_permissions.fixtures import STATE_EDITOR
from test_permissions.fixtures import states_folder
from zope.component.hooks import setSite
import ast
import transaction
import unittest


BERLIN = "beratungsstellen/berlin"
CENTRE = f"{BERLIN}/a"
HOURS = [{"day": "mon", "start": "09:00", "end": "12:00"}]
VALID = {
    "title": "Schuldnerberatung Mitte",
    "carrier": "Diakonie Berlin",
    "postcode": "10115",
    "city": "Berlin",
    "email": "info@example.org",
    "website": "https://example.org",
    "phone": "+49 30 123456",
    "opening_hours": HOURS,
    "topics": ["schulden"],
}

#: (case, bad values, field the 400 must name, text the field's message must contain)
BAD_INPUT = [
    ("title over 200 characters", {"title": "x" * 201}, "title", None),
    ("HTML in carrier", {"carrier": "<b>Diakonie</b>"}, "carrier", None),
    (
        "HTML in description",
        {"description": "<script>alert(1)</script>"},
        "description",
        None,
    ),
    ("invalid email", {"email": "keine-adresse"}, "email", None),
    ("javascript website", {"website": "javascript:alert(1)"}, "website", None),
    ("ftp website", {"website": "ftp://x"}, "website", None),
    (
        "ftp booking tool",
        {"external_booking_url": "ftp://x"},
        "external_booking_url",
        None,
    ),
    ("letters as phone", {"phone": "abc"}, "phone", None),
    (
        "unknown weekday",
        {"opening_hours": [{"day": "xyz", "start": "09:00", "end": "12:00"}]},
        "opening_hours",
        None,
    ),
    (
        "start after end",
        {"opening_hours": [{"day": "mon", "start": "14:00", "end": "12:00"}]},
        "opening_hours",
        None,
    ),
    (
        "extra key in opening hours",
        {"opening_hours": [{"day": "mon", "start": "09:00", "end": "12:00", "x": "y"}]},
        "opening_hours",
        None,
    ),
    (
        "opening hours not a list",
        {"opening_hours": "Mo 09:00-12:00"},
        "opening_hours",
        None,
    ),
    ("unknown topic", {"topics": ["unbekannt"]}, "topics", None),
    ("unknown language", {"languages": ["klingonisch"]}, "languages", None),
    ("unknown postcode", {"postcode": "00000"}, "postcode", None),
    ("malformed postcode", {"postcode": "1234"}, "postcode", None),
    ("postcode of another state", {"postcode": "80331"}, "postcode", "Bayern"),
    ("latitude out of range", {"latitude": 60.0, "longitude": 13.4}, "latitude", None),
    (
        "longitude out of range",
        {"latitude": 52.5, "longitude": 40.0},
        "longitude",
        None,
    ),
]


def error_fields(response) -> dict[str, str]:
    """field -> message of a plone.restapi 400 (its message is the list of errors)."""
    data = response.json()
    message = data["message"]
    errors = ast.literal_eval(message) if isinstance(message, str) else message
    return {error["field"]: error["message"] for error in errors if "field" in error}


class ValidationTestCase(unittest.TestCase):
    layer = FUNCTIONAL_TESTING

    def setUp(self):
        self.portal = self.layer["portal"]
        setSite(self.portal)
        setRoles(self.portal, TEST_USER_ID, ["Manager"])
        create_people(self.portal)
        berlin = states_folder(self.portal)["berlin"]
        values = dict(VALID)
        title = values.pop("title")
        create_centre(berlin, "a", title, **values)
        transaction.commit()

    def request(self, method, path, **kwargs):
        return rest(self.layer, method, path, STATE_EDITOR, **kwargs)

    def stored(self, path=CENTRE):
        response = rest(self.layer, "GET", path, OWNER)
        self.assertEqual(response.status_code, 200, response.text)
        return response.json()

    def assert_field_error(self, response, field, text=None):
        self.assertEqual(response.status_code, 400, response.text)
        self.assertEqual(response.headers["Content-Type"], "application/json")
        self.assertNotIn("traceback", response.json())
        fields = error_fields(response)
        self.assertIn(field, fields, response.text)
        if text:
            self.assertIn(text, fields[field])


class TestPatchValidation(ValidationTestCase):
    def test_bad_input_is_refused_and_nothing_saved(self):
        before = self.stored()
        for case, values, field, text in BAD_INPUT:
            with self.subTest(case=case):
                # A valid change next to the bad one must not be saved either.
                body = {"street": "Geänderte Straße 9", **values}
                response = self.request("PATCH", CENTRE, json=body)
                self.assert_field_error(response, field, text)
                after = self.stored()
                for name in ("street", *values):
                    self.assertEqual(after[name], before[name], name)
                self.assertEqual(after["modified"], before["modified"])

    def test_latitude_without_longitude(self):
        before = self.stored()
        response = self.request(
            "PATCH", CENTRE, json={"latitude": 52.5, "longitude": None}
        )
        self.assertEqual(response.status_code, 400, response.text)
        self.assertTrue({"latitude", "longitude"} & set(error_fields(response)))
        after = self.stored()
        self.assertEqual(
            (after["latitude"], after["longitude"]),
            (before["latitude"], before["longitude"]),
        )

    def test_valid_patch_is_saved(self):
        """The counter-check: the same request without the bad value succeeds."""
        response = self.request("PATCH", CENTRE, json={"street": "Geänderte Straße 9"})
        self.assertEqual(response.status_code, 204, response.text)
        self.assertEqual(self.stored()["street"], "Geänderte Straße 9")


class TestPostValidation(ValidationTestCase):
    def post(self, id, values):
        body = {"@type": "CounsellingCentre", "id": id, **VALID, **values}
        return self.request("POST", BERLIN, json=body)

    def assert_not_created(self, id):
        response = rest(self.layer, "GET", f"{BERLIN}/{id}", OWNER)
        self.assertEqual(response.status_code, 404, response.text)

    def test_bad_input_creates_nothing(self):
        for number, (case, values, field, text) in enumerate(BAD_INPUT):
            with self.subTest(case=case):
                id = f"neu-{number}"
                self.assert_field_error(self.post(id, values), field, text)
                self.assert_not_created(id)

    def test_latitude_without_longitude(self):
        response = self.post("neu", {"latitude": 52.5})
        self.assertEqual(response.status_code, 400, response.text)
        self.assertTrue({"latitude", "longitude"} & set(error_fields(response)))
        self.assert_not_created("neu")

    def test_missing_required_fields(self):
        response = self.request(
            "POST",
            BERLIN,
            json={"@type": "CounsellingCentre", "id": "neu", "title": "Neu"},
        )
        self.assert_field_error(response, "postcode")
        self.assertIn("city", error_fields(response))
        self.assert_not_created("neu")

    def test_valid_post_is_created(self):
        response = self.post("neu", {})
        self.assertEqual(response.status_code, 201, response.text)
        stored = self.stored(f"{BERLIN}/neu")
        self.assertEqual(stored["opening_hours"], HOURS)
        self.assertEqual(stored["state"], "DE-BE")


class TestWebAddressCharacters(unittest.TestCase):
    def test_markup_characters_rejected(self):
        from sozialplattform.site.content import fields

        for value in (
            "https://a.example/<!--<script>",
            'https://a.example/"x',
            "https://a b",
        ):
            with self.subTest(value=value), self.assertRaises(fields.InvalidWebAddress):
                fields.web_address(value)
        self.assertTrue(fields.web_address("https://beratung.example/termine?x=1&y=2"))
