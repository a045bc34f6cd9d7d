"""Function gating: State participation + grant in the onboarding + the centre's switch."""

from plone import api
from plone.app.testing import setRoles
from plone.app.testing import TEST_USER_ID
from sozialplattform.site.onboarding.gating import function_available
from sozialplattform.site.onboarding.gating import granted_functions
from sozialplattform.site.onboarding.gating import granted_functions_by_centre
from sozialplattform.site.onboarding.gating import is_available
from sozialplattform.site.onboarding.setup import create_avv_file
from sozialplattform.site.testing import INTEGRATION_TESTING
from test_onboarding.fixtures import configure_state
from test_onboarding.fixtures import onboard
from test_onboarding.fixtures import state_editor
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
        setRoles(self.portal, TEST_USER_ID, ["Manager"])
        api.portal.set_registry_record(
            "plone.email_from_address", "noreply@plattform.example"
        )
        create_avv_file(self.portal)
        self.berlin = configure_state(
            self.portal,
            "berlin",
            email="land@berlin.example",
            booking=True,
            counselling=True,
        )
        state_editor("berlin", "redaktion-berlin")
        self.request = onboard(self.portal, functions={"finder", "booking"})
        self.centre = api.content.get(UID=self.request.centre_uid)

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
        other = api.content.create(
            container=self.berlin,
            type="CounsellingCentre",
            title="Ohne Anbindung",
            postcode="10117",
            city="Berlin",
        )
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
