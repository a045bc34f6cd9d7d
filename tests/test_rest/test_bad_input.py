"""Bad input to the project's services: a 4xx with a JSON message, nothing half-saved.

Each probe of issue 9 ("500s on bad input", logo types, line separators, ``signed_avv``,
``null`` booleans, ``@copy`` into another State) runs over the functional layer's real
WSGI server; afterwards the stored object is compared with its state before.
"""

from sozialplattform.site.onboarding.setup import avv_pdf
from sozialplattform.site.testing import FUNCTIONAL_TESTING
from sozialplattform.site.testing import server_url
from test_onboarding.fixtures import set_up_onboarding
from test_onboarding.fixtures import sign
from test_onboarding.fixtures import store
from test_permissions.fixtures import CENTRE_EDITOR
from test_permissions.fixtures import create_centre
from test_permissions.fixtures import create_offer
from test_permissions.fixtures import make_centre_editor
from test_permissions.fixtures import OWNER
from test_permissions.fixtures import PASSWORD
from test_permissions.fixtures import rest
from test_permissions.fixtures import set_up_people
from test_permissions.fixtures import SITE_ADMIN
from test_permissions.fixtures import STATE_EDITOR
from test_permissions.fixtures import states_folder
import base64
import requests
import transaction
import unittest


BERLIN = "beratungsstellen/berlin"
CENTRE = f"{BERLIN}/a"
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg=="
)
SEPARATORS = ("\u2028", "\u2029", "\x85", "\x0b", "\x0c", "\x00", "\x1b", "\x7f")


def logo(data: bytes = PNG, content_type: str = "image/png", **changes) -> dict:
    value = {
        "data": base64.b64encode(data).decode(),
        "encoding": "base64",
        "filename": "logo.png",
        "content-type": content_type,
    }
    value.update(changes)
    return value


#: (case, JSON body of a centre PATCH by the state editor)
CENTRE_PATCHES = [
    ("topics as object", {"topics": {"schulden": True}}),
    ("logo encoding foo", {"logo": logo(encoding="foo")}),
    ("logo data 5", {"logo": {**logo(), "data": 5}}),
    ("logo list", {"logo": [1]}),
    ("logo as text", {"logo": "iVBORw0KGgo="}),
    ("logo with empty data", {"logo": {**logo(), "data": ""}}),
    ("text list", {"text": ["x"]}),
    ("text data 5", {"text": {"data": 5}}),
    (
        "SVG declared as PNG",
        {"logo": logo(b"<svg xmlns='http://www.w3.org/2000/svg'/>")},
    ),
    ("text content-type 5", {"text": {"data": "x", "content-type": 5}}),
    ("text content-type foo/bar", {"text": {"data": "x", "content-type": "foo/bar"}}),
    ("text content-type list", {"text": {"data": "x", "content-type": ["x"]}}),
    ("text encoding foo", {"text": {"data": "x", "encoding": "foo"}}),
    ("text encoding latin-1", {"text": {"data": "x", "encoding": "latin-1"}}),
    ("text encoding 5", {"text": {"data": "x", "encoding": 5}}),
    ("ordering 5", {"ordering": 5}),
    ("ordering without obj_id", {"ordering": {"delta": 1}}),
    ("ordering unknown item", {"ordering": {"obj_id": "nix", "delta": 1}}),
    ("ordering delta abc", {"ordering": {"obj_id": "offer", "delta": "abc"}}),
    (
        "ordering subset_ids 5",
        {"ordering": {"obj_id": "offer", "delta": 1, "subset_ids": 5}},
    ),
    ("sort 5", {"sort": 5}),
    (
        "sort on SearchableText",
        {"sort": {"on": "SearchableText", "order": "ascending"}},
    ),
    ("boolean null", {"accessible": None}),
    ("boolean null (function switch)", {"booking_enabled": None}),
    *(
        (f"separator {ord(char):#x} in {name}", {name: f"Zeile{char}zwei"})
        for char in SEPARATORS
        for name in ("title", "carrier")
    ),
]


