"""Export: CSV and JSON with the import's columns; an export re-imports cleanly."""

from datetime import date
from plone import api
from plone.app.testing import login
from plone.app.testing import setRoles
from plone.app.testing import TEST_USER_ID
from plone.app.textfield.value import RichTextValue
from sozialplattform.site.bulk import columns
from sozialplattform.site.bulk.exporter import csv_cell
from sozialplattform.site.bulk.exporter import csv_text
from sozialplattform.site.bulk.exporter import export_records
from sozialplattform.site.bulk.exporter import file_name
from sozialplattform.site.bulk.exporter import html_to_text
from sozialplattform.site.bulk.exporter import json_text
from sozialplattform.site.bulk.importer import Importer
from sozialplattform.site.bulk.reader import read_data
from sozialplattform.site.bulk.reader import text_to_html
from sozialplattform.site.testing import INTEGRATION_TESTING
from test_bulk.base import centre_row
from test_bulk.base import csv_data
import csv
import io
import json
import unittest


FULL_ROW = centre_row(
    "BE-1",
    description="Hilfe bei Schulden.\nKostenlos; vertraulich.",
    carrier="Caritas Berlin e. V.",
    street="Invalidenstraße 1",
    latitude="52.5",
    longitude="13.4",
    phone="+49 30 123456",
    email="info@example.org",
    website="https://example.org/a?b=1&c=2",
    opening_hours="Do 14:00-18:00; Mo 09:00-12:00",
    opening_hours_note="Nach Vereinbarung",
    target_groups="eltern|familien",
    languages="de|tr",
    channels="on_site|phone",
    accessible="ja",
    free_of_charge="ja",
    anonymous="nein",
    nationwide="",
    external_booking_url="https://booking.example.org",
    text='Wir helfen.\nAuch "abends".\n\nTermine <nach> Absprache & mehr.',
)


class TestTextConversion(unittest.TestCase):
    def test_html_to_text(self):
        self.assertEqual(
            html_to_text(
                "<h2>Titel</h2>\n<p>Eins<br>Zwei &amp; <strong>drei</strong></p>"
                "<ul><li>A</li><li>B</li></ul>"
            ),
            "Titel\n\nEins\nZwei & drei\n\n- A\n\n- B",
        )
        self.assertEqual(html_to_text(""), "")

    def test_plain_text_round_trip(self):
        text = "Erste Zeile\nZweite <Zeile> & mehr\n\nNeuer Absatz"
        self.assertEqual(html_to_text(text_to_html(text)), text)

    def test_formulas_neutralised_and_read_back(self):
        from sozialplattform.site.bulk.reader import parse_text

        cell = csv_cell(columns.TEXT, '=HYPERLINK("http://evil.example")')
        self.assertEqual(cell, '\'=HYPERLINK("http://evil.example")')
        self.assertEqual(parse_text(cell), '=HYPERLINK("http://evil.example")')
        self.assertEqual(csv_cell(columns.TEXT, "+49 30 23125 100"), "+49 30 23125 100")
        self.assertEqual(csv_cell(columns.TEXT, "-Sucht"), "'-Sucht")

    def test_csv_cells(self):
        self.assertEqual(csv_cell(columns.BOOL, True), "ja")
        self.assertEqual(csv_cell(columns.BOOL, False), "nein")
        self.assertEqual(csv_cell(columns.LIST, ["de", "tr"]), "de|tr")
        self.assertEqual(csv_cell(columns.FLOAT, 52.5), "52.5")
        self.assertEqual(csv_cell(columns.TEXT, None), "")
        self.assertEqual(
            csv_cell(
                columns.HOURS,
                [
                    {"day": "thu", "start": "14:00", "end": "18:00"},
                    {"day": "mon", "start": "09:00", "end": "12:00"},
                ],
            ),
            "Mo 09:00-12:00; Do 14:00-18:00",
        )


