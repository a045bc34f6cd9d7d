"""GET @finder over real HTTP: parameters, errors, distance, facets, batching."""

from plone.app.testing import setRoles
from plone.app.testing import TEST_USER_ID
from sozialplattform.site.geo import haversine_km
from sozialplattform.site.geo import lookup
from sozialplattform.site.testing import FUNCTIONAL_TESTING
from sozialplattform.site.testing import server_url
from test_finder.fixtures import create_centre
from test_finder.fixtures import create_offer
from urllib.parse import parse_qs
from urllib.parse import urlsplit
import requests
import transaction
import unittest


class FinderTestCase(unittest.TestCase):
    layer = FUNCTIONAL_TESTING

    def setUp(self):
        portal = self.layer["portal"]
        setRoles(portal, TEST_USER_ID, ["Manager"])
        folder = portal["beratungsstellen"]
        self.berlin, self.bayern = folder["berlin"], folder["bayern"]
        self.brandenburg = folder["brandenburg"]
        self.mitte = create_centre(
            self.berlin,
            "Schuldnerberatung Mitte",
            "10115",
            "Berlin",
            carrier="Hilfeverbund Am Anger e.V.",
            topics=["schulden"],
            languages=["de", "tr"],
            channels=["on_site", "phone"],
            free_of_charge=True,
        )
        self.neukoelln = create_centre(
            self.berlin,
            "Müttergenesung Neukölln",
            "12043",
            "Berlin",
            topics=["familie", "gesundheit"],
            languages=["de", "ar"],
            channels=["on_site"],
            accessible=True,
            anonymous=True,
        )
        self.potsdam = create_centre(
            self.brandenburg,
            "Suchtberatung Potsdam",
            "14467",
            "Potsdam",
            topics=["sucht"],
            languages=["de"],
            channels=["on_site", "video"],
        )
        self.muenchen = create_centre(
            self.bayern,
            "Familienberatung München",
            "80331",
            "München",
            topics=["familie"],
            languages=["de"],
        )
        self.online = create_centre(
            self.bayern,
            "Online-Beratung Sucht",
            "80331",
            "München",
            topics=["sucht"],
            channels=["chat", "email"],
            nationwide=True,
        )
        self.draft = create_centre(
            self.berlin,
            "Entwurf Schuldnerhilfe",
            "10117",
            "Berlin",
            publish=False,
            topics=["schulden"],
        )
        create_offer(self.potsdam, "Beratung auf Ukrainisch", languages=["uk"])
        transaction.commit()

    def finder(self, params=None, status=200):
        response = requests.get(
            server_url(self.layer, "plone/++api++/@finder"),
            params=params or {},
            headers={"Accept": "application/json"},
            timeout=30,
        )
        self.assertEqual(response.status_code, status, response.text)
        return response.json()

    def titles(self, params):
        return [item["title"] for item in self.finder(params)["items"]]