class BadInputTestCase(unittest.TestCase):
    layer = FUNCTIONAL_TESTING

    def setUp(self):
        self.portal = self.layer["portal"]
        berlin = set_up_people(self.portal)
        centre = create_centre(berlin, "a", "Centre A", logo=None)
        create_offer(centre, "offer", "Offer of A")
        make_centre_editor(CENTRE_EDITOR, centre)
        transaction.commit()

    def stored(self, path=CENTRE):
        response = rest(self.layer, "GET", path, OWNER)
        self.assertEqual(response.status_code, 200, response.text)
        data = response.json()
        data.pop("lock", None)
        return data

    def assert_refused(self, response, status=400, manager=False):
        """A 4xx (``status``) with a JSON ``message``, no traceback but to managers."""
        if isinstance(status, int):
            self.assertEqual(response.status_code, status, response.text[:2000])
        else:
            self.assertIn(response.status_code, status, response.text[:2000])
        self.assertTrue(response.headers["Content-Type"].startswith("application/json"))
        data = response.json()
        error = data.get("error", data)
        self.assertTrue(error.get("message"), data)
        if not manager:
            self.assertNotIn("traceback", data)
        return data


class TestCentrePatches(BadInputTestCase):
    def test_bad_centre_patches(self):
        before = self.stored()
        for case, values in CENTRE_PATCHES:
            with self.subTest(case=case):
                body = {"street": "Geänderte Straße 9", **values}
                response = rest(self.layer, "PATCH", CENTRE, STATE_EDITOR, json=body)
                self.assert_refused(response)
                after = self.stored()
                for name in ("street", "modified", *body):
                    self.assertEqual(after.get(name), before.get(name), name)

    def test_logo_sent_back_as_download_keeps_the_stored_one(self):
        response = rest(
            self.layer, "PATCH", CENTRE, STATE_EDITOR, json={"logo": logo()}
        )
        self.assertEqual(response.status_code, 204, response.text)
        stored = self.stored()["logo"]
        body = {"logo": {"download": "http://evil.example/x.png"}}
        response = rest(self.layer, "PATCH", CENTRE, STATE_EDITOR, json=body)
        self.assertEqual(response.status_code, 204, response.text)
        self.assertEqual(self.stored()["logo"]["size"], stored["size"])
        self.assertNotIn("evil", str(self.stored()["logo"]))

    def test_known_text_formats_are_stored(self):
        for content_type in ("text/html", "text/plain", "text/x-web-intelligent"):
            with self.subTest(content_type=content_type):
                text = {
                    "data": "Hallo",
                    "content-type": content_type,
                    "encoding": "utf8",
                }
                response = rest(
                    self.layer, "PATCH", CENTRE, STATE_EDITOR, json={"text": text}
                )
                self.assertEqual(response.status_code, 204, response.text)
                self.assertEqual(self.stored()["text"]["content-type"], content_type)

    def test_ordering_still_works(self):
        body = {"ordering": {"obj_id": "offer", "delta": "top"}}
        response = rest(self.layer, "PATCH", CENTRE, STATE_EDITOR, json=body)
        self.assertEqual(response.status_code, 204, response.text)
        body = {"sort": {"on": "sortable_title", "order": "ascending"}}
        response = rest(self.layer, "PATCH", CENTRE, STATE_EDITOR, json=body)
        self.assertEqual(response.status_code, 204, response.text)

    def test_post_with_keys_of_the_wrong_type(self):
        before = self.stored()["items_total"]
        for key in ("@type", "id", "title", "UID", "language", "translation_of"):
            for value in (5, ["x"], {"a": 1}):
                with self.subTest(key=key, value=value):
                    body = {"@type": "CounsellingOffer", "title": "Neu", key: value}
                    response = rest(self.layer, "POST", CENTRE, STATE_EDITOR, json=body)
                    data = self.assert_refused(response)
                    self.assertIn(key, str(data))
        self.assertEqual(self.stored()["items_total"], before)
        # a proper POST still works
        body = {"@type": "CounsellingOffer", "title": "Neues Angebot"}
        response = rest(self.layer, "POST", CENTRE, STATE_EDITOR, json=body)
        self.assertEqual(response.status_code, 201, response.text)

    def test_png_declared_as_svg_is_stored_as_png(self):
        response = rest(
            self.layer,
            "PATCH",
            CENTRE,
            STATE_EDITOR,
            json={"logo": logo(content_type="image/svg+xml", filename="logo.svg")},
        )
        self.assertEqual(response.status_code, 204, response.text)
        self.assertEqual(self.stored()["logo"]["content-type"], "image/png")
        page = requests.get(
            server_url(self.layer, f"plone/{CENTRE}/@@images/logo/preview"),
            auth=(STATE_EDITOR, PASSWORD),
            timeout=30,
        )
        self.assertEqual(page.status_code, 200)
        self.assertEqual(page.headers["Content-Type"], "image/png")
        page = requests.get(server_url(self.layer, f"plone/{CENTRE}"), timeout=30)
        self.assertLess(page.status_code, 500)

    def test_centre_editor_sends_a_new_id(self):
        before = self.stored()
        response = rest(
            self.layer, "PATCH", CENTRE, CENTRE_EDITOR, json={"id": "umbenannt"}
        )
        self.assert_refused(response, (400, 403))
        self.assertEqual(self.stored()["@id"], before["@id"])
        # the current id is fine
        response = rest(self.layer, "PATCH", CENTRE, CENTRE_EDITOR, json={"id": "a"})
        self.assertEqual(response.status_code, 204, response.text)

    def test_deeply_nested_body(self):
        before = self.stored()
        body = '{"title": ' + "[" * 100_000 + "]" * 100_000 + "}"
        response = requests.patch(
            server_url(self.layer, f"plone/++api++/{CENTRE}"),
            data=body.encode(),
            headers={"Accept": "application/json", "Content-Type": "application/json"},
            auth=(STATE_EDITOR, PASSWORD),
            timeout=60,
        )
        self.assert_refused(response)
        self.assertEqual(self.stored()["title"], before["title"])


