"""Issue 9: no centre through an e-mail address typed into someone else's account, and
mail links from the configured public URL, never from the client's Host header."""

from lxml import html as lxml_html
from plone import api
from plone.app.testing import SITE_OWNER_NAME
from plone.app.testing import SITE_OWNER_PASSWORD
from sozialplattform.site.site_url import VARIABLE
from test_onboarding.fixtures import PASSWORD
from test_onboarding.test_journey import EDITOR
from test_onboarding.test_journey import JSON
from test_onboarding.test_journey import OnboardingHTTPTestCase
from unittest import mock
from urllib.parse import urlsplit
import re
import requests
import transaction


APPLICANT = "alex.beispiel@lindenhof.example"
ATTACKER = ("mallory@evil.example", PASSWORD)
PUBLIC = "https://www.sozialplattform.example"
EVIL = {"Host": "evil.example"}
ADMIN = (SITE_OWNER_NAME, SITE_OWNER_PASSWORD)
SEPARATORS = ("\u2028", "\u2029", "\x85", "\x0b", "\x0c", "\x00", "\n")
LINK = re.compile(r"https?://[^\s>)]+")


def links(message) -> list[str]:
    return LINK.findall(message.get_body(("plain",)).get_content())


class TakeoverTestCase(OnboardingHTTPTestCase):
    def setUp(self):
        super().setUp()
        api.user.create(email=ATTACKER[0], username=ATTACKER[0], password=PASSWORD)
        transaction.commit()

    def rest(self, method: str, path: str, body=None, auth=None) -> requests.Response:
        """``method`` on ``++api++/<path>`` with a JSON ``body``."""
        return requests.request(
            method,
            self.url(f"++api++/{path}"),
            json=body,
            auth=auth,
            headers=JSON,
            timeout=30,
        )

    def on_server(self, url: str) -> str:
        """``url`` (built from a forged Host) sent to the test server itself."""
        parts = urlsplit(url)
        return self.url(
            parts.path.split("/", 2)[2] + (f"?{parts.query}" * bool(parts.query))
        )

    def submit_with_host(self, headers: dict) -> None:
        from test_onboarding.fixtures import easyform_post_data
        from test_onboarding.fixtures import submission

        session = requests.Session()
        session.headers.update(headers)
        page = session.get(self.url("anbindung-beantragen"), timeout=30)
        self.assertEqual(page.status_code, 200)
        action, data = easyform_post_data(page.text, submission())
        response = session.post(self.on_server(action), data=data, timeout=30)
        self.assertEqual(response.status_code, 200)

    def sign_and_grant(self, request, headers: dict | None = None) -> None:
        """send_avv, the signatures and grant_access as Berlin's state editor."""
        from test_onboarding.fixtures import sign

        extra = {**JSON, **(headers or {})}
        post = {"auth": EDITOR, "headers": extra, "timeout": 30}
        url = self.api_url(request, "/@workflow/send_avv")
        self.assertEqual(requests.post(url, **post).status_code, 200)
        transaction.begin()
        sign(request)
        transaction.commit()
        for name in ("confirm_signatures", "grant_access"):
            response = requests.post(
                self.api_url(request, f"/@workflow/{name}"), **post
            )
            self.assertEqual(response.status_code, 200, response.text)
        transaction.begin()


