"""The header, the favicon link and the brand colours on a real page (zope.testbrowser)."""

from lxml import html
from plone import api
from plone.app.testing import SITE_OWNER_NAME
from plone.app.testing import SITE_OWNER_PASSWORD
from plone.formwidget.namedfile.converter import b64encode_file
from plone.testing.zope import Browser
from sozialplattform.site.branding.settings import RECORD_PREFIX
from sozialplattform.site.testing import FUNCTIONAL_TESTING
from zope.component.hooks import setSite
import transaction
import unittest


PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06"
    b"\x00\x00\x00\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01"
    b"\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82"
)


class BrandingTestCase(unittest.TestCase):
    layer = FUNCTIONAL_TESTING

    def setUp(self):
        setSite(self.layer["portal"])

    def set(self, name, value):
        api.portal.set_registry_record(name, value)
        transaction.commit()

    def browser(self, owner=False):
        browser = Browser(self.layer["app"])
        browser.handleErrors = False
        if owner:
            browser.addHeader(
                "Authorization", f"Basic {SITE_OWNER_NAME}:{SITE_OWNER_PASSWORD}"
            )
        return browser

    def page(self, path=""):
        browser = self.browser()
        browser.open(f"{self.layer['portal'].absolute_url()}/{path}")
        return html.fromstring(browser.contents)


class TestHeader(BrandingTestCase):
    def test_logo_and_name_by_default(self):
        tree = self.page()
        (link,) = tree.xpath("//a[@id='portal-logo']")
        self.assertEqual(link.get("href"), self.layer["portal"].absolute_url())
        (img,) = link.xpath(".//img")
        self.assertTrue(
            img.get("src").endswith("/++plone++sozialplattform.site/logo.svg")
        )
        self.assertEqual(img.get("alt"), "")
        self.assertEqual(link.text_content().strip(), "Sozialplattform")
        # the accessible name starts with the visible text (WCAG 2.5.3)
        self.assertTrue(link.get("aria-label").startswith("Sozialplattform – "))
        # Plone's own use of its default logo (og:image) gets ours
        (image,) = tree.xpath("//meta[@property='og:image']")
        browser = self.browser()
        browser.open(image.get("content"))
        self.assertIn(b'<title id="sozialplattform-logo-title">', browser.contents)

    def test_configured_name(self):
        self.set(f"{RECORD_PREFIX}.site_name", "Sozialplattform Sachsen")
        tree = self.page()
        (name,) = tree.xpath("//a[@id='portal-logo']/span")
        self.assertEqual(name.text, "Sozialplattform Sachsen")
        self.assertTrue(
            tree.xpath("//a[@id='portal-logo']")[0]
            .get("aria-label")
            .startswith("Sozialplattform Sachsen")
        )

    def test_name_is_escaped(self):
        # the form refuses markup; a record set otherwise still shows as text
        self.set(f"{RECORD_PREFIX}.site_name", "A & <b>B</b>")
        tree = self.page()
        (name,) = tree.xpath("//a[@id='portal-logo']/span")
        self.assertEqual(name.text, "A & <b>B</b>")

    def test_own_logo_from_the_site_settings(self):
        self.set("plone.site_logo", b64encode_file("land.png", PNG))
        (img,) = self.page().xpath("//a[@id='portal-logo']//img")
        self.assertTrue(img.get("src").endswith("/@@site-logo/land.png"))
        self.assertIsNone(img.get("width"))


class TestFavicon(BrandingTestCase):
    def test_ours_by_default(self):
        (icon,) = self.page().xpath("//link[@rel='icon']")
        self.assertTrue(
            icon.get("href").endswith("/++plone++sozialplattform.site/favicon.svg")
        )
        self.assertEqual(icon.get("type"), "image/svg+xml")

    def test_own_favicon_from_the_site_settings(self):
        self.set("plone.site_favicon", b64encode_file("land.png", PNG))
        self.set("plone.site_favicon_mimetype", "image/png")
        (icon,) = self.page().xpath("//link[@rel='icon']")
        self.assertIn("/favicon.ico?name=land.png", icon.get("href"))
        self.assertEqual(icon.get("type"), "image/png")

    def test_files_served(self):
        browser = self.browser()
        for name in ("logo.svg", "favicon.svg"):
            with self.subTest(name=name):
                browser.open(
                    f"{self.layer['portal'].absolute_url()}"
                    f"/++plone++sozialplattform.site/{name}"
                )
                self.assertIn(b"<title", browser.contents)
                self.assertTrue(
                    browser.headers["Content-Type"].startswith("image/svg+xml")
                )


class TestColours(BrandingTestCase):
    def style(self, path=""):
        (style,) = self.page(path).xpath("//style[@id='sozialplattform-brand']")
        return style.text

    def test_defaults(self):
        css = self.style()
        self.assertIn("--sp-primary:#005e7a;", css)
        self.assertIn("--bs-primary:#005e7a;", css)
        self.assertIn("--bs-link-color:#a3195b;", css)

    def test_configured(self):
        self.set(f"{RECORD_PREFIX}.primary_colour", "#1A4D2E")
        self.set(f"{RECORD_PREFIX}.accent_colour", "#333")
        css = self.style("@@search")
        self.assertIn("--sp-primary:#1a4d2e;", css)
        self.assertIn("--bs-primary-rgb:26, 77, 46;", css)
        self.assertIn("--sp-accent:#333333;", css)
        self.assertIn("--bs-link-color-rgb:51, 51, 51;", css)

    def test_record_set_around_the_form_falls_back(self):
        # a colour that would fail (or break out of the style) never reaches the page
        self.set(f"{RECORD_PREFIX}.primary_colour", "#ffff00")
        self.set(f"{RECORD_PREFIX}.accent_colour", "#f;}a{}")
        css = self.style()
        self.assertIn("--sp-primary:#005e7a;", css)
        self.assertIn("--sp-accent:#a3195b;", css)
        self.assertNotIn("}a{", css)
