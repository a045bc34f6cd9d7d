"""The bulk import applies the content rules: NaN, line breaks, markup, limits, flags."""

from plone.app.testing import setRoles
from plone.app.testing import TEST_USER_ID
from sozialplattform.site.bulk.exporter import export_records
from sozialplattform.site.bulk.importer import Importer
from sozialplattform.site.bulk.reader import read_data
from sozialplattform.site.content.views import confirm_data
from sozialplattform.site.testing import INTEGRATION_TESTING
from test_bulk.base import centre_row
from test_bulk.base import csv_data
import unittest


class ImportValidationTestCase(unittest.TestCase):
    layer = INTEGRATION_TESTING

    def setUp(self):
        self.portal = self.layer["portal"]
        setRoles(self.portal, TEST_USER_ID, ["Manager"])
        self.berlin = self.portal["beratungsstellen"]["berlin"]

    def run_import(self, data: bytes, format: str = "csv"):
        return Importer(self.portal, commit=None).run(read_data(data, format))

    def errors(self, report) -> list[tuple[int, str, str]]:
        return [(error.row, error.field, str(error.message)) for error in report.errors]


class TestRowErrors(ImportValidationTestCase):
    def test_bad_cells_are_row_errors(self):
        report = self.run_import(
            csv_data(
                [
                    centre_row("E-1", latitude="nan", longitude="nan"),
                    centre_row("E-2", latitude="52.5", longitude="inf"),
                    centre_row("E-3", title="Schuldner\nberatung"),
                    centre_row("E-4", street="Straße 1\nHinterhof"),
                    centre_row("E-5", email="<x>@example.org"),
                    centre_row("E-6", topics="schulden|schulden"),
                    centre_row("E-7", text="x" * 100_001),
                    centre_row("OK-1"),
                ]
            )
        )
        self.assertEqual((report.created, report.failed), (1, 7))
        self.assertEqual(
            [(row, field) for row, field, _message in self.errors(report)],
            [
                (2, "latitude"),
                (2, "longitude"),
                (3, "longitude"),
                (4, "title"),
                (5, "street"),
                (6, "email"),
                (7, "topics"),
                (8, "text"),
            ],
        )
        messages = {(row, field): m for row, field, m in self.errors(report)}
        self.assertEqual(messages[(2, "latitude")], "error_number")
        self.assertEqual(messages[(4, "title")], "error_line_break_not_allowed")
        self.assertEqual(messages[(8, "text")], "error_rich_text_too_long")

    def test_nan_in_a_json_file(self):
        data = (
            b'[{"external_id": "J-1", "title": "T", "postcode": "10115", '
            b'"city": "Berlin", "latitude": NaN, "longitude": Infinity}]'
        )
        report = self.run_import(data, "json")
        self.assertEqual(
            self.errors(report),
            [(1, "latitude", "error_number"), (1, "longitude", "error_number")],
        )
        self.assertEqual(report.created, 0)


class TestFunctionFlags(ImportValidationTestCase):
    def test_stored_true_may_be_imported_again(self):
        self.berlin.booking_participation = True
        self.run_import(csv_data([centre_row("BE-1", booking_enabled="ja")]))
        self.berlin.booking_participation = False
        # The export of the centre re-imports although Berlin left online booking.
        report = self.run_import(
            csv_data([centre_row("BE-1", booking_enabled="ja", city="Berlin-Mitte")])
        )
        self.assertEqual(self.errors(report), [])
        [centre] = self.berlin.objectValues()
        self.assertEqual(centre.city, "Berlin-Mitte")
        self.assertTrue(centre.booking_enabled)
        # Switching on is still refused.
        report = self.run_import(
            csv_data([centre_row("BE-2", online_counselling_enabled="ja")])
        )
        self.assertEqual(
            self.errors(report),
            [(2, "online_counselling_enabled", "error_state_not_participating")],
        )


class TestExportLastReviewed(ImportValidationTestCase):
    def test_last_reviewed_is_exported_and_ignored_on_import(self):
        self.run_import(csv_data([centre_row("BE-1")]))
        [centre] = self.berlin.objectValues()
        confirm_data(centre)
        [record] = export_records(self.berlin)
        self.assertEqual(record["last_reviewed"], centre.last_reviewed.isoformat())
        report = self.run_import(
            csv_data([centre_row("BE-1", last_reviewed="2001-01-01")])
        )
        self.assertEqual(self.errors(report), [])
        self.assertNotEqual(centre.last_reviewed.isoformat(), "2001-01-01")