class TestUnverifiedEmail(TakeoverTestCase):
    def test_member_cannot_set_the_applicants_address(self):
        response = self.rest(
            "PATCH",
            f"@users/{ATTACKER[0]}",
            {"email": "Alex.Beispiel@lindenhof.example"},
            auth=ATTACKER,
        )
        self.assertEqual(response.status_code, 403, response.text)
        self.assertEqual(response.json()["error"]["type"], "Forbidden")
        self.assertIn("E-Mail-Adresse", response.json()["error"]["message"])
        transaction.begin()
        self.assertEqual(
            api.user.get(userid=ATTACKER[0]).getProperty("email"), ATTACKER[0]
        )

    def test_member_may_send_the_unchanged_address(self):
        response = self.rest(
            "PATCH",
            f"@users/{ATTACKER[0]}",
            {"email": ATTACKER[0].upper(), "fullname": "Mallory"},
            auth=ATTACKER,
        )
        self.assertEqual(response.status_code, 204, response.text)

    def test_account_carrying_the_address_gets_no_role(self):
        # However the address got there (an old account, a change before this fix):
        # the state editor's grant links the applicant's own login, not this account.
        transaction.begin()
        api.user.get(userid=ATTACKER[0]).setMemberProperties({"email": APPLICANT})
        transaction.commit()
        self.submit_form()
        (request,) = self.requests_found()
        self.sign_and_grant(request)
        centre = api.content.get(UID=request.centre_uid)
        self.assertEqual(request.user_id, APPLICANT)
        self.assertNotIn(ATTACKER[0], dict(centre.get_local_roles()))
        self.assertIn(
            "CentreEditor", api.user.get_roles(username=APPLICANT, obj=centre)
        )
        access = self.smtp.messages[-1]
        self.assertEqual(access["To"], "Alex.Beispiel@lindenhof.example")
        body = access.get_body(("plain",)).get_content()
        self.assertIn("userid=alex.beispiel%40lindenhof.example", body)
        self.assertNotIn("mallory", body)

    def test_admin_cannot_give_an_account_an_address_in_use(self):
        response = self.rest(
            "PATCH",
            f"@users/{ATTACKER[0]}",
            {"email": "Redaktion-Berlin@land.example"},
            auth=ADMIN,
        )
        self.assertEqual(response.status_code, 400, response.text)
        error = response.json()["error"]
        self.assertEqual(error["errors"][0]["field"], "email")
        self.assertIn("redaktion-berlin@land.example", error["message"])

    def test_admin_changes_an_address_to_a_free_one(self):
        response = self.rest(
            "PATCH",
            f"@users/{ATTACKER[0]}",
            {"email": "mallory@new.example"},
            auth=ADMIN,
        )
        self.assertEqual(response.status_code, 204, response.text)

    def test_new_account_with_an_address_in_use_is_refused(self):
        response = self.rest(
            "POST",
            "@users",
            {
                "username": "zweiter",
                "email": ATTACKER[0],
                "password": PASSWORD,
            },
            auth=ADMIN,
        )
        self.assertEqual(response.status_code, 400, response.text)
        errors = response.json()["error"]["errors"]
        self.assertEqual([error["field"] for error in errors], ["email"])
        transaction.begin()
        self.assertIsNone(api.user.get(username="zweiter"))

    def test_personal_information_form_refuses_a_new_address(self):
        from test_onboarding.fixtures import form_inputs

        session = requests.Session()
        session.auth = ATTACKER
        page = session.get(self.url("@@personal-information"), timeout=30)
        self.assertEqual(page.status_code, 200)
        action, hidden = form_inputs(page.text, "//form[@id='form']")
        response = session.post(
            action,
            data=hidden
            + [
                ("form.widgets.fullname", "Mallory"),
                ("form.widgets.email", APPLICANT),
                ("form.buttons.save", "Speichern"),
            ],
            timeout=30,
        )
        self.assertEqual(response.status_code, 200)
        self.assertIn(
            "Sie können Ihre E-Mail-Adresse nicht selbst ändern", response.text
        )
        transaction.begin()
        self.assertEqual(
            api.user.get(userid=ATTACKER[0]).getProperty("email"), ATTACKER[0]
        )

    def test_new_user_form_refuses_an_address_in_use(self):
        session = requests.Session()
        session.auth = ADMIN
        page = session.get(self.url("@@new-user"), timeout=30)
        self.assertEqual(page.status_code, 200)
        form = lxml_html.fromstring(page.text).xpath("//form[@id='form']")[0]
        values = {
            "form.widgets.fullname": "Zweiter",
            "form.widgets.email": ATTACKER[0].upper(),
            "form.widgets.username": "zweiter",
            "form.widgets.password": PASSWORD,
            "form.widgets.password_ctl": PASSWORD,
        }
        data = [(n, v) for n, v in form.form_values() if n not in values]
        data += list(values.items()) + [("form.buttons.register", "Registrieren")]
        response = session.post(form.get("action"), data=data, timeout=30)
        self.assertEqual(response.status_code, 200)
        self.assertIn("wird bereits von einem anderen Benutzerkonto", response.text)
        transaction.begin()
        self.assertIsNone(api.user.get(username="zweiter"))