class TestHistory(BadInputTestCase):
    def test_bad_history_requests(self):
        before = self.stored()
        for case, method, path, body in (
            ("PATCH []", "PATCH", f"{CENTRE}/@history", []),
            ("GET abc", "GET", f"{CENTRE}/@history/abc", None),
            ("GET 99999", "GET", f"{CENTRE}/@history/99999", None),
        ):
            with self.subTest(case=case):
                kwargs = {} if body is None else {"json": body}
                response = rest(self.layer, method, path, STATE_EDITOR, **kwargs)
                self.assert_refused(response, (400, 404))
        self.assertEqual(self.stored()["modified"], before["modified"])


class TestControlPanels(BadInputTestCase):
    def test_patch_with_a_list(self):
        for name in (
            "sozialplattform-branding",
            "sozialplattform-onboarding",
            "sozialplattform-operator",
            "sozialplattform-vocabularies",
            "editing",
        ):
            with self.subTest(name=name):
                response = rest(
                    self.layer, "PATCH", f"@controlpanels/{name}", SITE_ADMIN, json=[]
                )
                self.assert_refused(response)


class TestCopyIntoAnotherState(BadInputTestCase):
    def test_copy_centre_into_another_state(self):
        response = rest(
            self.layer,
            "POST",
            "beratungsstellen/bayern/@copy",
            OWNER,
            json={"source": server_url(self.layer, f"plone/{CENTRE}")},
        )
        self.assert_refused(response, manager=True)
        self.assertIn("Berlin", response.json()["message"])
        self.assertNotIn("a", states_folder(self.layer["portal"])["bayern"])
        transaction.begin()
        self.assertEqual(
            list(states_folder(self.layer["portal"])["bayern"].objectIds()), []
        )

    def test_copy_centre_within_its_state_still_works(self):
        response = rest(
            self.layer,
            "POST",
            f"{BERLIN}/@copy",
            OWNER,
            json={"source": server_url(self.layer, f"plone/{CENTRE}")},
        )
        self.assertEqual(response.status_code, 200, response.text)

    def test_copy_offer_into_a_state(self):
        response = rest(
            self.layer,
            "POST",
            f"{BERLIN}/@copy",
            OWNER,
            json={"source": server_url(self.layer, f"plone/{CENTRE}/offer")},
        )
        self.assert_refused(response, (400, 403), manager=True)
        transaction.begin()
        self.assertNotIn("offer", states_folder(self.layer["portal"])["berlin"])


class TestWriteOnRead(BadInputTestCase):
    """plone.protect aborts a write on GET and logs it; the log is the symptom."""

    def test_content_without_creators_stays_without(self):
        # site set-up, the bulk import and anonymous forms leave ``creators`` empty;
        # the Ownership behaviour used to add the reader as creator on a GET
        folder = self.portal["beratungsstellen"]
        folder.creators = ()
        transaction.commit()
        with self.assertNoLogs("plone.protect", level="INFO"):
            for username in (STATE_EDITOR, SITE_ADMIN):
                response = rest(self.layer, "GET", "beratungsstellen", username)
                self.assertEqual(response.status_code, 200, response.text)
        transaction.begin()
        self.assertEqual(folder.creators, ())

    def test_authenticated_get_of_the_folder_writes_nothing(self):
        with self.assertNoLogs("plone.protect", level="INFO"):
            for username in (STATE_EDITOR, CENTRE_EDITOR, SITE_ADMIN):
                for path in ("beratungsstellen", BERLIN):
                    response = rest(self.layer, "GET", path, username)
                    self.assertEqual(response.status_code, 200, response.text)


