"""The finder page for people: server-rendered, works without JavaScript."""

from sozialplattform.site.testing import server_url
from test_finder.fixtures import NOTHING_NEARBY
from test_finder.test_service import FinderTestCase
import json
import re
import requests


class PageTestCase(FinderTestCase):
    def page(self, path="plone/@@finder", params=None, status=200, **kwargs):
        response = requests.get(
            server_url(self.layer, path), params=params or {}, timeout=30, **kwargs
        )
        self.assertEqual(response.status_code, status, response.text[-2000:])
        return response


class TestFinderPage(PageTestCase):
    def test_front_page_carries_search_form(self):
        html = self.page("plone").text
        self.assertIn('action="http://localhost', html)
        self.assertIn('/@@finder"', html)
        self.assertIn('name="where"', html)
        self.assertIn('name="radius"', html)
        self.assertIn('name="topic"', html)

    def test_where_redirects_to_canonical_url(self):
        response = self.page(
            params={"where": "10115", "radius": "25"}, allow_redirects=False, status=302
        )
        self.assertIn("@@finder?postcode=10115&radius=25", response.headers["Location"])
        response = self.page(
            params={"where": "München"}, allow_redirects=False, status=302
        )
        self.assertIn("place=M%C3%BCnchen", response.headers["Location"])

    def test_results_with_distance(self):
        html = self.page(params={"postcode": "10115", "radius": "25"}).text
        self.assertIn("Schuldnerberatung Mitte", html)
        self.assertIn("Müttergenesung Neukölln", html)
        self.assertNotIn("Suchtberatung Potsdam", html)
        self.assertRegex(html, r"\d+,\d km")
        self.assertLess(
            html.index("Schuldnerberatung Mitte"), html.index("Müttergenesung Neukölln")
        )

    def test_filter_checkbox_shows_counts(self):
        html = self.page(params={"postcode": "10115", "radius": "25"}).text
        self.assertRegex(
            html, r'value="tr"\s*/>\s*<label[^>]*>Türkisch\s*<span[^>]*>\(1\)'
        )

    def test_zero_results_offer_larger_radius_and_nationwide(self):
        html = self.page(
            params={"postcode": "14467", "radius": "5", "topic": "sucht"}
        ).text
        self.assertIn("Suchtberatung Potsdam", html)
        html = self.page(params=NOTHING_NEARBY).text
        self.assertIn("finder-empty", html)
        self.assertIn("radius=25", html)
        self.assertIn("Online-Beratung Sucht", html)

    def test_bad_postcode_is_a_field_message(self):
        html = self.page(params={"postcode": "00000"}, status=400).text
        self.assertIn('id="finder-where-error"', html)
        self.assertIn('aria-invalid="true"', html)

    def test_ambiguous_place_offers_candidates(self):
        html = self.page(params={"place": "Neuenkirchen"}, status=400).text
        self.assertGreater(len(re.findall(r"\?postcode=\d{5}", html)), 1)

    def test_map_waits_for_consent(self):
        html = self.page(params={"postcode": "10115"}).text
        self.assertIn('data-action="show-map"', html)
        self.assertNotIn("tile.openstreetmap.org/", html.split('data-map="')[0])
        data = json.loads(
            re.search(r'data-map="([^"]+)"', html).group(1).replace("&quot;", '"')
        )
        self.assertEqual(len(data["markers"]), 2)
        self.assertIn("{z}", data["tile_url"])

    def test_pagination(self):
        html = self.page(params={"b_size": "2"}).text
        self.assertIn('aria-current="page"', html)
        self.assertIn("b_start=4", html)

    def test_centre_page(self):
        self.mitte.opening_hours = [
            {"day": "mon", "start": "09:00", "end": "12:00"},
            {"day": "mon", "start": "13:00", "end": "16:00"},
        ]
        self.mitte.phone = "030 23125 100"
        self.mitte.reindexObject()
        import transaction

        transaction.commit()
        html = self.page(self.mitte.absolute_url_path().lstrip("/")).text
        self.assertIn("Schuldnerberatung Mitte", html)
        self.assertIn("Monday", html)  # the test site is English
        self.assertIn("09:00–12:00 Uhr, 13:00–16:00 Uhr", html)
        self.assertIn('href="tel:03023125100"', html)
        ld = json.loads(
            re.search(
                r'<script type="application/ld\+json">(.*?)</script>', html, re.S
            ).group(1)
        )
        self.assertEqual(ld["@type"], "LocalBusiness")
        self.assertEqual(ld["address"]["postalCode"], "10115")
        self.assertEqual(ld["openingHoursSpecification"][0]["opens"], "09:00")

    def test_draft_centre_page_not_public(self):
        response = self.page(
            self.draft.absolute_url_path().lstrip("/"), status=200, allow_redirects=True
        )
        self.assertNotIn("Entwurf Schuldnerhilfe</h1>", response.text)
        self.assertIn("login", response.url)
