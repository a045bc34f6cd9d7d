"""Function gating: State participation + grant + the centre's switch (functions.gating)."""

from plone import api
from sozialplattform.site.functions import all_functions
from sozialplattform.site.functions import get
from sozialplattform.site.functions.gating import available
from sozialplattform.site.functions.gating import default_grants
from sozialplattform.site.functions.gating import grants
from sozialplattform.site.functions.gating import is_available
from sozialplattform.site.testing import INTEGRATION_TESTING
from test_onboarding.fixtures import centre_without_request
from test_onboarding.fixtures import onboard_in_berlin
from test_onboarding.fixtures import set_up_onboarding
from types import SimpleNamespace
from zope.event import notify
from zope.lifecycleevent import ObjectModifiedEvent
import unittest


class TestRule(unittest.TestCase):
    def test_finder_is_open_to_everyone(self):
        self.assertTrue(is_available("finder", False, frozenset(), False))

    def test_all_three_conditions_are_needed(self):
        granted = frozenset({"finder", "booking"})
        self.assertTrue(is_available("booking", True, granted, True))
        self.assertFalse(is_available("booking", False, granted, True))
        self.assertFalse(is_available("booking", True, frozenset({"finder"}), True))
        self.assertFalse(is_available("booking", True, granted, False))

    def test_unknown_function(self):
        with self.assertRaises(KeyError):
            is_available("video", True, frozenset({"video"}), True)

    def test_default_grants(self):
        state = SimpleNamespace(booking_participation=True)
        self.assertEqual(
            default_grants(["booking", "counselling"], state), ["finder", "booking"]
        )
        self.assertEqual(default_grants(None, state), ["finder"])

    def test_each_function_described_once(self):
        self.assertEqual(
            [f.name for f in all_functions()], ["finder", "booking", "counselling"]
        )
        self.assertFalse(get("finder").gated)
        self.assertEqual(get("booking").switch, "booking_enabled")
        self.assertEqual(get("counselling").view, "online-counselling")


class TestCentres(unittest.TestCase):
    layer = INTEGRATION_TESTING

    def setUp(self):
        self.portal = self.layer["portal"]
        set_up_onboarding(self.portal)
        self.berlin, self.request, self.centre = onboard_in_berlin(
            self.portal, {"finder", "booking"}
        )

    def test_granted_and_switched_on_in_a_participating_state(self):
        self.assertEqual(grants(self.centre), {"finder", "booking"})
        self.assertFalse(available(self.centre)["booking"])  # not switched on
        self.centre.booking_enabled = True
        self.centre.online_counselling_enabled = True
        # Counselling: the state takes part and the centre switched it on, but it was
        # not granted in the onboarding.
        self.assertEqual(
            available(self.centre),
            {"finder": True, "booking": True, "counselling": False},
        )

    def test_state_leaving_hides_the_function_at_once(self):
        self.centre.booking_enabled = True
        self.berlin.booking_participation = False
        self.assertFalse(available(self.centre)["booking"])
        self.assertTrue(self.centre.booking_enabled, "the centre's data stays")
        self.berlin.booking_participation = True
        self.assertTrue(available(self.centre)["booking"])

    def test_grant_edited_on_the_request_is_written_to_the_centre(self):
        self.centre.online_counselling_enabled = True
        self.request.granted_functions = ["finder", "booking", "counselling"]
        notify(ObjectModifiedEvent(self.request))
        self.assertTrue(available(self.centre)["counselling"])
        brain = api.portal.get_tool("portal_catalog")(UID=self.centre.UID())[0]
        self.assertEqual(brain.granted_functions, ("finder", "booking", "counselling"))

    def test_centre_without_onboarding_was_granted_by_its_state(self):
        """Centres created by the state editors or a ministry's import: the state decided."""
        other = centre_without_request(self.berlin, "Ohne Anbindung")
        other.booking_enabled = True
        self.assertEqual(grants(other), frozenset({"finder", "booking", "counselling"}))
        self.berlin.booking_participation = True
        self.assertTrue(available(other)["booking"])
        self.berlin.booking_participation = False
        self.assertFalse(available(other)["booking"])
        self.assertTrue(available(other)["finder"])

    def test_catalog_record_follows_the_same_rule(self):
        """The finder's records (metadata columns) give what the centre gives."""
        self.centre.booking_enabled = True
        self.centre.reindexObject()
        catalog = api.portal.get_tool("portal_catalog")
        brain = catalog(UID=self.centre.UID())[0]
        record = {name: getattr(brain, name) for name in catalog.schema()}
        self.assertEqual(record["granted_functions"], ("finder", "booking"))
        self.assertEqual(available(record), available(self.centre))
        self.assertEqual(
            available(record), {"finder": True, "booking": True, "counselling": False}
        )