class TestOnboardingRequest(BadInputTestCase):
    def setUp(self):
        super().setUp()
        set_up_onboarding(self.portal)
        request = store(self.portal)
        sign(request)
        self.path = "/".join(
            request.getPhysicalPath()[len(self.portal.getPhysicalPath()) :]
        )
        transaction.commit()

    def stored_avv(self):
        response = rest(self.layer, "GET", self.path, OWNER)
        self.assertEqual(response.status_code, 200, response.text)
        return response.json()["signed_avv"]

    def test_invalid_signed_avv_keeps_the_stored_one(self):
        before = self.stored_avv()
        self.assertTrue(before)
        for case, value in (
            ("list", [1]),
            ("number", 5),
            ("data 5", {"data": 5, "filename": "x.pdf"}),
            ("encoding foo", {"data": "eA==", "encoding": "foo", "filename": "x.pdf"}),
            (
                "not a PDF",
                {
                    "data": base64.b64encode(b"kein PDF").decode(),
                    "encoding": "base64",
                    "filename": "avv.pdf",
                    "content-type": "application/pdf",
                },
            ),
        ):
            with self.subTest(case=case):
                response = rest(
                    self.layer,
                    "PATCH",
                    self.path,
                    STATE_EDITOR,
                    json={"signed_avv": value},
                )
                self.assert_refused(response)
                self.assertEqual(self.stored_avv(), before)

    def test_valid_signed_avv_is_stored(self):
        value = {
            "data": base64.b64encode(avv_pdf()).decode(),
            "encoding": "base64",
            "filename": "neu.pdf",
            "content-type": "application/pdf",
        }
        response = rest(
            self.layer, "PATCH", self.path, STATE_EDITOR, json={"signed_avv": value}
        )
        self.assertEqual(response.status_code, 204, response.text)
        self.assertEqual(self.stored_avv()["filename"], "neu.pdf")

    def test_separators_in_the_title(self):
        for char in SEPARATORS:
            with self.subTest(char=hex(ord(char))):
                response = rest(
                    self.layer,
                    "PATCH",
                    self.path,
                    STATE_EDITOR,
                    json={"title": f"Zeile{char}zwei"},
                )
                self.assert_refused(response)


class TestRetypeLogos(unittest.TestCase):
    """The upgrade handler corrects a logo stored with a declared SVG type."""

    layer = FUNCTIONAL_TESTING

    def test_retype(self):
        from plone.namedfile.file import NamedBlobImage
        from sozialplattform.site.content.logos import retype_logos

        berlin = set_up_people(self.layer["portal"])
        centre = create_centre(berlin, "a", "Centre A")
        centre.logo = NamedBlobImage(data=PNG, contentType="image/svg+xml")
        self.assertEqual(retype_logos(), 1)
        self.assertEqual(centre.logo.contentType, "image/png")
        self.assertEqual(retype_logos(), 0)


class TestPloneMailForms(BadInputTestCase):
    """Plone's contact form without mail set up, and no sendto_form."""

    CONTACT = {
        "form.widgets.sender_fullname": "Ein\u2028Besucher",
        "form.widgets.sender_from_address": "besucher@example.org",
        "form.widgets.subject": "Frage\u2028Bcc: x@evil.example",
        "form.widgets.message": "Hallo",
        "form.buttons.send": "Senden",
    }

    def test_contact_form_without_mail_settings(self):
        for auth in (None, (CENTRE_EDITOR, PASSWORD)):
            with self.subTest(auth=auth):
                response = requests.post(
                    server_url(self.layer, "plone/contact-info"),
                    data=self.CONTACT,
                    auth=auth,
                    timeout=30,
                )
                self.assertEqual(response.status_code, 200)
                self.assertNotIn("Thank you for your feedback", response.text)
                self.assertIn("cannot send e-mail", response.text)

    def test_sendto_form_is_switched_off(self):
        data = {
            "form.widgets.send_to_address": "irgendwer@example.org",
            "form.widgets.send_from_address": "c@example.org",
            "form.buttons.send": "Senden",
        }
        for path in ("plone/sendto_form", f"plone/{CENTRE}/sendto_form"):
            with self.subTest(path=path):
                response = requests.post(
                    server_url(self.layer, path),
                    data=data,
                    auth=(CENTRE_EDITOR, PASSWORD),
                    timeout=30,
                )
                self.assertEqual(response.status_code, 404)
