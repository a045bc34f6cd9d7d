"""The @@finder page: every filter on the form, every parameter kept, field errors."""

from plone import api
from plone.namedfile.file import NamedBlobImage
from test_finder.fixtures import create_centre
from test_finder.fixtures import create_offer
from test_finder.fixtures import NOTHING_NEARBY
from test_finder.test_page import PageTestCase
import html as html_module
import json
import re
import transaction


# 1x1 transparent PNG
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
)


def tag(html, element_id):
    """The opening tag of the element with ``element_id``."""
    match = re.search(rf'<[a-z]+\b[^>]*\bid="{re.escape(element_id)}"[^>]*>', html)
    assert match, element_id
    return match.group(0)


def form_fields(html):
    """(name, value) of every input the finder form would submit unchanged."""
    form = html.split('id="finder-form"', 1)[1].split("</form>", 1)[0]
    fields = []
    for match in re.finditer(r"<input\b[^>]*>", form):
        attrs = dict(re.findall(r'([\w-]+)="([^"]*)"', match.group(0)))
        if attrs.get("type") == "checkbox" and "checked" not in attrs:
            continue
        fields.append((attrs.get("name"), html_module.unescape(attrs.get("value", ""))))
    for match in re.finditer(
        r'<select\b[^>]*name="(\w+)"[^>]*>(.*?)</select>', form, re.S
    ):
        selected = re.search(r'<option selected="selected"\s+value="([^"]*)"', match[2])
        first = re.search(r'<option[^>]*value="([^"]*)"', match[2])
        fields.append((match[1], (selected or first)[1]))
    return fields


