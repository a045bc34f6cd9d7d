"""The staff's steps through plone.restapi (headless clients): ``@search`` lists the
centre's bookings to its staff only, ``@workflow`` confirms and cancels (the booker's
mail and the freed slot follow), a content PATCH stores the internal note."""

from plone import api
from sozialplattform.site.booking import COUNSELLOR_ROLE
from sozialplattform.site.booking import FOLDER_ID
from sozialplattform.site.testing import server_url
from test_booking.test_book import BookingHTTPTestCase
from test_booking.test_book import JSON
from test_permissions.fixtures import PASSWORD
import requests
import transaction


class TestStaffOverREST(BookingHTTPTestCase):
    def setUp(self):
        super().setUp()
        self.type.requires_confirmation = True
        for username in ("beraterin", "landesredaktion"):
            api.user.create(
                email=f"{username}@example.org", username=username, password=PASSWORD
            )
        api.user.grant_roles(
            username="beraterin", roles=[COUNSELLOR_ROLE], obj=self.centre
        )
        api.user.grant_roles(
            username="landesredaktion",
            roles=["StateEditor"],
            obj=self.portal["beratungsstellen"]["berlin"],
        )
        transaction.commit()

    def api(self, method, path, user, **kwargs):
        return requests.request(
            method,
            server_url(self.layer, f"plone/++api++/{path}"),
            auth=(user, PASSWORD),
            headers=JSON,
            timeout=30,
            **kwargs,
        )

    def booking_path(self, body) -> str:
        transaction.begin()
        booking = api.content.get(UID=body["booking"])
        return "/".join(booking.getPhysicalPath()[2:])

    def test_search_lists_bookings_to_the_staff_only(self):
        self.assertEqual(self.book().status_code, 201)
        query = {"portal_type": "Booking", "fullobjects": "0"}
        staff = self.api("GET", "@search", "beraterin", params=query)
        self.assertEqual(staff.status_code, 200)
        self.assertEqual(staff.json()["items_total"], 1)
        state = self.api("GET", "@search", "landesredaktion", params=query)
        self.assertEqual(state.json()["items_total"], 0)

    def test_workflow_confirm_and_cancel(self):
        body = self.book().json()
        self.assertEqual(body["status"], "requested")
        path = self.booking_path(body)
        confirmed = self.api("POST", f"{path}/@workflow/confirm", "beraterin", json={})
        self.assertEqual(confirmed.status_code, 200, confirmed.text)
        self.assertEqual(confirmed.json()["review_state"], "confirmed")
        refused = self.api(
            "POST", f"{path}/@workflow/cancel", "landesredaktion", json={}
        )
        self.assertIn(refused.status_code, (401, 403, 404), refused.text)
        cancelled = self.api("POST", f"{path}/@workflow/cancel", "beraterin", json={})
        self.assertEqual(cancelled.status_code, 200, cancelled.text)
        transaction.begin()
        (booking,) = self.centre[FOLDER_ID].objectValues()
        self.assertEqual(api.content.get_state(booking), "cancelled")
        # the slot is free again: the same start can be booked
        self.assertEqual(self.book(start=body["start"]).status_code, 201)

    def test_patch_stores_the_internal_note(self):
        body = self.book().json()
        path = self.booking_path(body)
        response = self.api(
            "PATCH", path, "beraterin", json={"staff_note": "Rückruf vereinbart"}
        )
        self.assertEqual(response.status_code, 204, response.text)
        transaction.begin()
        self.assertEqual(
            api.content.get(UID=body["booking"]).staff_note, "Rückruf vereinbart"
        )
        refused = self.api("PATCH", path, "landesredaktion", json={"staff_note": "x"})
        self.assertIn(refused.status_code, (401, 403, 404), refused.text)
