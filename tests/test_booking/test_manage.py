"""The booker's services over real HTTP: ``@booking``, ``@booking-cancel``,
``@booking-reschedule`` (by the manage token) and ``@book``'s ``Idempotency-Key``."""

from datetime import timedelta
from sozialplattform.site.anonymous import throttle
from sozialplattform.site.booking import FOLDER_ID
from sozialplattform.site.testing import server_url
from test_booking.test_book import BookingHTTPTestCase
from test_booking.test_book import JSON
import requests
import transaction


class ManageHTTPTestCase(BookingHTTPTestCase):
    def site_url(self, suffix: str) -> str:
        return server_url(self.layer, f"plone/++api++/{suffix}")

    def booked(self, **values) -> tuple[dict, str]:
        response = self.book(**values)
        self.assertEqual(response.status_code, 201, response.text)
        body = response.json()
        return body, body["manage_url"].split("token=", 1)[1]

    def get(self, token):
        return requests.get(
            self.site_url("@booking"), params={"token": token}, headers=JSON, timeout=30
        )

    def post(self, name: str, **body):
        return requests.post(self.site_url(name), json=body, headers=JSON, timeout=30)

    def starts(self, day) -> list[str]:
        day = day.isoformat()
        items = self.slots(type="erstgespraech", start=day, end=day).json()["items"]
        return [item["start"] for item in items]


class TestBookingGet(ManageHTTPTestCase):
    def test_the_booking_at_the_top_level(self):
        first, token = self.booked(start=self.first_slot())
        response = self.get(token)
        self.assertEqual(response.status_code, 200, response.text)
        self.assertEqual(response.headers["Referrer-Policy"], "no-referrer")
        self.assertIn("no-store", response.headers["Cache-Control"])
        body = response.json()
        self.assertEqual(body["booking"], first["booking"])
        self.assertEqual(body["status"], "confirmed")
        self.assertEqual(body["start"], first["start"])
        self.assertEqual(body["end"], first["end"])
        self.assertEqual(body["type"], {"title": "Erstgespräch", "channel": "on_site"})
        self.assertEqual(
            body["centre"],
            {
                "title": "Beratung Lindenhof",
                "address": "Invalidenstraße 1, 10115 Berlin",
            },
        )
        for hidden in ("message", "staff_note", "email", "title", "token_hash"):
            self.assertNotIn(hidden, body)

    def test_a_bad_token_is_a_404_saying_nothing(self):
        _, token = self.booked(start=self.first_slot())
        uid, secret = token.split(".")
        for bad in (f"{uid}.{secret[:-2]}xx", "nope", f"{uid}", "", f"x.{secret}"):
            with self.subTest(token=bad):
                response = self.get(bad)
                self.assertEqual(response.status_code, 404, response.text)
                self.assertEqual(response.json()["type"], "NotFound")
                self.assertNotIn(uid, response.text)
                self.assertEqual(response.headers["Referrer-Policy"], "no-referrer")
        for name in ("@booking-cancel", "@booking-reschedule"):
            with self.subTest(name=name):
                response = self.post(name, token="nope")
                self.assertEqual(response.status_code, 404, response.text)


class TestBookingCancel(ManageHTTPTestCase):
    def test_cancel_frees_the_slot_and_stays_readable(self):
        start = self.first_slot()
        _, token = self.booked(start=start)
        self.assertNotIn(start, self.starts(self.monday))
        response = self.post("@booking-cancel", token=token, reason="Krank")
        self.assertEqual(response.status_code, 200, response.text)
        self.assertEqual(response.json()["status"], "cancelled")
        self.assertIn(start, self.starts(self.monday))
        again = self.post("@booking-cancel", token=token)
        self.assertEqual(again.status_code, 200, again.text)
        read = self.get(token)
        self.assertEqual(read.status_code, 200)
        self.assertEqual(read.json()["status"], "cancelled")
        transaction.begin()
        (booking,) = self.centre[FOLDER_ID].objectValues()
        self.assertEqual(booking.cancel_reason, "Krank")
        self.assertEqual(booking.ics_sequence, 1)
        moved = self.post("@booking-reschedule", token=token, start=start)
        self.assertEqual(moved.status_code, 409, moved.text)

    def test_bad_input_is_400_naming_the_field(self):
        _, token = self.booked(start=self.first_slot())
        for body, field in (
            ({"token": token, "reason": "x" * 2001}, "reason"),
            ({"token": token, "reason": 5}, "reason"),
            ({"token": token, "why": "x"}, "why"),
        ):
            with self.subTest(field=field):
                response = self.post("@booking-cancel", **body)
                self.assertEqual(response.status_code, 400, response.text)
                self.assertEqual(response.json()["type"], "BadRequest")
                self.assertEqual(response.json()["errors"][0]["field"], field)
        self.assertEqual(self.get(token).json()["status"], "confirmed")