class TestRequestEmailLocked(TakeoverTestCase):
    def test_state_editor_cannot_repoint_a_linked_request(self):
        self.submit_form()
        (request,) = self.requests_found()
        self.sign_and_grant(request)
        response = requests.patch(
            self.api_url(request),
            json={"email": ATTACKER[0]},
            auth=EDITOR,
            headers=JSON,
            timeout=30,
        )
        self.assertEqual(response.status_code, 400, response.text)
        # plone.rest's BadRequest answer, as for every content field (errors.py)
        error = response.json()
        self.assertEqual(error["errors"][0]["field"], "email")
        self.assertIn(APPLICANT, error["message"])
        transaction.begin()
        self.assertEqual(request.email, "Alex.Beispiel@lindenhof.example")

    def test_before_access_the_address_can_be_corrected(self):
        self.submit_form()
        (request,) = self.requests_found()
        response = requests.patch(
            self.api_url(request),
            json={"email": "alex@lindenhof.example"},
            auth=EDITOR,
            headers=JSON,
            timeout=30,
        )
        self.assertEqual(response.status_code, 204, response.text)

    def test_edit_form_refuses_a_new_address(self):
        self.submit_form()
        (request,) = self.requests_found()
        self.sign_and_grant(request)
        session = requests.Session()
        session.auth = EDITOR
        page = session.get(f"{request.absolute_url()}/@@edit", timeout=30)
        self.assertEqual(page.status_code, 200)
        form = lxml_html.fromstring(page.text).xpath("//form[@id='form']")[0]
        data = [
            (name, ATTACKER[0] if name == "form.widgets.email" else value)
            for name, value in form.form_values()
        ] + [("form.buttons.save", "Speichern")]
        action = form.get("action")
        response = session.post(action, data=data, timeout=30)
        self.assertEqual(response.status_code, 200)
        self.assertIn("kann nicht mehr geändert werden", response.text)
        transaction.begin()
        self.assertEqual(request.email, "Alex.Beispiel@lindenhof.example")


class TestPublicURL(TakeoverTestCase):
    def setUp(self):
        super().setUp()
        patcher = mock.patch.dict("os.environ", {VARIABLE: PUBLIC})
        patcher.start()
        self.addCleanup(patcher.stop)

    def assert_public_reset_link(self) -> None:
        """One mail, with a reset link on the public URL and no other host."""
        (message,) = self.smtp.wait_for(1)
        self.assertTrue(
            any(link.startswith(f"{PUBLIC}/passwordreset/") for link in links(message))
        )
        self.assert_public([message])

    def assert_public(self, messages) -> None:
        found = [link for message in messages for link in links(message)]
        self.assertTrue(found)
        for link in found:
            # Links to the centres' own tools (from the form) are the only others.
            if "lindenhof.example" in link:
                continue
            self.assertTrue(link.startswith(f"{PUBLIC}/"), link)
            self.assertNotIn("evil.example", link)

    def test_onboarding_mails_with_a_forged_host(self):
        self.submit_with_host(EVIL)
        (request,) = self.requests_found()
        self.sign_and_grant(request, EVIL)
        messages = self.smtp.wait_for(4)
        request_link = f"{PUBLIC}/beratungsstellen/berlin/anbindung/{request.getId()}"
        self.assertIn(request_link, [link for m in messages for link in links(m)])
        self.assert_public(messages)
        self.assertTrue(any("/passwordreset/" in link for link in links(messages[-1])))

    def test_plone_reset_mail_with_a_forged_host(self):
        response = requests.post(
            self.url(f"++api++/@users/{ATTACKER[0]}/reset-password"),
            headers={**JSON, **EVIL},
            timeout=30,
        )
        self.assertEqual(response.status_code, 204, response.text)
        self.assert_public_reset_link()

    def test_plone_registration_mail_with_a_forged_host(self):
        response = requests.post(
            self.url("++api++/@users"),
            json={
                "username": "neu",
                "email": "neu@lindenhof.example",
                "sendPasswordReset": True,
            },
            auth=ADMIN,
            headers={**JSON, **EVIL},
            timeout=30,
        )
        self.assertEqual(response.status_code, 201, response.text)
        self.assert_public_reset_link()

    def test_mail_password_form_with_a_forged_host(self):
        response = requests.post(
            self.url("mail_password"),
            data={"userid": ATTACKER[0]},
            headers=EVIL,
            timeout=30,
        )
        self.assertEqual(response.status_code, 200)
        (message,) = self.smtp.wait_for(1)
        self.assert_public([message])


