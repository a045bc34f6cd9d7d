"""The set-password page of the access mail (``/passwordreset/<key>``, accounts/passwordreset.py).

Over the real WSGI server, with an onboarded centre editor: the login filled in from the
reset tool's record, "Passwort festlegen", field errors and nothing stored, the login
and the own centre after success, and a plain page for a used or expired link.
"""

from datetime import datetime
from datetime import timedelta
from lxml import html
from plone import api
from sozialplattform.site.accounts.passwordreset import reset_user_id
from sozialplattform.site.onboarding.provisioning import centres_of
from test_onboarding.fixtures import form_inputs
from test_onboarding.fixtures import onboard
from test_onboarding.test_journey import OnboardingHTTPTestCase
from urllib.parse import parse_qs
from urllib.parse import urljoin
from urllib.parse import urlsplit
import requests
import transaction


LOGIN = "alex.beispiel@lindenhof.example"
NEW_PASSWORD = "Lindenhof-Zugang-2025!"
GONE = "Dieser Link ist abgelaufen oder wurde schon benutzt."


class TestSetPassword(OnboardingHTTPTestCase):
    def setUp(self):
        super().setUp()
        self.request = onboard(self.site)
        self.user_id = self.request.user_id
        self.centre = api.content.get(UID=self.request.centre_uid)
        tool = api.portal.get_tool("portal_password_reset")
        self.key = tool.requestReset(self.user_id)["randomstring"]
        transaction.commit()
        self.session = requests.Session()
        self.session.headers["Accept-Language"] = "de"

    def link(self, key=None) -> str:
        return self.url(f"passwordreset/{key or self.key}?userid={LOGIN}")

    def open(self, url=None):
        response = self.session.get(url or self.link(), timeout=30)
        return response, html.fromstring(response.text)

    def submit(self, password, password2, page=None):
        response, tree = page or self.open()
        action, hidden = form_inputs(response.text, "//form[@name='pwreset_action']")
        (login,) = tree.xpath("//input[@name='userid']")
        data = [
            *hidden,
            ("userid", login.get("value")),
            ("password", password),
            ("password2", password2),
        ]
        return self.session.post(urljoin(response.url, action), data=data, timeout=30)

    def password_works(self, password) -> bool:
        transaction.begin()
        users = self.site.acl_users
        return users.authenticate(LOGIN, password, self.site.REQUEST) is not None

    def test_the_tool_records_keys_as_the_page_reads_them(self):
        # reset_user_id reads the tool's private records (no public API for it)
        self.assertEqual(reset_user_id(self.key), self.user_id)
        self.assertIsNone(reset_user_id("no-such-key"))
        self.assertIsNone(reset_user_id(None))

    def test_valid_link_shows_the_login_and_set_password(self):
        response, tree = self.open(self.url(f"passwordreset/{self.key}"))
        self.assertEqual(response.status_code, 200)
        self.assertEqual(tree.findtext(".//h1").strip(), "Passwort festlegen")
        self.assertRegex(tree.findtext(".//title"), r"^Passwort festlegen – ")
        (button,) = tree.xpath("//form[@name='pwreset_action']//button[@type='submit']")
        self.assertEqual(button.text_content().strip(), "Passwort festlegen")
        (login,) = tree.xpath("//input[@name='userid']")
        self.assertEqual(login.get("value"), LOGIN)
        self.assertEqual(login.get("autocomplete"), "username")
        (label,) = tree.xpath(f"//label[@for='{login.get('id')}']")
        self.assertIn("E-Mail-Adresse", label.text_content())
        for name in ("password", "password2"):
            (field,) = tree.xpath(f"//input[@name='{name}']")
            self.assertEqual(field.get("autocomplete"), "new-password")
            self.assertEqual(field.get("type"), "password")
            self.assertTrue(tree.xpath(f"//label[@for='{field.get('id')}']"))
        (help,) = tree.xpath("//*[@id='password-help']")
        self.assertIn("8 Zeichen", help.text_content())
        self.assertNotIn("Neues Passwort setzen", response.text)

    def test_setting_the_password_logs_in_on_the_own_centre(self):
        response = self.submit(NEW_PASSWORD, NEW_PASSWORD)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.url, self.centre.absolute_url())
        self.assertIn("personaltools-logout", response.text)
        (message,) = html.fromstring(response.text).xpath(
            "//*[contains(@class, 'portalMessage')]"
        )
        self.assertIn(
            "Ihr Passwort ist festgelegt. Sie sind jetzt angemeldet.",
            message.text_content(),
        )
        self.assertTrue(self.password_works(NEW_PASSWORD))
        self.assertEqual(api.content.get_state(self.request), "active")
        # the link works once
        response, tree = self.open()
        self.assertIn(GONE, response.text)
        self.assertNotIn("pwreset_action", response.text)

    def test_without_a_centre_on_the_front_page(self):
        api.user.revoke_roles(
            user=api.user.get(userid=self.user_id),
            obj=self.centre,
            roles=["CentreEditor"],
        )
        self.centre.reindexObjectSecurity()
        transaction.commit()
        self.assertEqual(centres_of(self.user_id), [])
        response = self.submit(NEW_PASSWORD, NEW_PASSWORD)
        self.assertEqual(response.url.rstrip("/"), self.url().rstrip("/"))
        self.assertIn("personaltools-logout", response.text)

    def test_centres_of_a_published_centre(self):
        # a public centre indexes no "user:" token; the onboarding request still names it
        with api.env.adopt_roles(["Manager"]):
            api.content.transition(self.centre, to_state="published")
        transaction.commit()
        self.assertEqual(centres_of(self.user_id), [self.centre])
        self.assertEqual(centres_of("nobody"), [])

    def test_used_link(self):
        self.submit(NEW_PASSWORD, NEW_PASSWORD)
        self.session.cookies.clear()
        response, tree = self.open()
        self.assertEqual(response.status_code, 200)
        self.assertIn(GONE, tree.text_content())
        self.assertRegex(
            tree.findtext(".//title"), r"^Dieser Link funktioniert nicht mehr – "
        )
        (link,) = tree.xpath("//a[contains(@href, '@@mail_password_form')]")
        query = parse_qs(urlsplit(link.get("href")).query)
        self.assertEqual(query["userid"], [LOGIN])
        self.assertEqual(link.text_content().strip(), "Neuen Link anfordern")
        # the form it leads to has the login filled in
        form = html.fromstring(self.session.get(link.get("href"), timeout=30).text)
        (field,) = form.xpath("//input[@name='userid']")
        self.assertEqual(field.get("value"), LOGIN)

    def test_expired_link(self):
        tool = api.portal.get_tool("portal_password_reset")
        # the record as requestReset writes it, its expiry in the past
        tool._requests[self.key] = (self.user_id, datetime.utcnow() - timedelta(1))
        transaction.commit()
        response, tree = self.open(self.url(f"passwordreset/{self.key}"))
        self.assertEqual(response.status_code, 200)
        self.assertIn(GONE, tree.text_content())
        (link,) = tree.xpath("//a[contains(@href, '@@mail_password_form')]")
        # known from the tool's record, even without ?userid= in the link
        self.assertEqual(parse_qs(urlsplit(link.get("href")).query)["userid"], [LOGIN])
        # posting to it stores nothing either
        response = self.session.post(
            self.url(f"passwordreset/{self.key}"),
            data={"userid": LOGIN, "password": NEW_PASSWORD, "password2": NEW_PASSWORD},
            timeout=30,
        )
        self.assertIn(GONE, response.text)
        self.assertFalse(self.password_works(NEW_PASSWORD))

    def test_unknown_link(self):
        response, tree = self.open(self.url("passwordreset/kein-solcher-link"))
        self.assertEqual(response.status_code, 200)
        self.assertIn(GONE, tree.text_content())
        (link,) = tree.xpath("//a[contains(@href, '@@mail_password_form')]")
        self.assertNotIn("userid", link.get("href"))

    def test_passwords_that_differ(self):
        response = self.submit(NEW_PASSWORD, NEW_PASSWORD + "x")
        self.assertEqual(response.status_code, 200)
        tree = html.fromstring(response.text)
        self.assertRegex(tree.findtext(".//title"), r"^Fehler: Passwort festlegen – ")
        (field,) = tree.xpath("//input[@name='password2']")
        self.assertEqual(field.get("aria-invalid"), "true")
        (error,) = tree.xpath(f"//*[@id='{field.get('aria-describedby')}']")
        self.assertIn("nicht gleich", error.text_content())
        self.assertFalse(tree.xpath("//input[@name='password'][@aria-invalid]"))
        # the form again, for the same key; nothing stored
        (login,) = tree.xpath("//input[@name='userid']")
        self.assertEqual(login.get("value"), LOGIN)
        self.assertFalse(self.password_works(NEW_PASSWORD))
        self.assertEqual(reset_user_id(self.key), self.user_id)
        self.assertNotIn("personaltools-logout", response.text)

    def test_too_short(self):
        response = self.submit("kurz", "kurz")
        tree = html.fromstring(response.text)
        (field,) = tree.xpath("//input[@name='password']")
        self.assertEqual(field.get("aria-invalid"), "true")
        (error,) = tree.xpath("//*[@id='password-error']")
        self.assertIn("mindestens 8 Zeichen", error.text_content())
        self.assertIn("password-error", field.get("aria-describedby"))
        self.assertFalse(self.password_works("kurz"))
        self.assertEqual(reset_user_id(self.key), self.user_id)
