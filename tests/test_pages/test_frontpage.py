"""The start page's offer follows the functions as the States take part."""

from plone.app.layout.globals.interfaces import IViewView
from plone.app.testing import setRoles
from plone.app.testing import TEST_USER_ID
from sozialplattform.site.browser.frontpage import FunctionsViewlet
from sozialplattform.site.interfaces import ISozialplattformLayer
from sozialplattform.site.testing import INTEGRATION_TESTING
from zope.component import getMultiAdapter
from zope.interface import alsoProvides
from zope.viewlet.interfaces import IViewletManager
import unittest


class TestFrontPageFunctions(unittest.TestCase):
    layer = INTEGRATION_TESTING

    def setUp(self):
        self.portal, self.request = self.layer["portal"], self.layer["request"]
        alsoProvides(self.request, ISozialplattformLayer)
        setRoles(self.portal, TEST_USER_ID, ["Manager"])
        self.states = self.portal["beratungsstellen"]

    def take_part(self, state_id, **flags):
        state = self.states[state_id]
        for name, value in flags.items():
            setattr(state, name, value)
        state.reindexObject()  # as an edit does: participation is cached per catalog

    def functions(self):
        viewlet = FunctionsViewlet(self.portal, self.request, None, None)
        viewlet.update()
        return viewlet.functions()

    def test_only_the_finder_while_no_state_takes_part(self):
        self.assertEqual([f["name"] for f in self.functions()], ["finder"])

    def test_booking_appears_with_the_states_taking_part(self):
        self.take_part("berlin", booking_participation=True)
        self.take_part("hamburg", booking_participation=True)
        functions = {f["name"]: f for f in self.functions()}
        self.assertEqual(list(functions), ["finder", "booking"])
        self.assertEqual(
            functions["booking"]["summary"].mapping["states"], "Berlin and Hamburg"
        )
        view = self.portal.restrictedTraverse("@@plone")
        alsoProvides(view, IViewView)
        manager = getMultiAdapter(
            (self.portal, self.request, view),
            IViewletManager,
            name="plone.abovecontentbody",
        )
        manager.update()
        html = manager.render()
        self.assertIn("In Berlin and Hamburg you can book appointments online", html)
        self.assertNotIn("counselling online", html)
        self.take_part("berlin", booking_participation=False)
        self.take_part("hamburg", booking_participation=False)
        self.assertEqual([f["name"] for f in self.functions()], ["finder"])
