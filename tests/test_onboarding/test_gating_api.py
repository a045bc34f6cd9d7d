"""Gating in the content API, and grants that survive the deletion of the onboarding request.

The centre's JSON carries ``available_functions`` and ``booking_url``/``counselling_url``
computed like the finder; the stored switches are shown to editors only. A centre whose
request was deleted keeps the functions granted (stored on the centre when they were
granted or edited), never "everything granted".
"""

from plone import api
from plone.app.testing import setRoles
from plone.app.testing import SITE_OWNER_NAME
from plone.app.testing import SITE_OWNER_PASSWORD
from plone.app.testing import TEST_USER_ID
from plone.restapi.interfaces import ISerializeToJson
from Products.Five.browser import BrowserView
from sozialplattform.site.content.interfaces import ICounsellingCentre
from sozialplattform.site.functions.gating import available
from sozialplattform.site.functions.gating import grants
from sozialplattform.site.functions.gating import GRANTS_KEY
from sozialplattform.site.functions.gating import set_grants
from sozialplattform.site.onboarding.grants import OLD_REQUEST_KEY
from sozialplattform.site.onboarding.grants import store_grants_on_centres
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
from zope.event import notify
from zope.interface import Interface
from zope.lifecycleevent import ObjectModifiedEvent
from zope.publisher.interfaces.browser import IDefaultBrowserLayer
import requests
import transaction
import unittest


JSON = {"Accept": "application/json"}


def install_booking_page(test: unittest.TestCase) -> None:
    """The booking page (view ``booking``) for requests without the add-on's layer
    (the serializer tests' own requests), for this test."""
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

    def column(self, centre=None):
        """The centre's ``granted_functions`` catalog column, as the finder reads it."""
        catalog = api.portal.get_tool("portal_catalog")
        uid = (centre or self.centre).UID()
        return catalog.unrestrictedSearchResults(UID=uid)[0].granted_functions


class TestGrantsWithoutTheRequest(OnboardedCentreMixin, unittest.TestCase):
    layer = INTEGRATION_TESTING

    def setUp(self):
        self.portal = self.layer["portal"]
        set_up_onboarding(self.portal)

    def test_stored_on_the_centre_when_access_is_granted(self):
        self.onboard_centre({"finder", "booking"})
        self.assertEqual(IAnnotations(self.centre)[GRANTS_KEY], ("finder", "booking"))
        self.assertEqual(self.column(), ("finder", "booking"))
        self.assertNotIn(OLD_REQUEST_KEY, IAnnotations(self.centre))

    def test_deleted_request_keeps_the_granted_functions(self):
        self.onboard_centre({"finder", "booking"})
        self.centre.booking_enabled = True
        self.centre.online_counselling_enabled = True
        self.delete_request()
        self.assertEqual(grants(self.centre), {"finder", "booking"})
        # Counselling was not granted: switched on and the state takes part, still off.
        self.assertEqual(
            available(self.centre),
            {"finder": True, "booking": True, "counselling": False},
        )
        self.assertEqual(self.column(), ("finder", "booking"))

    def test_finder_only_grant_stays_finder_only(self):
        self.onboard_centre({"finder"})
        self.centre.booking_enabled = True
        self.delete_request()
        self.assertEqual(grants(self.centre), {"finder"})
        self.assertFalse(available(self.centre)["booking"])
        self.assertEqual(self.column(), ("finder",))

    def test_withdrawn_after_access_stays_withdrawn_once_purged(self):
        self.onboard_centre({"finder", "booking"})
        self.centre.booking_enabled = True
        with api.env.adopt_user(username="redaktion-berlin"):
            api.content.transition(
                self.request, transition="withdraw", comment="Kein Bedarf mehr"
            )
        self.assertEqual(IAnnotations(self.centre)[GRANTS_KEY], ())
        self.assertEqual(self.column(), ())
        self.delete_request()
        self.assertFalse(available(self.centre)["booking"])
        self.assertTrue(available(self.centre)["finder"])

    def test_grants_edited_on_the_request_are_written_through(self):
        self.onboard_centre({"finder"})
        self.request.granted_functions = ["finder", "counselling"]
        notify(ObjectModifiedEvent(self.request))
        self.assertEqual(self.column(), ("finder", "counselling"))
        self.delete_request()
        self.assertEqual(grants(self.centre), {"finder", "counselling"})

    def test_set_grants_orders_and_filters(self):
        self.onboard_centre({"finder"})
        self.assertEqual(
            set_grants(self.centre, ["counselling", "video", "finder"]),
            ("finder", "counselling"),
        )

    def test_centre_without_onboarding_keeps_all_functions(self):
        self.onboard_centre({"finder"})
        other = centre_without_request(self.berlin, "Vom Land angelegt")
        self.assertEqual(grants(other), {"finder", "booking", "counselling"})
        self.assertIsNone(self.column(other))


class TestUpgrade(OnboardedCentreMixin, unittest.TestCase):
    """``store_grants_on_centres`` on a site as it was before: request won, link back."""

    layer = INTEGRATION_TESTING

    def setUp(self):
        self.portal = self.layer["portal"]
        set_up_onboarding(self.portal)
        self.onboard_centre({"finder"})

    def set_back(self, centre, request, copy):
        annotations = IAnnotations(centre)
        annotations[OLD_REQUEST_KEY] = request.UID()
        if copy is None:
            annotations.pop(GRANTS_KEY, None)
        else:
            annotations[GRANTS_KEY] = copy
        centre.reindexObject()

    def test_live_request_grants_are_stored_on_the_centre(self):
        # The request was corrected; the old code read it live, the copy lagged behind.
        self.request.granted_functions = ["finder", "booking"]
        self.set_back(self.centre, self.request, copy=("finder",))
        never = centre_without_request(self.berlin, "Vom Land angelegt")
        changed = store_grants_on_centres()
        self.assertEqual(changed, ["/".join(self.centre.getPhysicalPath())])
        self.assertEqual(grants(self.centre), {"finder", "booking"})
        self.assertEqual(self.column(), ("finder", "booking"))
        self.assertNotIn(OLD_REQUEST_KEY, IAnnotations(self.centre))
        self.assertIsNone(self.column(never), "never onboarded: nothing stored")
        self.assertEqual(store_grants_on_centres(), [], "a second run changes nothing")

    def test_linked_centre_without_a_copy_becomes_finder_only(self):
        self.set_back(self.centre, self.request, copy=None)
        self.delete_request()
        self.assertEqual(grants(self.centre), {"finder", "booking", "counselling"})
        store_grants_on_centres()
        self.assertEqual(grants(self.centre), frozenset())
        self.assertEqual(self.column(), ())
        self.assertTrue(available(self.centre)["finder"])


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
