"""``@slots`` and ``@book`` over real HTTP: the slot rules, the field errors, the gate, and
thirty parallel visitors on one slot (exactly ``capacity`` 201s, the rest 409, no 500)."""

from concurrent.futures import ThreadPoolExecutor
from datetime import date
from datetime import datetime
from datetime import timedelta
from plone import api
from plone.app.testing import setRoles
from plone.app.testing import TEST_USER_ID
from sozialplattform.site.anonymous import throttle
from sozialplattform.site.booking import FOLDER_ID
from sozialplattform.site.booking import TYPE_TYPE
from sozialplattform.site.booking.booker import by_token
from sozialplattform.site.testing import FUNCTIONAL_TESTING
from sozialplattform.site.testing import server_url
from zoneinfo import ZoneInfo
import requests
import transaction
import unittest


BERLIN = ZoneInfo("Europe/Berlin")
JSON = {"Accept": "application/json", "Content-Type": "application/json"}
ALL_DAY = [
    {"day": day, "start": "08:00", "end": "18:00"}
    for day in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
]


def next_monday() -> date:
    today = datetime.now(BERLIN).date()
    return today + timedelta(days=7 - today.weekday())


class BookingHTTPTestCase(unittest.TestCase):
    layer = FUNCTIONAL_TESTING

    def setUp(self):
        self.portal = self.layer["portal"]
        setRoles(self.portal, TEST_USER_ID, ["Manager"])
        throttle.reset()
        berlin = self.portal["beratungsstellen"]["berlin"]
        berlin.booking_participation = True
        self.centre = api.content.create(
            container=berlin,
            type="CounsellingCentre",
            id="lindenhof",
            title="Beratung Lindenhof",
            postcode="10115",
            city="Berlin",
            street="Invalidenstraße 1",
            booking_enabled=True,
        )
        api.content.transition(self.centre, transition="publish")
        self.type = api.content.create(
            container=self.centre,
            type=TYPE_TYPE,
            id="erstgespraech",
            title="Erstgespräch",
            duration=50,
            slot_interval=60,
            min_notice_hours=0,
            max_advance_days=60,
            availability=ALL_DAY,
            closed_on_holidays=False,
        )
        transaction.commit()
        self.monday = next_monday()

    def url(self, suffix: str) -> str:
        return server_url(
            self.layer, f"plone/beratungsstellen/berlin/lindenhof/++api++/{suffix}"
        )

    def slots(self, **params):
        return requests.get(self.url("@slots"), params=params, headers=JSON, timeout=30)

    def book(self, **values):
        body = {
            "type": "erstgespraech",
            "start": f"{self.monday.isoformat()}T09:00:00+01:00",
            "name": "Sonnenblume",
            "email": "sonnenblume@example.org",
            "consent": True,
            **values,
        }
        body = {key: value for key, value in body.items() if value is not None}
        return requests.post(self.url("@book"), json=body, headers=JSON, timeout=60)

    def first_slot(self) -> str:
        day = self.monday.isoformat()
        items = self.slots(type="erstgespraech", start=day, end=day).json()["items"]
        return items[0]["start"]


class TestSlots(BookingHTTPTestCase):
    def test_a_days_slots(self):
        day = self.monday.isoformat()
        response = self.slots(type="erstgespraech", start=day, end=day)
        self.assertEqual(response.status_code, 200, response.text)
        body = response.json()
        self.assertEqual(body["timezone"], "Europe/Berlin")
        starts = [item["start"][11:16] for item in body["items"]]
        self.assertEqual(starts, [f"{hour:02d}:00" for hour in range(8, 18)])
        self.assertEqual(body["items"][0]["available"], 1)
        self.assertEqual(body["items"][0]["end"][11:16], "08:50")

    def test_every_type_with_its_next_free_slot(self):
        response = self.slots()
        self.assertEqual(response.status_code, 200, response.text)
        (item,) = response.json()["items"]
        self.assertEqual(item["type"], "erstgespraech")
        self.assertEqual(item["UID"], self.type.UID())
        self.assertIsNotNone(item["next_free_slot"])

    def test_bad_parameters_are_400_naming_them(self):
        for params, field in (
            ({"type": "nope"}, "type"),
            ({"type": "erstgespraech", "start": "12.01.2027"}, "start"),
            (
                {"type": "erstgespraech", "start": "2027-01-01", "end": "2027-04-01"},
                "end",
            ),
        ):
            with self.subTest(params=params):
                response = self.slots(**params)
                self.assertEqual(response.status_code, 400, response.text)
                self.assertEqual(response.json()["errors"][0]["field"], field)

    def test_no_slots_where_booking_is_not_available(self):
        self.centre.booking_enabled = False
        transaction.commit()
        self.assertEqual(self.slots().status_code, 403)
        self.assertEqual(self.book().status_code, 403)


