"""Bad input to centres over REST: 400 naming the field, nothing half-saved."""

from sozialplattform.site.testing import FUNCTIONAL_TESTING
from sozialplattform.site.testing import server_url
from test_permissions.fixtures import create_centre
from test_permissions.fixtures import OWNER
from test_permissions.fixtures import PASSWORD
from test_permissions.fixtures import rest
from test_permissions.fixtures import set_up_people
from test_permissions.fixtures import STATE_EDITOR
from test_permissions.fixtures import states_folder
import base64
import math
import requests
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

PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg=="
)
SVG = b'<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"></svg>'
BIG_PNG = PNG + b"\0" * (2 * 1024 * 1024)


def upload(data: bytes, content_type: str, filename: str = "logo.png") -> dict:
    """A file field value as plone.restapi takes it."""
    return {
        "data": base64.b64encode(data).decode(),
        "encoding": "base64",
        "filename": filename,
        "content-type": content_type,
    }


def rich_text(text: str) -> dict:
    return {"data": f"<p>{text}</p>", "content-type": "text/html"}


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
    ("NaN as text", {"latitude": "nan", "longitude": "nan"}, "latitude", None),
    ("infinity as text", {"latitude": 52.5, "longitude": "inf"}, "longitude", None),
    ("line break in title", {"title": "Schuldner\nberatung"}, "title", None),
    ("line break in carrier", {"carrier": "Diakonie\r\nBerlin"}, "carrier", None),
    ("line break in street", {"street": "Straße 1\nHinterhof"}, "street", None),
    ("line break in city", {"city": "Ber\nlin"}, "city", None),
    ("markup in email", {"email": "<x>@example.org"}, "email", None),
    ("email too long", {"email": "a" * 250 + "@example.org"}, "email", None),
    ("topic twice", {"topics": ["schulden", "schulden"]}, "topics", None),
    ("boolean as text", {"accessible": "ja"}, "accessible", None),
    ("boolean as text true", {"anonymous": "true"}, "anonymous", None),
    ("text too long", {"text": rich_text("x" * 100_001)}, "text", None),
    ("SVG logo", {"logo": upload(SVG, "image/svg+xml", "logo.svg")}, "logo", None),
    ("text as logo", {"logo": upload(b"no image", "image/png")}, "logo", None),
    ("logo over 2 MB", {"logo": upload(BIG_PNG, "image/png")}, "logo", None),
]


def error_fields(response) -> dict[str, str]:
    """field -> message of a 400 with field errors (JSON ``errors``, readable ``message``)."""
    data = response.json()
    errors = data["errors"]
    for error in errors:
        # every error also appears in the one-line message
        assert f"{error['field']}: {error['message']}" in data["message"], data
    return {error["field"]: error["message"] for error in errors if "field" in error}


class ValidationTestCase(unittest.TestCase):
    layer = FUNCTIONAL_TESTING

    def setUp(self):
        self.portal = self.layer["portal"]
        berlin = set_up_people(self.portal)
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


class TestStricterFields(ValidationTestCase):
    """NaN in the JSON body, the limits of the plone.richtext text, logos, offers."""

    def raw_patch(self, body: str, path=CENTRE):
        """PATCH with a body that ``requests`` refuses to write (NaN, Infinity)."""
        return requests.patch(
            server_url(self.layer, f"plone/++api++/{path}"),
            data=body.encode(),
            headers={
                "Accept": "application/json",
                "Content-Type": "application/json",
            },
            auth=(STATE_EDITOR, PASSWORD),
            timeout=30,
        )

    def test_nan_and_infinity_in_the_json_body(self):
        before = self.stored()
        for field, body in (
            ("latitude", '{"latitude": NaN, "longitude": NaN}'),
            ("longitude", '{"latitude": 52.5, "longitude": Infinity}'),
            ("latitude", '{"latitude": -Infinity, "longitude": 13.4}'),
        ):
            with self.subTest(body=body):
                self.assert_field_error(self.raw_patch(body), field)
        after = self.stored()
        self.assertEqual(
            (after["latitude"], after["longitude"]),
            (before["latitude"], before["longitude"]),
        )
        # The stored centre still serializes as valid JSON.
        self.assertTrue(math.isfinite(after["latitude"]))

    def test_valid_text_logo_and_booleans_are_saved(self):
        body = {
            "text": rich_text("x" * 1000),
            "logo": upload(PNG, "image/png"),
            "accessible": True,
            "latitude": "52.5",
            "longitude": 13,
        }
        response = self.request("PATCH", CENTRE, json=body)
        self.assertEqual(response.status_code, 204, response.text)
        stored = self.stored()
        self.assertTrue(stored["accessible"])
        self.assertEqual((stored["latitude"], stored["longitude"]), (52.5, 13.0))
        self.assertIn("x" * 1000, stored["text"]["data"])
        self.assertEqual(stored["logo"]["content-type"], "image/png")

    def test_offer_text_limit(self):
        response = self.request(
            "POST",
            CENTRE,
            json={"@type": "CounsellingOffer", "id": "lang", "title": "Lang"},
        )
        self.assertEqual(response.status_code, 201, response.text)
        response = self.request(
            "PATCH", f"{CENTRE}/lang", json={"text": rich_text("x" * 100_001)}
        )
        self.assert_field_error(response, "text")
        response = self.request(
            "PATCH", f"{CENTRE}/lang", json={"text": rich_text("kurz")}
        )
        self.assertEqual(response.status_code, 204, response.text)

    def test_offer_line_break_and_duplicates(self):
        for values, field in (
            ({"title": "Angebot\nzwei"}, "title"),
            ({"costs": "5 €\n10 €"}, "costs"),
            ({"languages": ["de", "de"]}, "languages"),
        ):
            with self.subTest(field=field):
                body = {"@type": "CounsellingOffer", "title": "Angebot", **values}
                response = self.request("POST", CENTRE, json=body)
                self.assert_field_error(response, field)


class TestFunctionFlags(ValidationTestCase):
    """A stored True survives the State leaving the function; switching on does not."""

    def setUp(self):
        super().setUp()
        berlin = states_folder(self.portal)["berlin"]
        berlin.booking_participation = True
        create_centre(berlin, "gebucht", "Mit Buchung", booking_enabled=True)
        berlin.booking_participation = False
        transaction.commit()

    def test_stored_true_is_kept(self):
        body = {"booking_enabled": True, "street": "Neue Straße 1"}
        response = self.request("PATCH", f"{BERLIN}/gebucht", json=body)
        self.assertEqual(response.status_code, 204, response.text)
        stored = self.stored(f"{BERLIN}/gebucht")
        self.assertEqual(stored["street"], "Neue Straße 1")
        self.assertTrue(stored["booking_enabled"])

    def test_switching_on_is_refused(self):
        response = self.request("PATCH", CENTRE, json={"booking_enabled": True})
        self.assert_field_error(response, "booking_enabled", "Berlin")
        self.assertFalse(self.stored()["booking_enabled"])
        body = {"online_counselling_enabled": True}
        response = self.request("PATCH", f"{BERLIN}/gebucht", json=body)
        self.assert_field_error(response, "online_counselling_enabled")
