"""Two real instances on one PostgreSQL (RelStorage) behind HAProxy: what one instance
commits, the other sees on its next request; bookings conflict across instances."""

from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from sozialplattform.site.testing import CLUSTER_FIXTURE
from test_booking.test_book import ALL_DAY
from test_booking.test_book import next_monday
import itertools
import requests
import subprocess
import unittest
import uuid


AUTH = ("admin", "admin")
JSON = {"Accept": "application/json", "Content-Type": "application/json"}
STATE = "Plone/++api++/beratungsstellen/berlin"


class ClusterTestCase(unittest.TestCase):
    layer = CLUSTER_FIXTURE

    def setUp(self):
        self.a, self.b = self.layer["instances"]
        self.session = requests.Session()

    def tearDown(self):
        self.session.close()

    def create_centre(self, base: str, postcode: str = "10115", **values) -> str:
        """A published centre in Berlin, created through the instance ``base``; its id."""
        centre_id = f"cluster-{uuid.uuid4().hex[:10]}"
        body = {
            "@type": "CounsellingCentre",
            "id": centre_id,
            "title": f"Beratung {centre_id}",
            "postcode": postcode,
            "city": "Berlin",
            "street": "Invalidenstraße 1",
            "email": "info@example.org",
            **values,
        }
        response = self.session.post(
            f"{base}/{STATE}", json=body, headers=JSON, auth=AUTH, timeout=60
        )
        self.assertEqual(response.status_code, 201, response.text)
        published = self.session.post(
            f"{base}/{STATE}/{centre_id}/@workflow/publish",
            headers=JSON,
            auth=AUTH,
            timeout=60,
        )
        self.assertEqual(published.status_code, 200, published.text)
        return centre_id


class TestTwoInstances(ClusterTestCase):
    def test_health_check_through_the_load_balancer(self):
        response = self.session.get(f"{self.layer['balancer']}/Plone/@@ok", timeout=10)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.text, "OK")
        self.assertIn("private", response.headers["Cache-Control"])
        # both instances answer the check HAProxy sends
        for base in (self.a, self.b):
            self.assertEqual(self.session.get(f"{base}/Plone/@@ok").text, "OK")

    def test_centre_created_on_a_is_found_on_b(self):
        # B has answered the finder before: its caches are warm
        params = {"postcode": "10115", "radius": "5"}
        before = self.session.get(
            f"{self.b}/Plone/++api++/@finder", params=params, headers=JSON, timeout=60
        )
        self.assertEqual(before.status_code, 200, before.text)
        centre_id = self.create_centre(self.a)
        # the next request on B begins a transaction, which polls PostgreSQL
        found = self.session.get(
            f"{self.b}/Plone/++api++/@finder", params=params, headers=JSON, timeout=60
        )
        self.assertEqual(found.status_code, 200, found.text)
        ids = [
            item["@id"].rstrip("/").rsplit("/", 1)[-1] for item in found.json()["items"]
        ]
        self.assertIn(centre_id, ids)
        self.assertNotIn(
            centre_id,
            [i["@id"].rstrip("/").rsplit("/", 1)[-1] for i in before.json()["items"]],
        )


