"""The legal pages are filled from the operator settings (legal/views.py)."""

from datetime import date
from lxml import html as lxml_html
from sozialplattform.site.legal.processing import PROCESSINGS
from test_legal.base import LegalTestCase


def text_of(html: str) -> str:
    return " ".join(lxml_html.fromstring(html).text_content().split())


class TestImprint(LegalTestCase):
    def test_shows_the_operator_as_set(self):
        self.set(
            operator_name="Ministerium A",
            operator_address="Weg 1\n12345 Stadt",
            representative="Frau B",
            email="a@example.org",
        )
        html = self.render("impressum")
        self.assertIn("Ministerium A", html)
        self.assertIn("Weg 1<br />12345 Stadt", html)
        self.assertIn("Frau B", text_of(html))
        self.assertIn('href="mailto:a@example.org"', html)
        self.set(operator_name="Ministerium C")
        html = self.render("impressum")
        self.assertIn("Ministerium C", html)
        self.assertNotIn("Ministerium A", html)

    def test_settings_are_escaped(self):
        self.set(operator_address="<b>Weg</b> 1")
        html = self.render("impressum")
        self.assertIn("&lt;b&gt;Weg&lt;/b&gt; 1", html)

    def test_missing_data_left_out_for_visitors_noted_for_managers(self):
        html = self.render("impressum")
        self.assertNotIn("sozialplattform-missing", html)
        self.assertNotIn("Represented by", html)
        html = self.render("impressum", manager=True)
        notes = lxml_html.fromstring(html).xpath(
            "//*[contains(@class, 'sozialplattform-missing')]"
        )
        self.assertTrue(notes)
        self.assertIn("Represented by", notes[0].getparent().text_content())
        self.assertIn("@@sozialplattform-operator", html)

    def test_document_text_follows_as_additions(self):
        from plone.app.textfield.value import RichTextValue

        self.portal["impressum"].text = RichTextValue(
            "<p>Zusatz des Betreibers</p>", "text/html", "text/x-html-safe"
        )
        self.assertIn("Zusatz des Betreibers", self.render("impressum"))


class TestPrivacy(LegalTestCase):
    def test_names_every_processing(self):
        html = self.render("datenschutz")
        tree = lxml_html.fromstring(html)
        for item in PROCESSINGS:
            with self.subTest(processing=item.id):
                (section,) = tree.xpath(f"//section[@id='processing-{item.id}']")
                labels = [dt.text_content() for dt in section.xpath(".//dt")]
                self.assertEqual(
                    labels, ["Data", "Purpose", "Legal basis", "Retention"]
                )
                self.assertTrue(
                    all(dd.text_content().strip() for dd in section.xpath(".//dd"))
                )
        self.assertEqual(
            {item.id for item in PROCESSINGS},
            {
                "onboarding",
                "accounts",
                "map",
                "mail",
                "server_logs",
                "bookings",
                "counselling",
                "video",
            },
        )

    def test_later_functions_marked(self):
        tree = lxml_html.fromstring(self.render("datenschutz"))
        marked = {
            section.get("id")
            for section in tree.xpath("//section[.//*[@class='sozialplattform-later']]")
        }
        self.assertEqual(
            marked,
            {"processing-bookings", "processing-counselling", "processing-video"},
        )

    def test_retention_periods_from_the_settings(self):
        from plone import api

        api.portal.set_registry_record("sozialplattform.onboarding.retention_days", 45)
        self.set(server_log_days=11)
        tree = lxml_html.fromstring(self.render("datenschutz"))

        def retention(item_id):
            return tree.xpath(f"//section[@id='processing-{item_id}']//dd")[
                -1
            ].text_content()

        self.assertIn("45 days", retention("onboarding"))
        self.assertIn("11 days", retention("server_logs"))

    def test_map_names_the_tile_server(self):
        from plone import api

        api.portal.set_registry_record(
            "sozialplattform.finder.tile_url",
            "https://tiles.example.org/{z}/{x}/{y}.png",
        )
        self.assertIn("tiles.example.org", self.render("datenschutz"))

    def test_controller_dpo_and_authority(self):
        self.set(
            operator_name="Ministerium A",
            data_protection_officer="DSB Frau D",
            supervisory_authority="Landesbeauftragte E",
        )
        text = text_of(self.render("datenschutz"))
        for expected in ("Ministerium A", "DSB Frau D", "Landesbeauftragte E"):
            self.assertIn(expected, text)


class TestAccessibility(LegalTestCase):
    SECTIONS = ["conformance", "barriers", "preparation", "feedback", "enforcement"]

    def test_sections_in_the_order_bitv_requires(self):
        tree = lxml_html.fromstring(self.render("barrierefreiheit"))
        self.assertEqual(
            [h2.get("id") for h2 in tree.xpath("//article//h2")], self.SECTIONS
        )

    def test_filled_from_the_settings(self):
        self.set(
            conformance="none",
            known_barriers=["Karte ohne Tastatur", "PDF ohne Tags"],
            accessibility_date=date(2026, 11, 30),
            accessibility_method="third_party",
            accessibility_contact="barrieren@example.org",
            enforcement_body="Schlichtungsstelle nach § 16 BGG",
        )
        html = self.render("barrierefreiheit")
        tree = lxml_html.fromstring(html)
        self.assertEqual(
            [
                li.text_content()
                for li in tree.xpath("//h2[@id='barriers']/following-sibling::ul[1]/li")
            ],
            ["Karte ohne Tastatur", "PDF ohne Tags"],
        )
        text = text_of(html)
        self.assertIn("is not compliant with BITV 2.0", text)
        self.assertIn("30.11.2026", text)
        self.assertIn("assessment by a third party", text)
        self.assertIn("barrieren@example.org", text)
        self.assertIn("Schlichtungsstelle nach § 16 BGG", text)
        self.set(conformance="full")
        self.assertIn("is fully compliant", text_of(self.render("barrierefreiheit")))

    def test_no_date_no_sentence(self):
        text = text_of(self.render("barrierefreiheit"))
        self.assertNotIn("was prepared on", text)


class TestContact(LegalTestCase):
    def test_not_counselling_finder_and_emergency_numbers(self):
        html = self.render("kontakt")
        tree = lxml_html.fromstring(html)
        self.assertIn("We do not offer counselling", text_of(html))
        self.assertTrue(tree.xpath("//a[contains(@href, '/@@finder')]"))
        numbers = {a.get("href") for a in tree.xpath("//a[starts-with(@href, 'tel:')]")}
        self.assertLessEqual(
            {
                "tel:112",
                "tel:116117",
                "tel:08001110111",
                "tel:08001110222",
                "tel:116016",
                "tel:116111",
            },
            numbers,
        )

    def test_operator_contact(self):
        self.set(phone="030 123 45", email="kontakt@example.org")
        html = self.render("kontakt")
        self.assertIn('href="tel:03012345"', html)
        self.assertIn("kontakt@example.org", html)
