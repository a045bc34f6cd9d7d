"""The pages of the written counselling over HTTP (``counselling/views.py``): they render,
follow the gating, send no referrer and cache nothing, and load nothing from third
parties. What they do in the browser is ``test_chat_browser.py``."""

from plone import api
from plone.app.testing import SITE_OWNER_NAME
from plone.testing.zope import login
from sozialplattform.site.counselling.content import object_id
from sozialplattform.site.testing import FUNCTIONAL_TESTING
from sozialplattform.site.testing import server_url
from test_counselling.fixtures import counselling_centre
from test_counselling.fixtures import key_material
from test_counselling.fixtures import make_counsellor
from test_counselling.fixtures import start_body
from test_counselling.helpers import call
from test_jitsi import fixtures
from test_permissions.fixtures import CENTRE_EDITOR
from test_permissions.fixtures import credentials
from test_permissions.fixtures import make_centre_editor
from test_permissions.fixtures import STATE_EDITOR
from zope.component.hooks import setSite
import re
import requests
import transaction
import unittest


GERMAN = {"Accept-Language": "de"}
CENTRE = "beratungsstellen/berlin/beratung-a"
#: what makes the browser request something: script, style, image, frame sources
REQUESTED = re.compile(
    r'<(?:script|img|iframe|source|link)\b[^>]*?(?:src|href)="([^"]+)"'
)


class TestPages(unittest.TestCase):
    layer = FUNCTIONAL_TESTING

    def setUp(self):
        app = self.layer["app"]
        self.portal = self.layer["portal"]
        setSite(self.portal)
        login(app.acl_users, SITE_OWNER_NAME)
        api.portal.set_registry_record("plone.default_language", "de")
        self.centre = fixtures.centre(self.portal)
        transaction.commit()
        self.base = server_url(self.layer, "plone")

    def get(self, path):
        return requests.get(f"{self.base}/{path}", headers=GERMAN, timeout=30)

    def assertPrivate(self, response):
        self.assertEqual(response.headers["Referrer-Policy"], "no-referrer")
        self.assertIn("no-store", response.headers["Cache-Control"])

    def assertOnlyOwnRequests(self, html):
        own = server_url(self.layer)
        foreign = [
            url
            for url in REQUESTED.findall(html)
            if url.startswith(("http:", "https:", "//")) and not url.startswith(own)
        ]
        self.assertEqual(foreign, [])

    def test_start_page(self):
        response = self.get("beratungsstellen/berlin/lindenhof/@@online-counselling")
        self.assertEqual(response.status_code, 200)
        self.assertPrivate(response)
        html = response.text
        for number in ('href="tel:112"', "0800 111 0 111", "0800 111 0 222"):
            self.assertIn(number, html)
        self.assertIn("Schreiben Sie uns", html)
        self.assertIn("Tag und Nacht", html)
        self.assertIn("<noscript>", html)
        self.assertIn("benötigt JavaScript", html)
        self.assertIn('class="counselling-form"', html)
        self.assertIn('data-api="http', html)
        self.assertIn("/lindenhof/++api++", html)
        self.assertIn("++plone++sozialplattform.counselling/seeker.js", html)
        self.assertIn('type="module"', html)
        self.assertIn('accept=".pdf,.jpg,.jpeg,.png', html)
        self.assertIn("/datenschutz", html)
        self.assertOnlyOwnRequests(html)

    def test_start_page_without_counselling(self):
        self.centre.online_counselling_enabled = False
        transaction.commit()
        response = self.get("beratungsstellen/berlin/lindenhof/@@online-counselling")
        self.assertEqual(response.status_code, 404)
        self.assertNotIn('class="counselling-form"', response.text)
        self.assertIn("bietet auf dieser Plattform keine", response.text)

    def test_the_centre_page_links_to_it(self):
        html = self.get("beratungsstellen/berlin/lindenhof").text
        self.assertRegex(
            html,
            r'href="[^"]*/lindenhof/@@online-counselling"[^>]*>\s*Schreiben Sie uns',
        )
        self.centre.online_counselling_enabled = False
        transaction.commit()
        html = self.get("beratungsstellen/berlin/lindenhof").text
        self.assertNotIn("@@online-counselling", html)

    def test_seeker_conversation_page(self):
        response = self.get("@@beratung")
        self.assertEqual(response.status_code, 200)
        self.assertPrivate(response)
        html = response.text
        self.assertIn("Ihr Gespräch", html)
        self.assertIn('data-api="http', html)
        self.assertIn("/plone/++api++", html)
        self.assertIn("Gespräch löschen", html)
        self.assertIn('aria-live="polite"', html)
        self.assertIn("benötigt JavaScript", html)
        self.assertOnlyOwnRequests(html)

    def test_no_web_statistics(self):
        """Trackers send location.href, whose fragment is the seeker's key."""
        api.portal.set_registry_record(
            "plone.webstats_js", "<script>/* webstats-footer */</script>"
        )
        api.portal.set_registry_record(
            "plone.webstats_head_js", "<script>/* webstats-head */</script>"
        )
        transaction.commit()
        html = self.get("beratungsstellen/berlin/lindenhof").text
        self.assertIn("webstats-footer", html)
        self.assertIn("webstats-head", html)
        for path in (
            "beratungsstellen/berlin/lindenhof/@@online-counselling",
            "@@beratung",
        ):
            with self.subTest(path=path):
                html = self.get(path).text
                self.assertIn("counselling", html)
                self.assertNotIn("webstats-footer", html)
                self.assertNotIn("webstats-head", html)

    def test_static_modules(self):
        for name in ("seeker.js", "counsellor.js", "chat.js", "counselling.css"):
            with self.subTest(name=name):
                response = self.get(f"++plone++sozialplattform.counselling/{name}")
                self.assertEqual(response.status_code, 200)
                self.assertNotRegex(response.text, r"https?://(?!localhost)")