class TestBulkCommandWhileServing(ClusterTestCase):
    def test_make_import_next_to_running_instances(self):
        cluster = self.layer["cluster"]
        external_id = f"cluster-import-{uuid.uuid4().hex[:8]}"
        csv = cluster.var / f"{external_id}.csv"
        csv.write_text(
            "external_id;title;postcode;city\n"
            f"{external_id};Beratung {external_id};80331;München\n",
            encoding="utf-8",
        )
        result = subprocess.run(
            ["make", "import", f"FILE={csv}", "PUBLISH=1", "PROFILE=relstorage"],
            cwd=cluster.root,
            env=cluster.environment(cluster.members[0]),
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        self.assertEqual(result.returncode, 0, result.stdout[-2000:] + result.stderr)
        found = self.session.get(
            f"{self.b}/Plone/++api++/@finder",
            params={"postcode": "80331", "radius": "5"},
            headers=JSON,
            timeout=60,
        )
        self.assertEqual(found.status_code, 200, found.text)
        titles = [item["title"] for item in found.json()["items"]]
        self.assertIn(f"Beratung {external_id}", titles)


class BookingClusterTestCase(ClusterTestCase):
    """A published centre in Berlin that takes bookings, and helpers to book there."""

    def setUp(self):
        super().setUp()
        # Berlin takes part in booking: set on B, checked by A when the centre is added
        state = self.session.patch(
            f"{self.b}/{STATE}",
            json={"booking_participation": True},
            headers=JSON,
            auth=AUTH,
            timeout=60,
        )
        self.assertEqual(state.status_code, 204, state.text)
        self.centre_id = self.create_centre(self.a, booking_enabled=True)
        self.centre = f"Plone/beratungsstellen/berlin/{self.centre_id}/++api++"

    def create_type(self, base: str, capacity: int = 1) -> str:
        type_id = f"typ-{uuid.uuid4().hex[:8]}"
        response = self.session.post(
            f"{base}/{STATE}/{self.centre_id}",
            json={
                "@type": "AppointmentType",
                "id": type_id,
                "title": "Erstgespräch",
                "duration": 50,
                "slot_interval": 60,
                "min_notice_hours": 0,
                "max_advance_days": 60,
                "capacity": capacity,
                "availability": ALL_DAY,
                "closed_on_holidays": False,
            },
            headers=JSON,
            auth=AUTH,
            timeout=60,
        )
        self.assertEqual(response.status_code, 201, response.text)
        return type_id

    def slots(self, base: str, type_id: str, day: str) -> list[dict]:
        response = self.session.get(
            f"{base}/{self.centre}/@slots",
            params={"type": type_id, "start": day, "end": day},
            headers=JSON,
            timeout=60,
        )
        self.assertEqual(response.status_code, 200, response.text)
        return response.json()["items"]

    def available(self, base: str, type_id: str, day: str, start: str) -> int:
        """Places left at ``start`` as ``base`` lists them (0 when it is not listed)."""
        by_start = {item["start"]: item for item in self.slots(base, type_id, day)}
        return by_start.get(start, {"available": 0})["available"]

    def book(
        self, base: str, type_id: str, start: str, n: int = 0
    ) -> requests.Response:
        return requests.post(
            f"{base}/{self.centre}/@book",
            json={
                "type": type_id,
                "start": start,
                "name": f"Sonnenblume {n}",
                "email": f"sonnenblume{n}@example.org",
                "consent": True,
            },
            headers=JSON,
            timeout=120,
        )


class TestBookingAcrossInstances(BookingClusterTestCase):
    def test_booking_on_a_blocks_the_slot_on_b(self):
        type_id = self.create_type(self.a)
        day = next_monday().isoformat()
        first = self.slots(self.b, type_id, day)[0]
        self.assertEqual(first["available"], 1)
        booked = self.book(self.a, type_id, first["start"])
        self.assertEqual(booked.status_code, 201, booked.text)
        # B no longer offers the slot (a full slot is left out of @slots)
        self.assertEqual(self.available(self.b, type_id, day, first["start"]), 0)
        again = self.book(self.b, type_id, first["start"], n=1)
        self.assertEqual(again.status_code, 409, again.text)

    def test_fifty_parallel_clients_on_both_instances_on_one_slot(self):
        capacity = 3
        type_id = self.create_type(self.b, capacity=capacity)
        day = (next_monday() + timedelta(days=1)).isoformat()
        start = self.slots(self.a, type_id, day)[0]["start"]
        bases = itertools.cycle((self.a, self.b))
        jobs = [(next(bases), n) for n in range(50)]
        with ThreadPoolExecutor(max_workers=50) as pool:
            responses = list(
                pool.map(lambda job: self.book(job[0], type_id, start, job[1]), jobs)
            )
        codes = [response.status_code for response in responses]
        server_errors = [r.text[:300] for r in responses if r.status_code >= 500]
        self.assertEqual(server_errors, [])
        self.assertEqual(codes.count(201), capacity, codes)
        self.assertEqual(codes.count(409), 50 - capacity, codes)
        winners = {
            base for (base, _n), code in zip(jobs, codes, strict=True) if code == 201
        }
        self.assertTrue(winners)
        for base in (self.a, self.b):
            self.assertEqual(self.available(base, type_id, day, start), 0)