class TestFinderPageForm(PageTestCase):
    def test_bad_radius_is_a_field_message(self):
        html = self.page(params={"postcode": "10115", "radius": "500"}, status=400).text
        select = tag(html, "finder-radius")
        self.assertIn('aria-invalid="true"', select)
        self.assertIn('aria-describedby="finder-radius-error"', select)
        error = re.search(r'id="finder-radius-error"[^>]*>([^<]*)<', html).group(1)
        self.assertEqual(error.strip(), "Give a number from 1 to 200.")
        self.assertNotIn("alert-danger", html)

    def test_valid_other_radius_stays_selected(self):
        html = self.page(params={"postcode": "10115", "radius": "12.5"}).text
        select = html.split('id="finder-radius"', 1)[1].split("</select>", 1)[0]
        options = re.findall(r"<option[^>]*>[^<]*</option>", select)
        selected = [o for o in options if 'selected="selected"' in o]
        self.assertEqual(len(selected), 1)
        self.assertIn('value="12.5"', selected[0])
        self.assertIn("12,5 km", selected[0])
        self.assertIn(("radius", "12.5"), form_fields(html))

    def test_text_field_and_its_errors(self):
        html = self.page(params={"q": "Müttergenesung"}).text
        self.assertIn('value="Müttergenesung"', tag(html, "finder-q"))
        html = self.page(params={"q": "!!!"}, status=400).text
        self.assertIn('aria-invalid="true"', tag(html, "finder-q"))
        self.assertIn('id="finder-q-error"', html)

    def test_singular_heading(self):
        html = self.page(params={"q": "Müttergenesung"}).text
        self.assertIn("1 counselling centre found", html)
        self.assertNotIn("1 counselling centres found", html)
        html = self.page(params={"q": "sucht"}).text
        self.assertIn("2 counselling centres found", html)

    def test_topics_are_checkboxes_with_disjunctive_counts(self):
        html = self.page(
            params={"postcode": "10115", "radius": "50", "topic": ["schulden", "sucht"]}
        ).text
        for token in ("schulden", "sucht"):
            self.assertIn('checked="checked"', tag(html, f"filter-topic-{token}"))
        self.assertIn(("topic", "schulden"), form_fields(html))
        self.assertIn(("topic", "sucht"), form_fields(html))
        # the count of "familie" ignores the active topic filter (disjunctive)
        self.assertRegex(
            html,
            r'id="filter-topic-familie"[^>]*/>\s*<label[^>]*>[^<]*<span[^>]*>\(1\)',
        )

    def test_form_keeps_every_parameter_of_a_shared_url(self):
        params = {
            "lat": "52.52",
            "lon": "13.40",
            "radius": "10",
            "q": "beratung",
            "topic": ["schulden", "familie"],
            "language": "de",
            "state": "DE-BE",
            "accessible": "true",
            "include_nationwide": "false",
            "sort_on": "title",
            "b_size": "5",
        }
        html = self.page(params=params).text
        fields = form_fields(html)
        for name, value in params.items():
            if name == "include_nationwide":
                self.assertIn(("only_local", "1"), fields)
                continue
            for item in value if isinstance(value, list) else [value]:
                self.assertIn((name, item), fields)
        self.assertIn(("where", ""), fields)

    def test_sort_control(self):
        html = self.page(params={"postcode": "10115"}).text
        select = html.split('id="finder-sort"', 1)[1].split("</select>", 1)[0]
        self.assertEqual(re.findall(r'value="(\w+)"', select), ["distance", "title"])
        html = self.page(params={"postcode": "10115", "q": "sucht"}).text
        select = html.split('id="finder-sort"', 1)[1].split("</select>", 1)[0]
        self.assertEqual(
            re.findall(r'value="(\w+)"', select), ["distance", "relevance", "title"]
        )
        self.assertRegex(select, r'selected="selected"\s+value="relevance"')
        titles = re.findall(r'<h3 class="h5 card-title">\s*<a[^>]*>([^<]+)<', html)
        html = self.page(
            params={"postcode": "10115", "q": "sucht", "sort_on": "title"}
        ).text
        self.assertEqual(
            re.findall(r'<h3 class="h5 card-title">\s*<a[^>]*>([^<]+)<', html),
            sorted(titles),
        )

    def test_stale_sort_choice_does_not_break_a_new_search(self):
        # sort by distance chosen, then the place cleared: results by title, no error
        response = self.page(
            params={"where": "", "sort_on": "distance"},
            allow_redirects=False,
            status=302,
        )
        self.assertNotIn("sort_on", response.headers["Location"])

    def test_windowed_pager(self):
        for number in range(20):
            create_centre(self.bayern, f"Beratung {number:02d}", "80331", "München")
        transaction.commit()
        html = self.page(params={"b_size": "2", "b_start": "12"}).text  # page 7 of 13
        nav = html.split('class="finder-pager"', 1)[1].split("</nav>", 1)[0]
        numbers = re.findall(r'<a class="page-link"[^>]*>(\d+)</a>', nav)
        self.assertEqual(numbers, ["1", "5", "6", "7", "8", "9", "13"])
        self.assertEqual(nav.count("&hellip;") + nav.count("…"), 2)
        self.assertRegex(nav, r'aria-current="page"\s+href="[^"]*b_start=12&')
        self.assertRegex(nav, r'href="[^"]*b_start=10&[^"]*"\s+rel="prev"')
        self.assertRegex(nav, r'href="[^"]*b_start=14&[^"]*"\s+rel="next"')
        self.assertRegex(
            html, r'<nav class="finder-pager"\s+aria-label="(Seiten|Pages)"'
        )
        html = self.page(params={"b_size": "2"}).text
        nav = html.split('class="finder-pager"', 1)[1].split("</nav>", 1)[0]
        self.assertNotIn('rel="prev"', nav)

    def test_zero_result_page_finds_nationwide_offers_beyond_the_first_page(self):
        for number in range(22):  # sort before every nationwide title
            create_centre(
                self.bayern, f"Beratung Sucht {number:02d}", "80331", "München",
                topics=["sucht"],
            )  # fmt: skip
        create_centre(
            self.bayern, "Zentrale Online-Suchtberatung", "80331", "München",
            topics=["sucht"], nationwide=True,
        )  # fmt: skip
        transaction.commit()
        html = self.page(params=NOTHING_NEARBY).text
        empty = html.split('class="finder-empty"', 1)[1]
        self.assertIn("Online-Beratung Sucht", empty)
        self.assertIn("Zentrale Online-Suchtberatung", empty)
        self.assertNotIn("Beratung Sucht 00", empty)

    def test_no_nested_footer_and_no_postcode_autocomplete(self):
        html = self.page("plone").text
        self.assertIn('<div class="sozialplattform-footer"', html)
        self.assertNotIn('<footer class="sozialplattform-footer"', html)
        self.assertNotIn('autocomplete="postal-code"', html)

    def test_centre_page_logo_offers_and_carrier(self):
        self.potsdam.logo = NamedBlobImage(data=PNG, filename="logo.png")
        self.potsdam.carrier = "Suchthilfe Brandenburg e.V."
        self.potsdam.reindexObject()
        offer = create_offer(
            self.potsdam, "Gruppenangebot", languages=["ru"], channels=["video"]
        )
        self.assertEqual(api.content.get_state(offer), "published")
        transaction.commit()
        html = self.page(self.potsdam.absolute_url_path().lstrip("/")).text
        logo = re.search(r'<img class="img-fluid"[^>]*>', html).group(0)
        self.assertIn('alt="Logo of Suchtberatung Potsdam"', logo)
        src = re.search(r'src="([^"]+)"', logo).group(1)
        response = self.page(src.split("/", 3)[3])
        self.assertEqual(response.headers["Content-Type"], "image/png")
        offers = html.split('id="centre-offers-heading"', 1)[1]
        self.assertRegex(offers, r"Languages</span>:\s*Russisch")
        self.assertRegex(offers, r"Counselling channels</span>:\s*Video")
        ld = json.loads(
            re.search(
                r'<script type="application/ld\+json">(.*?)</script>', html, re.S
            ).group(1)
        )
        self.assertEqual(
            ld["parentOrganization"],
            {"@type": "Organization", "name": "Suchthilfe Brandenburg e.V."},
        )