class TestFinderResults(FinderTestCase):
    def test_anonymous_without_parameters_lists_published_by_title(self):
        data = self.finder()
        self.assertEqual(data["items_total"], 5)
        self.assertNotIn("Entwurf Schuldnerhilfe", [i["title"] for i in data["items"]])
        self.assertIsNone(data["location"])
        self.assertIsNone(data["batching"])
        titles = [i["title"] for i in data["items"]]
        self.assertEqual(titles[0], "Familienberatung München")

    def test_postcode_radius_and_distance(self):
        data = self.finder({"postcode": "10115", "radius": "25"})
        self.assertEqual(data["location"]["postcode"], "10115")
        self.assertEqual(data["location"]["radius"], 25)
        titles = [i["title"] for i in data["items"]]
        # local by distance, then nationwide; Potsdam is ~27 km away, München far.
        self.assertEqual(
            titles,
            [
                "Schuldnerberatung Mitte",
                "Müttergenesung Neukölln",
                "Online-Beratung Sucht",
            ],
        )
        origin = lookup("10115")
        for item in data["items"][:2]:
            expected = haversine_km(
                origin.latitude, origin.longitude, item["latitude"], item["longitude"]
            )
            self.assertEqual(item["distance_km"], round(expected, 1))
        self.assertIsNone(data["items"][2]["distance_km"])

    def test_radius_extends(self):
        titles = self.titles({"postcode": "10115", "radius": "50"})
        self.assertIn("Suchtberatung Potsdam", titles)

    def test_include_nationwide_false(self):
        titles = self.titles({"postcode": "10115", "include_nationwide": "false"})
        self.assertNotIn("Online-Beratung Sucht", titles)

    def test_lat_lon(self):
        titles = self.titles({"lat": "48.137", "lon": "11.575", "radius": "5"})
        self.assertEqual(titles, ["Familienberatung München", "Online-Beratung Sucht"])

    def test_place_umlaut_insensitive(self):
        for place in ("München", "muenchen", "MÜNCHEN"):
            data = self.finder({"place": place, "radius": "10"})
            self.assertEqual(data["location"]["place"], "München", place)
            self.assertIn(
                "Familienberatung München", [i["title"] for i in data["items"]]
            )

    def test_token_filters_or_within_and_across(self):
        self.assertEqual(
            set(self.titles({"topic": ["schulden", "sucht"]})),
            {
                "Schuldnerberatung Mitte",
                "Suchtberatung Potsdam",
                "Online-Beratung Sucht",
            },
        )
        self.assertEqual(
            self.titles({"topic": ["schulden", "sucht"], "channel": "video"}),
            ["Suchtberatung Potsdam"],
        )

    def test_published_offer_counts_for_its_centre(self):
        self.assertEqual(self.titles({"language": "uk"}), ["Suchtberatung Potsdam"])

    def test_boolean_filters(self):
        self.assertEqual(
            self.titles({"accessible": "true"}), ["Müttergenesung Neukölln"]
        )
        self.assertEqual(self.titles({"anonymous": "1"}), ["Müttergenesung Neukölln"])
        self.assertEqual(
            self.titles({"free_of_charge": "true"}), ["Schuldnerberatung Mitte"]
        )

    def test_state_filter(self):
        self.assertEqual(
            set(self.titles({"state": ["DE-BE", "DE-BB"]})),
            {
                "Schuldnerberatung Mitte",
                "Müttergenesung Neukölln",
                "Suchtberatung Potsdam",
            },
        )

    def test_text_german_folding_and_prefix(self):
        for text in ("Muettergenesung", "muttergenesung", "Müttergenesung"):
            self.assertEqual(
                self.titles({"q": text}), ["Müttergenesung Neukölln"], text
            )
        self.assertEqual(self.titles({"q": "schuld"}), ["Schuldnerberatung Mitte"])
        self.assertEqual(self.titles({"q": "anger"}), ["Schuldnerberatung Mitte"])
        self.assertEqual(self.titles({"q": "ukrainisch"}), ["Suchtberatung Potsdam"])

    def test_relevance_prefers_title(self):
        titles = self.titles({"q": "sucht"})
        self.assertEqual(titles[:2], ["Online-Beratung Sucht", "Suchtberatung Potsdam"])

    def test_facets_are_disjunctive(self):
        data = self.finder({"topic": "schulden"})
        topic = {f["token"]: f["count"] for f in data["facets"]["topic"]}
        # counts of the topic facet ignore the active topic filter itself
        self.assertEqual(topic["schulden"], 1)
        self.assertEqual(topic["sucht"], 2)
        self.assertEqual(topic["familie"], 2)
        language = {f["token"]: f["count"] for f in data["facets"]["language"]}
        # other facets apply the topic filter
        self.assertEqual(language["tr"], 1)
        self.assertEqual(language["ar"], 0)
        states = {f["token"]: f["count"] for f in data["facets"]["state"]}
        self.assertEqual(states["DE-BE"], 1)
        self.assertEqual(states["DE-BY"], 0)

    def test_facets_cover_whole_result_not_batch(self):
        data = self.finder({"b_size": "1"})
        self.assertEqual(len(data["items"]), 1)
        self.assertEqual(sum(f["count"] for f in data["facets"]["state"]), 5)

    def test_batching(self):
        data = self.finder({"b_size": "2", "b_start": "2"})
        self.assertEqual(len(data["items"]), 2)
        self.assertEqual(data["items_total"], 5)
        self.assertIn("b_start=4", data["batching"]["next"])
        self.assertIn("prev", data["batching"])

    def test_batching_links_are_plone_restapis(self):
        data = self.finder({"b_size": "2", "b_start": "2"})
        links = data["batching"]
        starts = {
            key: parse_qs(urlsplit(url).query)["b_start"] for key, url in links.items()
        }
        self.assertEqual(
            starts,
            {"@id": ["2"], "first": ["0"], "last": ["4"], "next": ["4"], "prev": ["0"]},
        )
        self.assertEqual(links["@id"], data["@id"])
        for url in links.values():
            self.assertIn("/@finder?", url)
            self.assertEqual(parse_qs(urlsplit(url).query)["b_size"], ["2"])

    def test_batching_leads_back_from_a_page_after_the_result(self):
        data = self.finder({"b_size": "20", "b_start": "40"})
        self.assertEqual(data["items"], [])
        self.assertEqual(data["items_total"], 5)
        first = parse_qs(urlsplit(data["batching"]["first"]).query)
        self.assertEqual(first["b_start"], ["0"])
        self.assertEqual(data["batching"]["prev"], data["batching"]["first"])

    def test_the_booking_page_wins_over_the_external_url_while_available(self):
        # the visitor's booking page (``booking.pages``) is installed
        self.bayern.booking_participation = True
        self.bayern.reindexObject()
        self.muenchen.booking_enabled = True
        self.muenchen.external_booking_url = "https://termine.example"
        self.muenchen.reindexObject()
        transaction.commit()
        items = {i["title"]: i for i in self.finder({"state": "DE-BY"})["items"]}
        self.assertTrue(
            items["Familienberatung München"]["booking_url"].endswith(
                "/familienberatung-munchen/@@booking"
            )
        )
        self.muenchen.booking_enabled = False
        self.muenchen.reindexObject()
        transaction.commit()
        items = {i["title"]: i for i in self.finder({"state": "DE-BY"})["items"]}
        self.assertEqual(
            items["Familienberatung München"]["booking_url"], "https://termine.example"
        )

    def test_function_urls(self):
        from Products.Five.browser import BrowserView
        from sozialplattform.site.content.interfaces import ICounsellingCentre
        from zope.component import getGlobalSiteManager
        from zope.interface import Interface
        from zope.publisher.interfaces.browser import IDefaultBrowserLayer

        registry = getGlobalSiteManager()
        required = (ICounsellingCentre, IDefaultBrowserLayer)
        registry.registerAdapter(BrowserView, required, Interface, "booking")
        self.addCleanup(
            registry.unregisterAdapter, BrowserView, required, Interface, "booking"
        )
        self.bayern.booking_participation = True
        self.bayern.reindexObject()
        self.muenchen.booking_enabled = True
        self.muenchen.reindexObject()
        self.online.external_counselling_url = "https://beratung.example"
        self.online.reindexObject()
        transaction.commit()
        items = {i["title"]: i for i in self.finder({"state": "DE-BY"})["items"]}
        self.assertTrue(
            items["Familienberatung München"]["booking_url"].endswith("/@@booking")
        )
        self.assertIsNone(items["Familienberatung München"]["counselling_url"])
        self.assertEqual(
            items["Online-Beratung Sucht"]["counselling_url"],
            "https://beratung.example",
        )
        self.bayern.booking_participation = False
        self.bayern.reindexObject()
        transaction.commit()
        items = {i["title"]: i for i in self.finder({"state": "DE-BY"})["items"]}
        self.assertIsNone(items["Familienberatung München"]["booking_url"])


