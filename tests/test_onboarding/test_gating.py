"""Function gating: State participation + grant in the onboarding + the centre's switch."""

from sozialplattform.site.onboarding.gating import function_available
from sozialplattform.site.onboarding.gating import granted_functions
from sozialplattform.site.onboarding.gating import granted_functions_by_centre
from sozialplattform.site.onboarding.gating import is_available
from sozialplattform.site.testing import INTEGRATION_TESTING
from test_onboarding.fixtures import centre_without_request
from test_onboarding.fixtures import onboard_in_berlin
from test_onboarding.fixtures import set_up_onboarding
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
        with self.assertRaises(ValueError):
            is_available("video", True, frozenset({"video"}), True)


class TestCentres(unittest.TestCase):
    layer = INTEGRATION_TESTING

    def setUp(self):
        self.portal = self.layer["portal"]
        set_up_onboarding(self.portal)
        self.berlin, self.request, self.centre = onboard_in_berlin(
            self.portal, {"finder", "booking"}
        )

    def test_granted_and_switched_on_in_a_participating_state(self):
        self.assertEqual(granted_functions(self.centre), {"finder", "booking"})
        self.assertFalse(function_available(self.centre, "booking"))  # not switched on
        self.centre.booking_enabled = True
        self.centre.online_counselling_enabled = True
        self.assertTrue(function_available(self.centre, "booking"))
        # Counselling: the state takes part and the centre switched it on, but it was
        # not granted in the onboarding.
        self.assertFalse(function_available(self.centre, "counselling"))
        self.assertTrue(function_available(self.centre, "finder"))

    def test_state_leaving_hides_the_function_at_once(self):
        self.centre.booking_enabled = True
        self.berlin.booking_participation = False
        self.assertFalse(function_available(self.centre, "booking"))
        self.assertTrue(self.centre.booking_enabled, "the centre's data stays")
        self.berlin.booking_participation = True
        self.assertTrue(function_available(self.centre, "booking"))

    def test_grant_changed_on_the_request_applies(self):
        self.centre.online_counselling_enabled = True
        self.request.granted_functions = ["finder", "booking", "counselling"]
        self.assertTrue(function_available(self.centre, "counselling"))

    def test_centre_without_onboarding_was_granted_by_its_state(self):
        """Centres created by the state editors or a ministry's import: the state decided."""
        other = centre_without_request(self.berlin, "Ohne Anbindung")
        other.booking_enabled = True
        self.assertEqual(
            granted_functions(other), frozenset({"finder", "booking", "counselling"})
        )
        self.berlin.booking_participation = True
        self.assertTrue(function_available(other, "booking"))
        self.berlin.booking_participation = False
        self.assertFalse(function_available(other, "booking"))
        self.assertTrue(function_available(other, "finder"))

    def test_map_for_lists(self):
        self.assertEqual(
            granted_functions_by_centre(),
            {self.centre.UID(): frozenset({"finder", "booking"})},
        )
        self.centre.booking_enabled = True
        granted = granted_functions_by_centre()[self.centre.UID()]
        self.assertTrue(function_available(self.centre, "booking", granted=granted))