class TestSameAnswer(TakeoverTestCase):
    def test_rest_reset_password_does_not_tell_who_exists(self):
        answers = []
        for login in (ATTACKER[0], "niemand@nowhere.example"):
            response = self.rest("POST", f"@users/{login}/reset-password")
            answers.append((response.status_code, response.text))
        self.assertEqual(answers[0], answers[1])
        self.assertEqual(answers[0][0], 204)
        self.assertEqual(len(self.smtp.wait_for(1)), 1)

    def test_mail_password_form_does_not_tell_who_exists(self):
        pages = []
        for login in (ATTACKER[0], "niemand@nowhere.example"):
            response = requests.post(
                self.url("mail_password"), data={"userid": login}, timeout=30
            )
            self.assertEqual(response.status_code, 200)
            self.assertIn("Bestätigung", response.text)
            pages.append(response.url)
        self.assertEqual(pages[0], pages[1])

    def test_rest_reset_with_a_token_does_not_tell_who_exists(self):
        answers = []
        for login in (ATTACKER[0], "niemand@nowhere.example"):
            for body in (
                {"reset_token": "falsch", "new_password": "Neu-Passwort-2025!"},
                {"reset_token": "falsch"},
                {"old_password": "alt", "new_password": "Neu-Passwort-2025!"},
            ):
                response = self.rest("POST", f"@users/{login}/reset-password", body)
                error = response.json()["error"]
                answers.append((response.status_code, error["type"]))
        self.assertEqual(answers[:3], answers[3:])
        self.assertNotIn(404, [status for status, _type in answers])


class TestAccountInput(TakeoverTestCase):
    """Issue 9 review: bad account data is a 400 naming the field, nothing kept."""

    def patch_self(self, body, **kwargs):
        return requests.patch(
            self.url(f"++api++/@users/{ATTACKER[0]}"),
            auth=ATTACKER,
            headers=JSON,
            timeout=30,
            **kwargs,
            **({} if "data" in kwargs else {"json": body}),
        )

    def assert_field_error(self, response, field):
        self.assertEqual(response.status_code, 400, response.text)
        error = response.json()["error"]
        self.assertTrue(error["message"])
        if field:
            self.assertIn(field, [item["field"] for item in error["errors"]])

    def test_patch_body_that_is_no_object(self):
        for body in (b"[]", b"5", b'"x"', b"{bad"):
            with self.subTest(body=body):
                response = self.patch_self(None, data=body)
                self.assert_field_error(response, None)

    def test_patch_values_of_the_wrong_type_or_with_line_breaks(self):
        cases = [
            ("fullname", ["x"]),
            ("fullname", 5),
            ("fullname", {"a": 1}),
            ("location", ["x"]),
            ("description", 5),
            ("password", 5),
            *(("fullname", f"Mallory{char}Bcc: x@y.example") for char in SEPARATORS),
            ("location", "Berlin\u2028Mitte"),
            ("description", "Zeile\x00zwei"),
        ]
        for field, value in cases:
            with self.subTest(field=field, value=value):
                body = {"home_page": "https://mallory.example", field: value}
                self.assert_field_error(self.patch_self(body), field)
                transaction.begin()
                user = api.user.get(userid=ATTACKER[0])
                self.assertEqual(user.getProperty("fullname"), "")
                self.assertEqual(user.getProperty("home_page"), "")

    def test_patch_with_good_values(self):
        body = {"fullname": "Mallory Beispiel", "description": "Zeile\nzwei"}
        self.assertEqual(self.patch_self(body).status_code, 204)
        transaction.begin()
        user = api.user.get(userid=ATTACKER[0])
        self.assertEqual(user.getProperty("fullname"), "Mallory Beispiel")

    def test_reset_password_with_passwords_that_are_no_strings(self):
        for body in (
            {"old_password": 5, "new_password": 5},
            {"old_password": PASSWORD, "new_password": ["x"]},
            {"reset_token": {"a": 1}, "new_password": "Neu-Passwort-2025!"},
        ):
            for login in (ATTACKER[0], "niemand@nowhere.example"):
                with self.subTest(body=body, login=login):
                    response = self.rest(
                        "POST", f"@users/{login}/reset-password", body, auth=ATTACKER
                    )
                    self.assert_field_error(response, None)

    def test_personal_information_refuses_line_breaks(self):
        from test_onboarding.fixtures import form_inputs

        session = requests.Session()
        session.auth = ATTACKER
        page = session.get(self.url("@@personal-information"), timeout=30)
        action, hidden = form_inputs(page.text, "//form[@id='form']")
        response = session.post(
            action,
            data=hidden
            + [
                ("form.widgets.fullname", "Mallory\u2028Bcc: x@y.example"),
                ("form.widgets.email", ATTACKER[0]),
                ("form.buttons.save", "Speichern"),
            ],
            timeout=30,
        )
        self.assertEqual(response.status_code, 200)
        self.assertIn("Zeilenumbrüche", response.text)
        transaction.begin()
        self.assertEqual(api.user.get(userid=ATTACKER[0]).getProperty("fullname"), "")