class TestExport(unittest.TestCase):
    layer = INTEGRATION_TESTING

    def setUp(self):
        self.portal = self.layer["portal"]
        setRoles(self.portal, TEST_USER_ID, ["Manager"])
        self.folder = self.portal["beratungsstellen"]
        report = self.import_data(
            csv_data([FULL_ROW, centre_row("HH-1", postcode="20095", city="Hamburg")])
        )
        self.assertEqual(report.created, 2)
        api.content.transition(
            self.folder["hamburg"].objectValues()[0], to_state="published"
        )

    def import_data(self, data, format="csv", **options):
        return Importer(self.portal, commit=None, **options).run(
            read_data(data, format)
        )

    def test_csv_columns(self):
        text = csv_text(export_records(self.folder))
        self.assertTrue(text.startswith("\ufeffexternal_id;title;"))
        rows = list(csv.DictReader(io.StringIO(text[1:], newline=""), delimiter=";"))
        self.assertEqual(list(rows[0]), list(columns.COLUMNS))
        berlin = rows[0]
        self.assertEqual(berlin["external_id"], "BE-1")
        self.assertEqual(berlin["opening_hours"], "Mo 09:00-12:00; Do 14:00-18:00")
        self.assertEqual(berlin["languages"], "de|tr")
        self.assertEqual((berlin["accessible"], berlin["anonymous"]), ("ja", "nein"))
        self.assertEqual((berlin["state"], berlin["review_state"]), ("DE-BE", "draft"))
        self.assertEqual(berlin["text"], FULL_ROW["text"])
        self.assertEqual(rows[1]["review_state"], "published")

    def test_csv_round_trip(self):
        data = csv_text(export_records(self.folder)).encode("utf-8")
        report = self.import_data(data)
        self.assertEqual(report.errors, [])
        self.assertEqual((report.unchanged, report.created, report.updated), (2, 0, 0))

    def test_formatted_text_survives_a_round_trip(self):
        centre = self.folder["berlin"].objectValues()[0]
        html = '<p>Hallo <strong>Welt</strong></p><ul><li><a href="https://x.org">A</a></li></ul>'
        centre.text = RichTextValue(html, "text/html", "text/x-html-safe")
        [record] = export_records(self.folder["berlin"])
        self.assertEqual(record["text"], "Hallo Welt\n\n- A")
        report = self.import_data(json_text([record]).encode("utf-8"), "json")
        self.assertEqual(report.unchanged, 1)
        self.assertEqual(centre.text.raw, html)
        record["text"] = "Hallo Welt\n\n- B"
        self.assertEqual(
            self.import_data(json_text([record]).encode(), "json").updated, 1
        )
        self.assertEqual(centre.text.raw, "<p>Hallo Welt</p><p>- B</p>")

    def test_json_round_trip_into_an_empty_site(self):
        centre = self.folder["berlin"].objectValues()[0]
        api.content.create(
            container=centre,
            type="CounsellingOffer",
            title="Sprechstunde",
            languages=["tr"],
        )
        before = list(export_records(self.folder))
        self.assertEqual(before[0]["offers"][0]["languages"], ["tr"])
        data = json_text(before).encode("utf-8")
        self.assertEqual(self.import_data(data, "json").unchanged, 2)

        api.content.delete(
            objects=[c for s in self.folder.objectValues() for c in s.objectValues()]
        )
        report = self.import_data(data, "json", publish=True)
        self.assertEqual((report.created, report.failed), (2, 0))
        after = list(export_records(self.folder))
        for record in before + after:
            del record["review_state"]
        self.assertEqual(after, before)
        self.assertIn(
            {"day": "mon", "start": "09:00", "end": "12:00"},
            json.loads(data)[0]["opening_hours"],
        )

    def test_restricted_to_what_the_user_may_view(self):
        api.user.create(
            email="be@example.org", username="redaktion-be", password="x" * 12
        )
        api.group.add_user(groupname="landesredaktion-berlin", username="redaktion-be")
        api.user.create(
            email="hh@example.org", username="redaktion-hh", password="x" * 12
        )
        api.group.add_user(groupname="landesredaktion-hamburg", username="redaktion-hh")
        berlin = self.folder["berlin"]
        login(self.portal, "redaktion-be")
        self.assertEqual(
            [(r["external_id"], r["review_state"]) for r in export_records(berlin)],
            [("BE-1", "draft")],
        )
        login(self.portal, "redaktion-hh")
        self.assertEqual(list(export_records(berlin)), [])
        self.assertEqual(
            [r["external_id"] for r in export_records(berlin, restricted=False)],
            ["BE-1"],
        )

    def test_file_name(self):
        today = date(2025, 3, 1)
        self.assertEqual(
            file_name(self.folder["berlin"], "csv", today),
            "beratungsstellen-berlin-2025-03-01.csv",
        )
        self.assertEqual(
            file_name(self.folder, "json", today),
            "beratungsstellen-alle-2025-03-01.json",
        )