class TestFinderErrors(FinderTestCase):
    def assertBadParameter(self, params, parameter):
        data = self.finder(params, status=400)
        self.assertEqual(data["error"]["type"], "BadRequest")
        self.assertEqual(data["error"]["parameter"], parameter)
        self.assertTrue(data["error"]["message"].startswith(parameter))
        return data

    def test_bad_parameters(self):
        cases = [
            ({"postcode": "00000"}, "postcode"),
            ({"postcode": "1011"}, "postcode"),
            ({"postcode": "10115", "radius": "0"}, "radius"),
            ({"postcode": "10115", "radius": "500"}, "radius"),
            ({"postcode": "10115", "radius": "nah"}, "radius"),
            ({"accessible": "maybe"}, "accessible"),
            ({"topic": "kochen"}, "topic"),
            ({"language": "xx"}, "language"),
            ({"channel": "fax"}, "channel"),
            ({"b_size": "1000"}, "b_size"),
            ({"b_start": "-1"}, "b_start"),
            ({"state": "DE-XX"}, "state"),
            ({"sort_on": "price"}, "sort_on"),
            ({"sort_on": "distance"}, "sort_on"),
            ({"lat": "52.5"}, "lon"),
            ({"place": "Atlantis"}, "place"),
            ({"postcode": "10115", "place": "Berlin"}, "place"),
            ({"include_nationwide": "vielleicht"}, "include_nationwide"),
        ]
        for params, parameter in cases:
            with self.subTest(params=params):
                self.assertBadParameter(params, parameter)

    def test_ambiguous_place_lists_candidates(self):
        data = self.assertBadParameter({"place": "Neuenkirchen"}, "place")
        candidates = data["error"]["candidates"]
        self.assertGreater(len(candidates), 1)
        self.assertTrue(all(c["postcode"] for c in candidates))