class TestLoginIsAnotherAddress(TakeoverTestCase):
    """A login that looks like an e-mail address is the account's own address
    (onboarding finds the applicant's account by login name)."""

    def test_self_registration_is_off(self):
        transaction.begin()
        self.assertFalse(api.portal.get_registry_record("plone.enable_self_reg"))
        response = self.rest(
            "POST",
            "@users",
            {
                "username": "x",
                "email": "x@lindenhof.example",
                "password": PASSWORD,
            },
        )
        self.assertIn(response.status_code, (401, 403), response.text)
        response = requests.get(self.url("@@register"), timeout=30)
        self.assertNotIn('id="form-widgets-username"', response.text)

    def test_rest_refuses_another_address_as_login(self):
        response = self.rest(
            "POST",
            "@users",
            {
                "username": APPLICANT,
                "email": "x@evil.example",
                "password": PASSWORD,
            },
            auth=ADMIN,
        )
        self.assertEqual(response.status_code, 400, response.text)
        fields = [error["field"] for error in response.json()["error"]["errors"]]
        self.assertEqual(fields, ["username"])
        transaction.begin()
        self.assertIsNone(api.user.get(username=APPLICANT))

    def test_rest_accepts_the_own_address_as_login(self):
        response = self.rest(
            "POST",
            "@users",
            {"username": APPLICANT, "email": APPLICANT, "password": PASSWORD},
            auth=ADMIN,
        )
        self.assertEqual(response.status_code, 201, response.text)

    def test_rest_refuses_line_breaks_in_a_new_account(self):
        response = self.rest(
            "POST",
            "@users",
            {
                "username": "zweiter",
                "email": "zweiter@lindenhof.example",
                "password": PASSWORD,
                "fullname": "Zweiter\u2028Bcc: x@y.example",
            },
            auth=ADMIN,
        )
        self.assertEqual(response.status_code, 400, response.text)
        transaction.begin()
        self.assertIsNone(api.user.get(username="zweiter"))

    def test_new_user_form_refuses_another_address_as_login(self):
        session = requests.Session()
        session.auth = ADMIN
        page = session.get(self.url("@@new-user"), timeout=30)
        form = lxml_html.fromstring(page.text).xpath("//form[@id='form']")[0]
        values = {
            "form.widgets.fullname": "Zweiter",
            "form.widgets.email": "x@evil.example",
            "form.widgets.username": APPLICANT,
            "form.widgets.password": PASSWORD,
            "form.widgets.password_ctl": PASSWORD,
        }
        data = [(n, v) for n, v in form.form_values() if n not in values]
        data += list(values.items()) + [("form.buttons.register", "Registrieren")]
        response = session.post(form.get("action"), data=data, timeout=30)
        self.assertEqual(response.status_code, 200)
        self.assertIn("eigene E-Mail-Adresse", response.text)
        transaction.begin()
        self.assertIsNone(api.user.get(username=APPLICANT))


class TestContactForm(TakeoverTestCase):
    def test_contact_form_sends_with_mail_set_up(self):
        response = requests.post(
            self.url("contact-info"),
            data={
                "form.widgets.sender_fullname": "Ein Besucher",
                "form.widgets.sender_from_address": "besucher@example.org",
                "form.widgets.subject": "Frage",
                "form.widgets.message": "Hallo",
                "form.buttons.send": "Senden",
            },
            timeout=30,
        )
        self.assertEqual(response.status_code, 200)
        self.assertNotIn("kann gerade keine E-Mails versenden", response.text)
        (message,) = self.smtp.wait_for(1)
        self.assertEqual(message["Subject"], "Frage")
