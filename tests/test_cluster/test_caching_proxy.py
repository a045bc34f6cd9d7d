"""HTTP caching across instances: Varnish (cluster/varnish.vcl) in front of HAProxy and two
instances. Anonymous finder answers are shared and revalidated; nothing personal and
nothing authenticated is ever stored (the second request is not a hit)."""

from datetime import timedelta
from sozialplattform.site.testing import CLUSTER_FIXTURE
from test_booking.test_book import next_monday
from test_cluster.test_two_instances import AUTH
from test_cluster.test_two_instances import BookingClusterTestCase
from test_cluster.test_two_instances import ClusterTestCase
from test_pages.test_headers import directives
import re
import requests
import uuid


class ProxyTestCase(ClusterTestCase):
    layer = CLUSTER_FIXTURE

    def setUp(self):
        super().setUp()
        self.proxy = self.layer["proxy"]

    def get(self, path: str, **kwargs) -> requests.Response:
        kwargs.setdefault("timeout", 60)
        response = requests.get(f"{self.proxy}/{path.lstrip('/')}", **kwargs)
        self.assertIn(
            response.status_code, (200, 304), f"{path}: {response.text[:300]}"
        )
        return response

    def assertNotStored(self, path: str, private: bool = True, **kwargs):
        """Two requests in a row: both answered by an instance, not by the cache."""
        for _n in range(2):
            response = self.get(path, **kwargs)
            self.assertEqual(response.headers["X-Cache"], "MISS", path)
            if private:
                self.assertIn("private", directives(response), path)
        return response


class TestAnonymousFinderThroughTheProxy(ProxyTestCase):
    def finder_path(self) -> str:
        # a query of its own: the first request is a miss whatever ran before
        return f"Plone/++api++/@finder?postcode=10115&radius=25&q=&x={uuid.uuid4().hex}"

    def test_finder_json_shared_short_lived_and_revalidated(self):
        path = self.finder_path()
        headers = {"Accept": "application/json"}
        first = self.get(path, headers=headers)
        self.assertEqual(first.status_code, 200)
        self.assertEqual(first.headers["X-Cache"], "MISS")
        cache_control = directives(first)
        self.assertEqual(cache_control.get("max-age"), "0")
        self.assertEqual(cache_control.get("s-maxage"), "60")
        self.assertNotIn("private", cache_control)
        self.assertIn("Accept", first.headers["Vary"])
        self.assertTrue(first.headers["ETag"])
        self.assertTrue(first.headers["Last-Modified"])
        self.assertEqual(first.headers["Content-Encoding"], "gzip")
        # the second visitor gets the proxy's copy
        second = self.get(path, headers=headers)
        self.assertEqual(second.headers["X-Cache"], "HIT")
        self.assertEqual(second.json(), first.json())
        # a browser revalidates (max-age=0): 304 by ETag and by date
        by_etag = self.get(
            path, headers={**headers, "If-None-Match": first.headers["ETag"]}
        )
        self.assertEqual(by_etag.status_code, 304)
        self.assertEqual(by_etag.content, b"")
        by_date = self.get(
            path,
            headers={**headers, "If-Modified-Since": first.headers["Last-Modified"]},
        )
        self.assertEqual(by_date.status_code, 304)
        # HTML and JSON are separate copies of the same URL
        html = self.get(path, headers={"Accept": "text/html"})
        self.assertEqual(html.headers["X-Cache"], "MISS")

    def test_instances_answer_304_themselves(self):
        # behind the proxy's TTL (and without a proxy) each instance revalidates alike
        path = self.finder_path()
        headers = {"Accept": "application/json"}
        a, b = self.layer["instances"]
        first = requests.get(f"{a}/{path}", headers=headers, timeout=60)
        self.assertEqual(first.status_code, 200)
        for base in (a, b):
            again = requests.get(
                f"{base}/{path}",
                headers={**headers, "If-None-Match": first.headers["ETag"]},
                timeout=60,
            )
            self.assertEqual(again.status_code, 304, base)

    def test_finder_page_shared(self):
        path = f"Plone/@@finder?postcode=10115&radius=25&x={uuid.uuid4().hex}"
        first = self.get(path)
        self.assertEqual(first.headers["X-Cache"], "MISS")
        self.assertEqual(directives(first).get("s-maxage"), "60")
        self.assertTrue(first.headers["Last-Modified"])
        self.assertEqual(self.get(path).headers["X-Cache"], "HIT")

    def test_purge_drops_every_query_of_a_path(self):
        path = self.finder_path()
        headers = {"Accept": "application/json"}
        self.get(path, headers=headers)
        self.assertEqual(self.get(path, headers=headers).headers["X-Cache"], "HIT")
        purged = requests.request(
            "PURGE", f"{self.proxy}/Plone/++api++/@finder", timeout=30
        )
        self.assertEqual(purged.status_code, 200)
        self.assertEqual(self.get(path, headers=headers).headers["X-Cache"], "MISS")

    def test_versioned_resources_long_lived(self):
        html = self.get("Plone").text
        match = re.search(r'"(http[^"]+\+\+webresource\+\+[^"]+\.js)"', html)
        self.assertIsNotNone(match)
        path = re.sub(r"^https?://[^/]+/", "", match.group(1))
        first = self.get(path)
        self.assertEqual(directives(first).get("max-age"), "31536000")
        self.assertEqual(self.get(path).headers["X-Cache"], "HIT")