class TestCounsellorPages(unittest.TestCase):
    """The inbox and a conversation: for the centre's counsellors only."""

    layer = FUNCTIONAL_TESTING

    def setUp(self):
        self.portal = self.layer["portal"]
        api.portal.set_registry_record("plone.default_language", "de")
        self.centre = counselling_centre(self.portal)
        self.centre.topics = ["schulden"]
        make_counsellor(self.centre, "couns", 0)
        colleague = make_counsellor(self.centre, "colleague", 1)
        api.user.get(username="colleague").setMemberProperties(
            {"fullname": "Jo Kollege"}
        )
        make_centre_editor(CENTRE_EDITOR, self.centre)
        transaction.commit()
        body, _key = start_body([key_material(0).public_key, colleague.public_key])
        response = call(self.layer, "POST", f"{CENTRE}/@conversations", json=body)
        self.assertEqual(response.status_code, 201, response.text)
        self.path = f"{CENTRE}/beratung/{object_id(body['conversation'])}"

    def get(self, path, username=None):
        return requests.get(
            server_url(self.layer, f"plone/{path}"),
            headers=GERMAN,
            auth=credentials(username) if username else None,
            timeout=30,
            allow_redirects=False,
        )

    def test_inbox(self):
        response = self.get(f"{CENTRE}/beratung", "couns")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.headers["Referrer-Policy"], "no-referrer")
        html = response.text
        self.assertIn("Online-Beratung: Posteingang", html)
        self.assertIn("Ihren Schlüssel einrichten", html)
        self.assertIn("Ihren Schlüssel auf diesem Gerät entsperren", html)
        self.assertIn("Passphrase vergessen? Neuen Schlüssel einrichten", html)
        self.assertIn("bis eine Kollegin oder ein Kollege", html)
        self.assertIn("/plone/++api++/@counselling-keys/me", html)
        self.assertIn(f"/{CENTRE}/beratung/++api++", html)
        self.assertIn("counsellor.js", html)
        self.assertIn(f"/{CENTRE}/beratung/edit", html)  # chat hours, absence
        TestPages.assertOnlyOwnRequests(self, html)
        # the centre page links counsellors to it
        centre = self.get(CENTRE, "couns").text
        self.assertIn("Online-Beratung: Posteingang (Team)", centre)

    def test_conversation(self):
        response = self.get(self.path, "couns")
        self.assertEqual(response.status_code, 200)
        html = response.text
        self.assertIn("Gespräch:", html)
        self.assertIn("Kiwi", html)  # the pseudonym
        self.assertIn("Schulden &amp; Finanzen", html)  # the topic
        self.assertRegex(html, r'<option value="colleague">\s*Jo Kollege')
        self.assertNotIn('<option value="couns"', html)
        self.assertIn('data-seen="0"', html)
        TestPages.assertOnlyOwnRequests(self, html)

    def test_others_get_no_page(self):
        for username in (None, CENTRE_EDITOR, STATE_EDITOR):
            for path in (f"{CENTRE}/beratung", self.path):
                with self.subTest(username=username, path=path):
                    response = self.get(path, username)
                    self.assertIn(response.status_code, (302, 401, 403, 404))
                    self.assertNotIn("counsellor.js", response.text)
        centre = self.get(CENTRE, CENTRE_EDITOR).text
        self.assertNotIn("Posteingang (Team)", centre)
