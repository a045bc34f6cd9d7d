"""The finder page's messages: empty place, misspelt place, nothing nearby, candidates.

The test site speaks English; the German texts are checked in test_browser.
"""

from test_finder.fixtures import create_centre
from test_finder.test_page import PageTestCase
import re
import transaction


# addiction counselling within 10 km of Dresden: only the nationwide online offer
ONLY_NATIONWIDE = {"postcode": "01067", "radius": "10", "topic": "sucht"}


def where_column(html: str) -> str:
    """The place field's column: from the field to the radius field."""
    return html.split('id="finder-where"', 1)[1].split('for="finder-radius"', 1)[0]


class TestEmptyPlace(PageTestCase):
    def test_a_search_without_place_asks_for_one(self):
        for params in (
            {"radius": "25"},
            {"radius": "25", "topic": "sucht"},
            {"where": "", "radius": "25", "topic": "sucht"},  # the front page's form
        ):
            with self.subTest(params=params):
                html = self.page(params=params, status=400).text
                error = re.search(r'id="finder-where-error"[^>]*>([^<]*)<', html)
                self.assertIn("Enter a place or a postcode", error.group(1))
                self.assertIn('aria-invalid="true"', where_column(html))
                self.assertNotIn('id="finder-results"', html)
                self.assertNotIn("Schuldnerberatung Mitte", html)

    def test_search_text_or_state_lists_without_place(self):
        html = self.page(params={"radius": "25", "q": "sucht"}).text
        self.assertIn("Suchtberatung Potsdam", html)
        html = self.page(params={"radius": "25", "state": "DE-BE"}).text
        self.assertIn("Schuldnerberatung Mitte", html)
        self.assertNotIn("Suchtberatung Potsdam", html)

    def test_the_page_without_parameters_is_the_start_state(self):
        html = self.page().text
        self.assertNotIn('id="finder-where-error"', html)
        self.assertIn('id="finder-results"', html)


class TestMisspeltPlace(PageTestCase):
    def test_suggestions_link_the_search_with_that_place(self):
        html = self.page(
            params={"place": "Muenchn", "radius": "50", "topic": "familie"},
            status=400,
        ).text
        column = where_column(html)
        self.assertIn("Did you mean …?", column)
        link = re.search(r'href="(\?[^"]*place=M%C3%BCnchen[^"]*)"', column).group(1)
        self.assertIn("radius=50", link)
        self.assertIn("topic=familie", link)
        self.assertNotIn("Muenchn", link)
        html = self.page(params={"place": "München", "radius": "50"}).text
        self.assertIn("Familienberatung München", html)

    def test_rest_api_error_carries_the_suggestions(self):
        error = self.finder({"place": "Hamburk"}, status=400)["error"]
        self.assertEqual(error["parameter"], "place")
        self.assertEqual(error["suggestions"][0]["place"], "Hamburg")
        self.assertEqual(
            set(error["suggestions"][0]), {"place", "district", "state", "postcode"}
        )
        self.assertNotIn("candidates", error)
        error = self.finder({"place": "Frankfurt"}, status=400)["error"]
        self.assertNotIn("suggestions", error)
        self.assertIn("candidates", error)


class TestCandidatesAtTheError(PageTestCase):
    def test_candidates_follow_the_place_fields_message(self):
        html = self.page(params={"place": "Frankfurt"}, status=400).text
        column = where_column(html)
        self.assertIn("Which place do you mean?", column)
        self.assertLess(
            column.index('id="finder-where-error"'),
            column.index('id="finder-where-choices"'),
        )
        self.assertGreaterEqual(len(re.findall(r"\?postcode=\d{5}", column)), 2)
        self.assertNotIn(
            "Which place do you mean?", html.split('for="finder-radius"')[1]
        )


class TestNothingNearby(PageTestCase):
    def nearby_notice(self, params) -> str:
        html = self.page(params=params).text
        if 'class="finder-nothing-nearby' not in html:
            return ""
        return html.split('class="finder-nothing-nearby', 1)[1].split("</div>", 1)[0]

    def test_only_nationwide_offers_offer_a_larger_radius(self):
        notice = self.nearby_notice(ONLY_NATIONWIDE)
        self.assertIn("Nothing found nearby", notice)
        link = re.search(r'href="([^"]*)"', notice).group(1)
        self.assertIn("radius=25", link)
        self.assertIn("topic=sucht", link)
        self.assertIn("Search within 25 km", notice)

    def test_local_results_or_no_place_say_nothing(self):
        self.assertEqual(self.nearby_notice({"postcode": "14467", "radius": "5"}), "")
        self.assertEqual(self.nearby_notice({"q": "sucht"}), "")
        # the largest radius has no larger one: the notice without a link
        notice = self.nearby_notice(
            {"postcode": "80331", "radius": "200", "topic": "sucht"}
        )
        self.assertIn("Nothing found nearby", notice)
        self.assertNotIn("href=", notice)

    def test_other_sort_orders_count_local_results(self):
        create_centre(
            self.bayern, "Bundesweite Suchtberatung", "80331", "München",
            topics=["sucht"], nationwide=True,
        )  # fmt: skip
        transaction.commit()
        by_title = {**ONLY_NATIONWIDE, "sort_on": "title"}
        self.assertNotEqual(self.nearby_notice(by_title), "")
        # two nationwide offers, one per page: the local ones are counted apart
        self.assertNotEqual(self.nearby_notice({**by_title, "b_size": "1"}), "")
        near_potsdam = {"postcode": "14467", "radius": "5", "topic": "sucht"}
        # "Bundesweite ..." sorts before "Suchtberatung Potsdam"
        self.assertEqual(
            self.nearby_notice({**near_potsdam, "sort_on": "title", "b_size": "1"}),
            "",
        )


class TestFilterButton(PageTestCase):
    def test_filters_stay_closed_and_show_the_active_count(self):
        params = {
            "postcode": "10115",
            "radius": "25",
            "topic": ["schulden", "familie"],
            "accessible": "true",
        }
        html = self.page(params=params).text
        details = re.search(r"<details[^>]*>", html).group(0)
        self.assertIn('id="finder-filters"', details)
        self.assertNotIn("open", details)
        summary = html.split("<summary>", 1)[1].split("</summary>", 1)[0]
        self.assertRegex(summary, r">\s*3\s+active\s*<")
        html = self.page(params={"postcode": "10115"}).text
        summary = html.split("<summary>", 1)[1].split("</summary>", 1)[0]
        self.assertNotIn("active", summary)
