"""The public pages of the centre folder and of a State."""

from plone.app.testing import setRoles
from plone.app.testing import TEST_USER_ID
from sozialplattform.site.content.structure import set_layouts
from sozialplattform.site.interfaces import ISozialplattformLayer
from sozialplattform.site.testing import INTEGRATION_TESTING
from test_finder.fixtures import create_centre
from zope.interface import alsoProvides
import unittest


class TestStatePages(unittest.TestCase):
    layer = INTEGRATION_TESTING

    def setUp(self):
        self.portal, self.request = self.layer["portal"], self.layer["request"]
        alsoProvides(self.request, ISozialplattformLayer)
        setRoles(self.portal, TEST_USER_ID, ["Manager"])
        self.folder = self.portal["beratungsstellen"]
        self.berlin = self.folder["berlin"]
        self.berlin.contact_name = "Erika Muster"
        self.berlin.contact_email = "erika@example.org"
        create_centre(self.berlin, "Schuldnerberatung Mitte", "10115", "Berlin")
        create_centre(self.berlin, "Entwurf Wedding", "13353", "Berlin", publish=False)
        create_centre(
            self.folder["hamburg"], "Suchtberatung Altona", "22765", "Hamburg"
        )

    def render(self, obj):
        return obj.restrictedTraverse(obj.getLayout())()

    def test_views_are_the_defaults(self):
        self.assertEqual(self.berlin.getLayout(), "state_view")
        self.assertEqual(self.folder.getLayout(), "centres_view")

    def test_state_lists_published_centres_and_contact(self):
        html = self.render(self.berlin)
        self.assertIn(self.berlin["schuldnerberatung-mitte"].absolute_url(), html)
        self.assertIn("10115 Berlin", html)
        self.assertNotIn("Entwurf Wedding", html)
        self.assertNotIn("Suchtberatung Altona", html)
        self.assertIn("Erika Muster", html)
        self.assertIn('href="mailto:erika@example.org"', html)
        self.assertIn("@@finder?state=DE-BE", html)
        self.assertNotIn("DE-BE</", html)  # no field dump of Plone's default view

    def test_participation_sentences_follow_flags(self):
        self.berlin.booking_participation = True
        self.berlin.counselling_participation = False
        view = self.berlin.restrictedTraverse("state_view")
        self.assertEqual(
            view.participation(),
            [
                "Open to every centre: Finder & self-service.",
                "Berlin takes part in Online booking.",
                "Berlin does not take part in Online counselling at the moment.",
            ],
        )
        self.berlin.counselling_participation = True
        self.assertEqual(
            view.participation()[1],
            "Berlin takes part in Online booking and Online counselling.",
        )
        self.assertEqual(len(view.participation()), 2)
        self.assertIn("Online booking and Online counselling", self.render(self.berlin))

    def test_folder_lists_states_with_counts(self):
        view = self.folder.restrictedTraverse("centres_view")
        counts = {state["title"]: state["count"] for state in view.states()}
        self.assertEqual(len(counts), 16)
        self.assertEqual(counts["Berlin"], 1)
        self.assertEqual(counts["Hamburg"], 1)
        self.assertEqual(counts["Bremen"], 0)
        html = self.render(self.folder)
        self.assertIn(f'href="{self.berlin.absolute_url()}"', html)
        self.assertIn("(1)", html)
        self.assertIn(f'href="{self.portal.absolute_url()}/@@finder"', html)

    def test_set_layouts_upgrades_an_old_site(self):
        self.folder.setLayout("listing_view")
        self.berlin.setLayout("view")
        set_layouts(self.portal)
        self.assertEqual(self.folder.getLayout(), "centres_view")
        self.assertEqual(self.berlin.getLayout(), "state_view")