class TestBook(BookingHTTPTestCase):
    def test_booking_takes_the_slot(self):
        start = self.first_slot()
        response = self.book(start=start)
        self.assertEqual(response.status_code, 201, response.text)
        body = response.json()
        self.assertEqual(body["status"], "confirmed")
        self.assertEqual(body["start"][:16], start[:16])
        self.assertTrue(body["manage_url"].startswith("http"))
        token = body["manage_url"].split("token=", 1)[1]
        transaction.begin()
        booking = by_token(token)
        self.assertEqual(booking.UID(), body["booking"])
        self.assertIsNone(by_token(token[:-2] + "xx"))
        self.assertNotIn(token.split(".")[1], repr(booking.__dict__))
        self.assertEqual(booking.aq_parent.getId(), FOLDER_ID)
        self.assertNotEqual(self.first_slot(), start)
        again = self.book(start=start)
        self.assertEqual(again.status_code, 409, again.text)
        self.assertEqual(again.json()["error"]["type"], "Conflict")

    def test_request_when_the_type_asks_for_confirmation(self):
        self.type.requires_confirmation = True
        transaction.commit()
        response = self.book(start=self.first_slot())
        self.assertEqual(response.status_code, 201, response.text)
        self.assertEqual(response.json()["status"], "requested")

    def test_every_problem_at_once(self):
        response = self.book(
            type="nope", start="morgen", name=None, email="x", consent=False, extra=1
        )
        self.assertEqual(response.status_code, 400, response.text)
        fields = sorted(e["field"] for e in response.json()["errors"])
        self.assertEqual(fields, ["consent", "email", "extra", "name", "start", "type"])

    def test_contact_required_unless_the_type_allows_anonymous(self):
        response = self.book(start=self.first_slot(), email=None)
        self.assertEqual(response.status_code, 400, response.text)
        self.assertEqual(response.json()["errors"][0]["field"], "email")
        self.type.allow_anonymous = True
        transaction.commit()
        self.assertEqual(
            self.book(start=self.first_slot(), email=None).status_code, 201
        )

    def test_a_start_off_the_grid_is_400(self):
        response = self.book(start=f"{self.monday.isoformat()}T09:10:00+01:00")
        self.assertEqual(response.status_code, 400, response.text)
        self.assertEqual(response.json()["errors"][0]["field"], "start")

    def test_thirty_parallel_visitors_on_one_slot(self):
        for capacity in (1, 3):
            with self.subTest(capacity=capacity):
                self.type.capacity = capacity
                transaction.commit()
                throttle.reset()
                day = (self.monday + timedelta(days=capacity)).isoformat()
                (first, *_) = self.slots(
                    type="erstgespraech", start=day, end=day
                ).json()["items"]
                start = first["start"]
                self.assertEqual(first["available"], capacity)
                with ThreadPoolExecutor(max_workers=30) as pool:
                    codes = list(
                        pool.map(
                            lambda _, start=start: self.book(start=start).status_code,
                            range(30),
                        )
                    )
                self.assertEqual(codes.count(201), capacity, codes)
                self.assertEqual(codes.count(409), 30 - capacity, codes)
                transaction.begin()
                folder = self.centre[FOLDER_ID]
                at_start = [
                    b
                    for b in folder.objectValues()
                    if b.start.isoformat()[:16] == start[:16]
                ]
                self.assertEqual(len(at_start), capacity)
