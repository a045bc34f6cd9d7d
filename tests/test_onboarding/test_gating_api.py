"""Gating in the content API, and grants that survive the deletion of the onboarding request.

The centre's JSON carries ``available_functions`` and ``booking_url``/``counselling_url``
computed like the finder; the stored switches are shown to editors only. A centre whose
request was deleted keeps the functions granted at access time (a copy on the centre),
never "everything granted".
"""

from plone import api
from plone.app.testing import setRoles
from plone.app.testing import SITE_OWNER_NAME
from plone.app.testing import SITE_OWNER_PASSWORD
from plone.app.testing import TEST_USER_ID
from plone.restapi.interfaces import ISerializeToJson
from Products.Five.browser import BrowserView
from sozialplattform.site.content.interfaces import ICounsellingCentre
from sozialplattform.site.onboarding.gating import ALL_GRANTED
from sozialplattform.site.onboarding.gating import function_available
from sozialplattform.site.onboarding.gating import granted_functions
from sozialplattform.site.onboarding.gating import granted_functions_by_centre
from sozialplattform.site.onboarding.gating import GRANTS_KEY
from sozialplattform.site.onboarding.gating import record_grants
from sozialplattform.site.testing import FUNCTIONAL_TESTING
from sozialplattform.site.testing import INTEGRATION_TESTING
from sozialplattform.site.testing import server_url
from test_onboarding.fixtures import centre_without_request
from test_onboarding.fixtures import configure_state
from test_onboarding.fixtures import onboard_in_berlin
from test_onboarding.fixtures import PASSWORD
from test_onboarding.fixtures import set_up_onboarding
from test_onboarding.fixtures import state_editor
from zope.annotation.interfaces import IAnnotations
from zope.component import getGlobalSiteManager
from zope.component import getMultiAdapter
from zope.interface import Interface
from zope.publisher.interfaces.browser import IDefaultBrowserLayer
import requests
import transaction
import unittest


JSON = {"Accept": "application/json"}


def install_booking_page(test: unittest.TestCase) -> None:
    """Pretend the internal booking page (view ``booking``) exists, for this test."""
    registry = getGlobalSiteManager()
    required = (ICounsellingCentre, IDefaultBrowserLayer)
    registry.registerAdapter(BrowserView, required, Interface, "booking")
    test.addCleanup(
        registry.unregisterAdapter, BrowserView, required, Interface, "booking"
    )


class OnboardedCentreMixin:
    def onboard_centre(self, functions):
        self.berlin, self.request, self.centre = onboard_in_berlin(
            self.portal, functions
        )

    def delete_request(self) -> None:
        api.content.delete(self.request, check_linkintegrity=False)


class TestGrantsWithoutTheRequest(OnboardedCentreMixin, unittest.TestCase):
    layer = INTEGRATION_TESTING

    def setUp(self):
        self.portal = self.layer["portal"]
        set_up_onboarding(self.portal)
        # The cache is keyed by the catalog's counter, which each rolled-back test
        # brings back to the same values.
        granted_functions_by_centre.cache.clear()

    def test_copy_made_when_access_is_granted(self):
        self.onboard_centre({"finder", "booking"})
        self.assertEqual(IAnnotations(self.centre)[GRANTS_KEY], ("finder", "booking"))

    def test_deleted_request_keeps_the_granted_functions(self):
        self.onboard_centre({"finder", "booking"})
        self.centre.booking_enabled = True
        self.centre.online_counselling_enabled = True
        uid = self.centre.UID()
        self.delete_request()
        self.assertEqual(granted_functions(self.centre), {"finder", "booking"})
        self.assertTrue(function_available(self.centre, "booking"))
        # Counselling was not granted: switched on and the state takes part, still off.
        self.assertFalse(function_available(self.centre, "counselling"))
        self.assertEqual(granted_functions_by_centre()[uid], {"finder", "booking"})

    def test_finder_only_grant_stays_finder_only(self):
        self.onboard_centre({"finder"})
        self.centre.booking_enabled = True
        uid = self.centre.UID()
        self.delete_request()
        self.assertNotEqual(granted_functions(self.centre), ALL_GRANTED)
        self.assertFalse(function_available(self.centre, "booking"))
        self.assertEqual(granted_functions_by_centre().get(uid), {"finder"})

    def test_linked_centre_without_a_copy_is_finder_only(self):
        self.onboard_centre({"finder", "booking"})
        self.centre.booking_enabled = True
        del IAnnotations(self.centre)[GRANTS_KEY]
        self.delete_request()
        self.assertEqual(granted_functions(self.centre), frozenset())
        self.assertFalse(function_available(self.centre, "booking"))
        self.assertTrue(function_available(self.centre, "finder"))

    def test_withdrawn_after_access_stays_withdrawn_once_purged(self):
        self.onboard_centre({"finder", "booking"})
        self.centre.booking_enabled = True
        with api.env.adopt_user(username="redaktion-berlin"):
            api.content.transition(
                self.request, transition="withdraw", comment="Kein Bedarf mehr"
            )
        self.assertEqual(IAnnotations(self.centre)[GRANTS_KEY], ())
        self.delete_request()
        self.assertFalse(function_available(self.centre, "booking"))
        self.assertEqual(granted_functions_by_centre()[self.centre.UID()], frozenset())

    def test_grants_edited_on_the_request_are_copied(self):
        from zope.event import notify
        from zope.lifecycleevent import ObjectModifiedEvent

        self.onboard_centre({"finder"})
        self.request.granted_functions = ["finder", "counselling"]
        notify(ObjectModifiedEvent(self.request))
        self.delete_request()
        self.assertEqual(granted_functions(self.centre), {"finder", "counselling"})

    def test_live_request_still_wins(self):
        """A correction of the grants on the existing request applies at once."""
        self.onboard_centre({"finder"})
        self.request.granted_functions = ["finder", "booking"]
        self.assertEqual(granted_functions(self.centre), {"finder", "booking"})
        self.assertEqual(
            granted_functions_by_centre()[self.centre.UID()], {"finder", "booking"}
        )

    def test_record_grants_orders_and_filters(self):
        self.onboard_centre({"finder"})
        self.assertEqual(
            record_grants(self.centre, ["counselling", "video", "finder"]),
            ("finder", "counselling"),
        )

    def test_centre_without_onboarding_keeps_all_functions(self):
        self.onboard_centre({"finder"})
        other = centre_without_request(self.berlin, "Vom Land angelegt")
        self.assertEqual(granted_functions(other), ALL_GRANTED)
        self.assertNotIn(other.UID(), granted_functions_by_centre())


