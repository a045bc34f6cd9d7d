"""The `sozialplattform` distribution creates the German site with example content."""

from plone import api
from plone.distribution.api import distribution as distribution_api
from plone.distribution.api import site as site_api
from sozialplattform.site.testing import DISTRIBUTION_INTEGRATION_TESTING
from sozialplattform.site.testing import DISTRIBUTION_SITE_ID
from zope.component.hooks import setSite
import unittest


class TestDistributionRegistration(unittest.TestCase):
    layer = DISTRIBUTION_INTEGRATION_TESTING

    def test_registered_classic_ui(self):
        distribution = distribution_api.get("sozialplattform")
        self.assertEqual(distribution.title, "Sozialplattform")
        self.assertFalse(distribution.headless)
        self.assertIn("sozialplattform.site:default", distribution.profiles)

    def test_offered_in_site_creation(self):
        names = [dist.name for dist in distribution_api.get_distributions()]
        self.assertIn("sozialplattform", names)

    def test_schema_defaults_are_german(self):
        properties = distribution_api.get("sozialplattform").schema["properties"]
        self.assertEqual(properties["title"]["default"], "Sozialplattform")
        self.assertEqual(properties["default_language"]["default"], "de")
        self.assertEqual(properties["portal_timezone"]["default"], "Europe/Berlin")

    def test_invalid_answers_rejected(self):
        app = self.layer["app"]
        with self.assertRaises(ValueError):
            site_api.create(app, "sozialplattform", {"site_id": " ", "title": " "})
        self.assertNotIn(" ", app.objectIds())


class TestCreatedSite(unittest.TestCase):
    layer = DISTRIBUTION_INTEGRATION_TESTING

    def setUp(self):
        self.site = self.layer["app"][DISTRIBUTION_SITE_ID]
        setSite(self.site)

    def tearDown(self):
        setSite(self.layer["portal"])

    def test_site_defaults(self):
        self.assertEqual(self.site.title, "Sozialplattform")
        self.assertEqual(api.portal.get_registry_record("plone.default_language"), "de")
        self.assertEqual(
            api.portal.get_registry_record("plone.available_languages"), ["de", "en"]
        )
        self.assertEqual(
            api.portal.get_registry_record("plone.portal_timezone"), "Europe/Berlin"
        )

    def test_addon_installed(self):
        from Products.CMFPlone.utils import get_installer

        installer = get_installer(self.site, self.layer["request"])
        self.assertTrue(installer.is_product_installed("sozialplattform.site"))

    def test_front_page_text_leaves_the_functions_to_the_live_list(self):
        # the functions offered now are listed by the viewlet (test_pages.test_frontpage)
        text = self.site.text.raw
        self.assertIn("anbindung-beantragen", text)
        for promise in ("rund um die Uhr", "Online-Terminbuchung", "Online-Beratung"):
            self.assertNotIn(promise, text)

    def test_legal_pages_published(self):
        for page_id in ("impressum", "datenschutz", "barrierefreiheit"):
            page = self.site[page_id]
            self.assertEqual(api.content.get_state(page), "published", page_id)

    def test_report_records_distribution(self):
        report = distribution_api.get_creation_report(self.site)
        self.assertEqual(report.name, "sozialplattform")
