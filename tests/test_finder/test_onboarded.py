"""A centre whose grants came through the onboarding, in @finder and in its own JSON.

The finder reads the grants from the catalog column ``granted_functions``; the centre's
JSON from the centre. Both must show what ``grant_access`` granted (and later edits and
the withdrawal of the request), not "everything", which a centre without onboarding has.
"""

from plone import api
from Products.Five.browser import BrowserView
from sozialplattform.site.content.interfaces import ICounsellingCentre
from sozialplattform.site.functions import BOOKING
from sozialplattform.site.functions import COUNSELLING
from test_onboarding.fixtures import onboard
from test_onboarding.test_journey import EDITOR
from test_onboarding.test_journey import JSON
from test_onboarding.test_journey import OnboardingHTTPTestCase
from zope.component import getGlobalSiteManager
from zope.interface import Interface
from zope.publisher.interfaces.browser import IDefaultBrowserLayer
import requests
import transaction


BOOKING_TOOL = "https://termine.lindenhof.example/buchen"
COUNSELLING_TOOL = "https://beratung.lindenhof.example"


class TestOnboardedCentre(OnboardingHTTPTestCase):
    def setUp(self):
        super().setUp()
        registry = getGlobalSiteManager()
        required = (ICounsellingCentre, IDefaultBrowserLayer)
        for function in (BOOKING, COUNSELLING):  # both pages installed
            registry.registerAdapter(BrowserView, required, Interface, function.view)
            self.addCleanup(
                registry.unregisterAdapter,
                BrowserView,
                required,
                Interface,
                function.view,
            )
        # Berlin takes part in booking only when access is granted: the onboarding
        # grants finder and booking; counselling comes later for the State.
        self.request = onboard(
            self.site, functions={"finder", "booking", "counselling"}
        )
        self.berlin.counselling_participation = True
        self.centre = api.content.get(UID=self.request.centre_uid)
        for centre in (self.centre, self.other_centre):
            centre.booking_enabled = True
            centre.online_counselling_enabled = True
            centre.external_booking_url = BOOKING_TOOL
            centre.external_counselling_url = COUNSELLING_TOOL
            api.content.transition(centre, to_state="published")
            centre.reindexObject()
        transaction.commit()

    def finder_items(self) -> dict:
        response = requests.get(
            self.url("++api++/@finder"),
            params={"postcode": "10115", "radius": "5"},
            headers=JSON,
            timeout=30,
        )
        self.assertEqual(response.status_code, 200, response.text)
        return {item["UID"]: item for item in response.json()["items"]}

    def centre_json(self) -> dict:
        response = requests.get(self.api_url(self.centre), headers=JSON, timeout=30)
        self.assertEqual(response.status_code, 200, response.text)
        return response.json()

    def assert_links(self, booking: str, counselling: str) -> None:
        """``booking``/``counselling``: "page" (ours) or "tool" (the centre's own)."""
        url = self.centre.absolute_url()
        expected = {
            "booking_url": {"page": f"{url}/@@booking", "tool": BOOKING_TOOL}[booking],
            "counselling_url": {
                "page": f"{url}/@@online-counselling",
                "tool": COUNSELLING_TOOL,
            }[counselling],
        }
        item = self.finder_items()[self.centre.UID()]
        data = self.centre_json()
        for key, value in expected.items():
            self.assertEqual(item[key], value, f"@finder {key}")
            self.assertEqual(data[key], value, f"centre JSON {key}")
        self.assertEqual(
            data["available_functions"],
            {
                "finder": True,
                "booking": booking == "page",
                "counselling": counselling == "page",
            },
        )

    def test_the_onboarding_grants_count_not_everything(self):
        self.assert_links(booking="page", counselling="tool")
        # The centre the State created itself was granted everything.
        other = self.finder_items()[self.other_centre.UID()]
        self.assertTrue(other["counselling_url"].endswith("/@@online-counselling"))

    def test_edited_and_withdrawn_grants_reach_the_finder(self):
        response = requests.patch(
            self.api_url(self.request),
            json={"granted_functions": ["finder", "booking", "counselling"]},
            auth=EDITOR,
            headers=JSON,
            timeout=30,
        )
        self.assertEqual(response.status_code, 204, response.text)
        self.assert_links(booking="page", counselling="page")

        response = self.transition(self.request, "withdraw", comment="Kein Bedarf")
        self.assertEqual(response.status_code, 200, response.text)
        self.assert_links(booking="tool", counselling="tool")