class TestSerializer(OnboardedCentreMixin, unittest.TestCase):
    layer = INTEGRATION_TESTING

    def setUp(self):
        self.portal = self.layer["portal"]
        self.http_request = self.layer["request"]
        set_up_onboarding(self.portal)
        self.onboard_centre({"finder", "booking"})
        self.centre.booking_enabled = True
        self.centre.external_booking_url = "https://termine.example/lindenhof"
        self.centre.online_counselling_enabled = True
        self.centre.external_counselling_url = "https://beratung.example/lindenhof"

    def serialize(self) -> dict:
        return getMultiAdapter((self.centre, self.http_request), ISerializeToJson)()

    def test_available_functions(self):
        data = self.serialize()
        self.assertEqual(
            data["available_functions"],
            {"finder": True, "booking": True, "counselling": False},
        )
        self.berlin.booking_participation = False
        self.assertEqual(
            self.serialize()["available_functions"],
            {"finder": True, "booking": False, "counselling": False},
        )

    def test_urls_follow_the_finder_rule(self):
        install_booking_page(self)
        data = self.serialize()
        self.assertEqual(data["booking_url"], f"{self.centre.absolute_url()}/@@booking")
        # Not granted: the centre's own tool, as in the finder.
        self.assertEqual(data["counselling_url"], "https://beratung.example/lindenhof")
        self.berlin.booking_participation = False
        self.assertEqual(
            self.serialize()["booking_url"], "https://termine.example/lindenhof"
        )

    def test_switches_for_editors_only(self):
        self.assertTrue(self.serialize()["booking_enabled"])
        api.content.transition(self.centre, to_state="published")
        setRoles(self.portal, TEST_USER_ID, ["Member"])
        data = self.serialize()
        self.assertNotIn("booking_enabled", data)
        self.assertNotIn("online_counselling_enabled", data)
        self.assertIn("available_functions", data)


class TestAnonymousAPI(unittest.TestCase):
    """The audit's case: a published centre after its State stopped taking part."""

    layer = FUNCTIONAL_TESTING

    def setUp(self):
        self.portal = self.layer["portal"]
        setRoles(self.portal, TEST_USER_ID, ["Manager"])
        install_booking_page(self)
        self.berlin = configure_state(self.portal, "berlin", booking=True)
        state_editor("berlin", "redaktion-berlin")
        self.centre = centre_without_request(self.berlin, "Stelle", id="stelle")
        self.centre.booking_enabled = True
        api.content.transition(self.centre, to_state="published")
        transaction.commit()
        self.url = server_url(
            self.layer, "plone/++api++/beratungsstellen/berlin/stelle"
        )

    def get(self, auth=None) -> dict:
        response = requests.get(self.url, headers=JSON, auth=auth, timeout=30)
        self.assertEqual(response.status_code, 200, response.text)
        return response.json()

    def test_state_leaving_hides_booking_in_the_api(self):
        data = self.get()
        self.assertTrue(data["available_functions"]["booking"])
        self.assertTrue(data["booking_url"].endswith("/stelle/@@booking"))
        self.assertNotIn("booking_enabled", data)

        self.berlin.booking_participation = False
        transaction.commit()
        data = self.get()
        self.assertFalse(data["available_functions"]["booking"])
        self.assertIsNone(data["booking_url"])
        self.assertNotIn("booking_enabled", data)
        # The editors still see the centre's own setting, unchanged.
        for auth in (
            ("redaktion-berlin", PASSWORD),
            (SITE_OWNER_NAME, SITE_OWNER_PASSWORD),
        ):
            editor = self.get(auth)
            self.assertTrue(editor["booking_enabled"])
            self.assertFalse(editor["available_functions"]["booking"])
