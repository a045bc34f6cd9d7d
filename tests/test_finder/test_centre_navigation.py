"""The centre page: back to the results, the carrier once, no navigation portlet."""

from plone.app.testing import setRoles
from plone.app.testing import TEST_USER_ID
from sozialplattform.site.finder.browser import FinderView
from sozialplattform.site.interfaces import ISozialplattformLayer
from sozialplattform.site.testing import INTEGRATION_TESTING
from test_finder.fixtures import create_centre
from zope.interface import alsoProvides
import unittest


class TestCentrePageNavigation(unittest.TestCase):
    layer = INTEGRATION_TESTING

    def setUp(self):
        self.portal, self.request = self.layer["portal"], self.layer["request"]
        alsoProvides(self.request, ISozialplattformLayer)
        setRoles(self.portal, TEST_USER_ID, ["Manager"])
        self.centre = create_centre(
            self.portal["beratungsstellen"]["berlin"],
            "Schuldnerberatung Mitte",
            "10115",
            "Berlin",
            carrier="Diakonie Berlin",
        )

    def render(self, **form):
        self.request.form.update(form)
        return self.centre.restrictedTraverse("view")()

    def test_results_link_carries_the_search(self):
        view = FinderView(self.portal, self.request)
        view.form = {
            "postcode": "10115",
            "radius": "25",
            "topic": ["sucht", "schulden"],
        }
        url = view.centre_url({"@id": self.centre.absolute_url()})
        self.assertEqual(
            url,
            f"{self.centre.absolute_url()}"
            "?from=postcode%3D10115%26radius%3D25%26topic%3Dsucht%26topic%3Dschulden",
        )
        view.form = {}
        self.assertEqual(view.centre_url({"@id": "x"}), "x")

    def test_back_link_to_the_results(self):
        html = self.render(**{"from": "postcode=10115&radius=25&topic=sucht"})
        self.assertIn(
            'href="http://nohost/plone/@@finder?postcode=10115&amp;radius=25&amp;'
            'topic=sucht"',
            html,
        )
        self.assertIn('class="centre-back"', html)

    def test_back_link_keeps_only_finder_parameters(self):
        view = self.centre.restrictedTraverse("view")
        self.request.form["from"] = "evil=https://example.org&postcode=10115"
        self.assertEqual(view.back_url(), "http://nohost/plone/@@finder?postcode=10115")
        self.request.form["from"] = "https://example.org/"
        self.assertIsNone(view.back_url())

    def test_no_back_link_without_a_search(self):
        self.assertNotIn('class="centre-back"', self.render())

    def test_no_navigation_portlet(self):
        # other pages keep Plone's navigation portlet (rendered first: same request)
        state = self.portal["beratungsstellen"]["berlin"]
        self.assertIn("portletNavigationTree", state.restrictedTraverse("state_view")())
        html = self.render()
        self.assertNotIn("portletNavigationTree", html)
        self.assertNotIn('id="portal-column-one"', html)
