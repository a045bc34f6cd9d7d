"""The behaviour sozialplattform.postal_address: shared by centres and onboarding
requests, stored on the object, with the centre's postcode rule on centres only."""

from plone import api
from plone.app.testing import SITE_OWNER_NAME
from plone.app.testing import SITE_OWNER_PASSWORD
from plone.dexterity.utils import iterSchemataForType
from plone.testing.zope import Browser
from sozialplattform.site.content.behaviors import IPostalAddress
from sozialplattform.site.content.interfaces import CENTRE_SCHEMATA
from sozialplattform.site.testing import FUNCTIONAL_TESTING
from test_finder.fixtures import create_centre
from test_onboarding.fixtures import set_up_onboarding
from test_onboarding.fixtures import store
import re
import transaction
import unittest


BEHAVIOUR = "sozialplattform.postal_address"
TYPES = ("CounsellingCentre", "OnboardingRequest")


class TestPostalAddress(unittest.TestCase):
    layer = FUNCTIONAL_TESTING

    def setUp(self):
        self.portal = self.layer["portal"]
        self.berlin = self.portal["beratungsstellen"]["berlin"]
        set_up_onboarding(self.portal)
        self.centre = create_centre(self.berlin, "Mitte", "10115", "Berlin", False)
        self.request = store(self.portal)
        transaction.commit()

    def browser(self) -> Browser:
        browser = Browser(self.layer["app"])
        browser.handleErrors = False
        browser.addHeader(
            "Authorization", f"Basic {SITE_OWNER_NAME}:{SITE_OWNER_PASSWORD}"
        )
        return browser

    def widget_ids(self, url: str) -> list[str]:
        browser = self.browser()
        browser.open(url)
        ids = re.findall(r'id="form-widgets-([\w-]+?)(?:-\d+)?"', browser.contents)
        return list(dict.fromkeys(ids))

    def edit(self, obj, **values) -> Browser:
        browser = self.browser()
        browser.open(f"{obj.absolute_url()}/@@edit")
        for name, value in values.items():
            browser.getControl(name=f"form.widgets.{name}").value = value
        browser.getControl(name="form.buttons.save").click()
        transaction.begin()
        return browser

    def test_both_types_have_the_behaviour(self):
        for portal_type in TYPES:
            fti = api.portal.get_tool("portal_types")[portal_type]
            self.assertIn(BEHAVIOUR, fti.behaviors, portal_type)
        for obj in (self.centre, self.request):
            self.assertTrue(IPostalAddress.providedBy(obj))

    def test_centre_schemata_are_the_types_own(self):
        own = [
            schema
            for schema in iterSchemataForType("CounsellingCentre")
            if schema.__module__.startswith("sozialplattform.")
        ]
        self.assertEqual(own, list(CENTRE_SCHEMATA))

    def test_widgets_keep_their_names_and_places(self):
        request = self.request.absolute_url()
        order = ["carrier", "street", "postcode", "city", "contact_name"]
        order += ["email", "phone", "wanted_functions"]
        for url in (request, f"{request}/@@edit"):
            ids = self.widget_ids(url)
            self.assertEqual([i for i in ids if i in order], order, url)
        ids = self.widget_ids(f"{self.centre.absolute_url()}/@@edit")
        order = ["description", "carrier", "street"]
        order += ["postcode", "city", "latitude", "longitude", "phone", "email"]
        self.assertEqual([i for i in ids if i in order], order)

    def test_values_are_attributes_of_the_object(self):
        self.edit(self.request, street="Neue Straße 1", phone="030 123456")
        self.assertEqual(self.request.street, "Neue Straße 1")
        for name in ("street", "postcode", "city", "phone"):
            self.assertIn(name, self.request.__dict__)

    def test_postcode_of_another_state_refused_for_centres_only(self):
        browser = self.edit(self.centre, postcode="80331")
        self.assertIn("Bayern", browser.contents)
        self.assertEqual(self.centre.postcode, "10115")
        self.edit(self.request, postcode="80331")
        self.assertEqual(self.request.postcode, "80331")

    def test_typeinfo_import_adds_it_to_sites_without_it(self):
        """The upgrade: re-import ``typeinfo``; the stored values need no migration."""
        self.centre.street = "Alte Straße 2"
        types = api.portal.get_tool("portal_types")
        for portal_type in TYPES:
            fti = types[portal_type]
            old = tuple(b for b in fti.behaviors if b != BEHAVIOUR)
            fti.manage_changeProperties(behaviors=old)
        self.assertFalse(IPostalAddress.providedBy(self.centre))
        setup = api.portal.get_tool("portal_setup")
        setup.runImportStepFromProfile(
            "profile-sozialplattform.site:default", "typeinfo"
        )
        for portal_type in TYPES:
            self.assertIn(BEHAVIOUR, types[portal_type].behaviors)
        self.assertTrue(IPostalAddress.providedBy(self.centre))
        self.assertEqual(IPostalAddress(self.centre).street, "Alte Straße 2")