class TestFinderRobustness(FinderTestCase):
    def test_empty_coordinates_mean_no_location(self):
        data = self.finder({"lat": "", "lon": ""})
        self.assertIsNone(data["location"])
        data = self.finder({"lat": " ", "lon": "13.4"}, status=400)
        self.assertEqual(data["error"]["parameter"], "lat")

    def test_repeated_parameters_on_the_page(self):
        response = requests.get(
            server_url(self.layer, "plone/@@finder"),
            params=[("where", "10115"), ("where", "80331")],
            allow_redirects=False,
            timeout=30,
        )
        self.assertEqual(response.status_code, 302)
        self.assertIn("postcode=80331", response.headers["Location"])
        response = requests.get(
            server_url(self.layer, "plone/@@finder"),
            params=[("postcode", "10115"), ("radius", "5"), ("radius", "10")],
            timeout=30,
        )
        self.assertEqual(response.status_code, 400)
        self.assertIn("finder-form", response.text)

    def test_only_what_anonymous_may_see(self):
        """The finder honours allowedRolesAndUsers, not only the review state."""
        from plone import api

        catalog = api.portal.get_tool("portal_catalog")
        rid = catalog.getrid("/".join(self.mitte.getPhysicalPath()))
        catalog._catalog.getIndex("allowedRolesAndUsers").index_object(
            rid, type("Restricted", (), {"allowedRolesAndUsers": ["Manager"]})()
        )
        transaction.commit()
        self.assertNotIn("Schuldnerberatung Mitte", self.titles({}))

    def test_json_ld_cannot_end_its_script_element(self):
        self.mitte.website = "https://a.example/x"
        self.mitte.description = "</script><script>alert(1)</script> & <!--"
        transaction.commit()
        path = self.mitte.absolute_url_path().lstrip("/")
        html = requests.get(server_url(self.layer, path), timeout=30).text
        block = html.split('<script type="application/ld+json">', 1)[1].split(
            "</script>", 1
        )[0]
        self.assertNotIn("<", block)
        self.assertIn("\\u003c/script\\u003e", block)