class TestBookingReschedule(ManageHTTPTestCase):
    def test_move_takes_the_new_slot_and_frees_the_old(self):
        old, new, *_ = self.starts(self.monday)
        _, token = self.booked(start=old)
        response = self.post("@booking-reschedule", token=token, start=new)
        self.assertEqual(response.status_code, 200, response.text)
        body = response.json()
        self.assertEqual(body["start"][:16], new[:16])
        self.assertEqual(body["status"], "confirmed")
        starts = self.starts(self.monday)
        self.assertIn(old, starts)
        self.assertNotIn(new, starts)
        self.assertEqual(self.get(token).json()["start"][:16], new[:16])

    def test_move_into_a_full_slot_is_409(self):
        first, second, *_ = self.starts(self.monday)
        _, token = self.booked(start=first)
        self.booked(start=second, email="other@example.org")
        response = self.post("@booking-reschedule", token=token, start=second)
        self.assertEqual(response.status_code, 409, response.text)
        self.assertEqual(response.json()["error"]["type"], "Conflict")
        self.assertEqual(self.get(token).json()["start"][:16], first[:16])

    def test_a_start_that_is_no_slot_is_400(self):
        _, token = self.booked(start=self.first_slot())
        for start, field in (
            (f"{self.monday.isoformat()}T09:10:00+01:00", "start"),
            ("morgen", "start"),
        ):
            with self.subTest(start=start):
                response = self.post("@booking-reschedule", token=token, start=start)
                self.assertEqual(response.status_code, 400, response.text)
                self.assertEqual(response.json()["errors"][0]["field"], field)

    def test_parallel_moves_and_bookings_into_one_slot(self):
        from concurrent.futures import ThreadPoolExecutor

        day = self.monday + timedelta(days=1)
        target, *others = self.starts(day)
        tokens = [self.booked(start=start)[1] for start in others[:4]]

        def move(token):
            return self.post(
                "@booking-reschedule", token=token, start=target
            ).status_code

        def book(_):
            return self.book(start=target, email="x@example.org").status_code

        with ThreadPoolExecutor(max_workers=8) as pool:
            moves = [pool.submit(move, token) for token in tokens]
            books = [pool.submit(book, n) for n in range(4)]
            codes = [f.result() for f in moves + books]
        self.assertEqual(codes.count(200) + codes.count(201), 1, codes)
        self.assertEqual(codes.count(409), 7, codes)
        transaction.begin()
        at_target = [
            b
            for b in self.centre[FOLDER_ID].objectValues()
            if b.start.isoformat()[:16] == target[:16]
        ]
        self.assertEqual(len(at_target), 1)


class TestIdempotencyKey(ManageHTTPTestCase):
    def post_book(self, key, **values):
        body = {
            "type": "erstgespraech",
            "start": self.first_slot() if "start" not in values else values["start"],
            "name": "Sonnenblume",
            "email": "sonnenblume@example.org",
            "consent": True,
        }
        return requests.post(
            self.url("@book"),
            json=body,
            headers={**JSON, "Idempotency-Key": key},
            timeout=30,
        )

    def test_a_repeat_returns_the_first_answer(self):
        start = self.first_slot()
        first = self.post_book("key-1", start=start)
        self.assertEqual(first.status_code, 201, first.text)
        again = self.post_book("key-1", start=start)
        self.assertEqual(again.status_code, 201, again.text)
        self.assertEqual(again.json(), first.json())
        transaction.begin()
        self.assertEqual(len(self.centre[FOLDER_ID].objectValues()), 1)
        token = first.json()["manage_url"].split("token=")[1]
        self.assertNotIn(token.split(".")[1], repr(self.centre[FOLDER_ID].idempotency))
        # without the key the same request is the conflict it is
        self.assertEqual(self.book(start=start).status_code, 409)
        # another key is another request
        self.assertEqual(self.post_book("key-2", start=start).status_code, 409)

    def test_a_key_reused_for_another_request_is_400(self):
        starts = self.starts(self.monday)
        self.assertEqual(self.post_book("k", start=starts[0]).status_code, 201)
        response = self.post_book("k", start=starts[1])
        self.assertEqual(response.status_code, 400, response.text)
        self.assertEqual(response.json()["errors"][0]["field"], "Idempotency-Key")


class TestThrottle(ManageHTTPTestCase):
    def test_the_token_services_count_against_the_booking_limit(self):
        import os

        _, token = self.booked(start=self.first_slot())
        throttle.reset()
        os.environ["SOZIALPLATTFORM_RATE_LIMIT_BOOKING"] = "2/600"
        self.addCleanup(os.environ.pop, "SOZIALPLATTFORM_RATE_LIMIT_BOOKING")
        self.assertEqual(self.get(token).status_code, 200)
        self.assertEqual(self.post("@booking-cancel", token="nope").status_code, 404)
        response = self.post("@booking-reschedule", token=token, start="x")
        self.assertEqual(response.status_code, 429, response.text)
        self.assertIn("Retry-After", response.headers)
        self.assertEqual(self.get(token).status_code, 429)