class TestAuthenticatedNeverStored(ProxyTestCase):
    def test_basic_auth(self):
        path = "Plone/++api++/@finder?postcode=10115&radius=25"
        # the anonymous copy is in the cache ...
        self.get(path, headers={"Accept": "application/json"})
        anonymous = self.get(path, headers={"Accept": "application/json"})
        self.assertEqual(anonymous.headers["X-Cache"], "HIT")
        # ... an editor never gets it, and their answer is never stored
        self.assertNotStored(path, headers={"Accept": "application/json"}, auth=AUTH)
        self.assertNotStored("Plone", auth=AUTH)

    def test_login_cookie(self):
        login = requests.post(
            f"{self.proxy}/Plone/++api++/@login",
            json={"login": AUTH[0], "password": AUTH[1]},
            headers={"Accept": "application/json"},
            timeout=60,
        )
        self.assertEqual(login.status_code, 200, login.text)
        token = login.json()["token"]
        self.assertNotStored(
            "Plone/@@finder?postcode=10115",
            headers={"Authorization": f"Bearer {token}"},
        )
        # Plone's login cookie: passed by the proxy whatever it holds
        self.assertNotStored(
            "Plone/@@finder?postcode=10115", private=False, cookies={"__ac": "x"}
        )
        self.assertNotStored(
            "Plone/++api++/@finder?postcode=10115",
            headers={"Accept": "application/json", "Authorization": f"Bearer {token}"},
        )


class TestPersonalNeverStored(BookingClusterTestCase, ProxyTestCase):
    def test_manage_page_slots_and_booking_service(self):
        type_id = self.create_type(self.a)
        day = (next_monday() + timedelta(days=2)).isoformat()
        start = self.slots(self.a, type_id, day)[0]["start"]
        # booked through the proxy (POST is passed to the instances)
        booked = self.book(self.proxy, type_id, start)
        self.assertEqual(booked.status_code, 201, booked.text)
        body = booked.json()
        manage = re.sub(r"^https?://[^/]+/", "", body["manage_url"])
        token = manage.split("token=", 1)[1]
        page = self.assertNotStored(manage)
        self.assertIn("no-store", directives(page))
        self.assertNotStored(f"Plone/++api++/@booking?token={token}")
        self.assertNotStored(re.sub(r"^https?://[^/]+/", "", body["ics_url"]))
        self.assertNotStored(
            f"{self.centre}/@slots?type={type_id}&start={day}&end={day}",
            headers={"Accept": "application/json"},
        )
        self.assertNotStored(
            f"Plone/beratungsstellen/berlin/{self.centre_id}/@@booking"
        )
        self.assertNotStored("Plone/@@anbindung")
