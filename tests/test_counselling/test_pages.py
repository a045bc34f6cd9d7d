"""The pages of the written counselling over HTTP (``counselling/views.py``): they render,
follow the gating, send no referrer and cache nothing, and load nothing from third
parties. What they do in the browser is ``test_chat_browser.py``."""

from plone import api
from plone.app.testing import SITE_OWNER_NAME
from plone.testing.zope import login
from sozialplattform.site.testing import FUNCTIONAL_TESTING
from sozialplattform.site.testing import server_url
from test_jitsi import fixtures
from zope.component.hooks import setSite
import re
import requests
import transaction
import unittest


GERMAN = {"Accept-Language": "de"}
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

    def test_static_modules(self):
        for name in ("seeker.js", "counsellor.js", "chat.js", "counselling.css"):
            with self.subTest(name=name):
                response = self.get(f"++plone++sozialplattform.counselling/{name}")
                self.assertEqual(response.status_code, 200)
                self.assertNotRegex(response.text, r"https?://(?!localhost)")
