"""Import into the test site: drafts in the right State, updates, row errors, dry runs."""

from Acquisition import aq_base
from pathlib import Path
from plone import api
from plone.app.testing import setRoles
from plone.app.testing import TEST_USER_ID
from sozialplattform.site.bulk.importer import import_file
from sozialplattform.site.bulk.importer import Importer
from sozialplattform.site.bulk.importer import RowFailed
from sozialplattform.site.bulk.reader import read_data
from sozialplattform.site.bulk.report import Progress
from sozialplattform.site.bulk.report import write_error_report
from sozialplattform.site.functions.gating import available
from sozialplattform.site.functions.gating import grants
from sozialplattform.site.testing import INTEGRATION_TESTING
from test_bulk.base import centre_row
from test_bulk.base import csv_data
from ZODB.POSException import ConflictError
from zope.event import notify
from zope.i18n import translate
from zope.lifecycleevent import ObjectModifiedEvent
import io
import json
import os
import tempfile
import unittest


class ImportTestCase(unittest.TestCase):
    layer = INTEGRATION_TESTING

    def setUp(self):
        self.portal = self.layer["portal"]
        setRoles(self.portal, TEST_USER_ID, ["Manager"])
        self.folder = self.portal["beratungsstellen"]
        self.berlin = self.folder["berlin"]

    def run_import(self, rows, format="csv", **options):
        data = csv_data(rows) if format == "csv" else json.dumps(rows).encode()
        importer = Importer(self.portal, commit=None, **options)
        return importer.run(read_data(data, format))

    def centres(self, **query):
        return [
            brain.getObject()
            for brain in api.content.find(portal_type="CounsellingCentre", **query)
        ]

    def centre(self, external_id):
        [centre] = self.centres(external_id=external_id)
        return centre

    def errors(self, report):
        return [(error.row, error.field, str(error.message)) for error in report.errors]


class TestCreate(ImportTestCase):
    def test_imported_centres_were_granted_by_their_state(self):
        """A ministry's import: no onboarding, so every function is granted."""
        self.berlin.booking_participation = True
        self.run_import([centre_row("BE-1", booking_enabled="true")])
        centre = self.centre("BE-1")
        self.assertTrue(centre.booking_enabled)
        self.assertEqual(grants(centre), {"finder", "booking", "counselling"})
        self.assertEqual(
            available(centre), {"finder": True, "booking": True, "counselling": False}
        )

    def test_drafts_in_the_state_of_the_postcode(self):
        report = self.run_import(
            [
                centre_row("BE-1"),
                centre_row("HH-1", postcode="20095", city="Hamburg"),
                centre_row("SN-1", postcode="1067", city="Dresden"),
            ]
        )
        self.assertEqual((report.created, report.failed, report.total), (3, 0, 3))
        self.assertEqual(self.centre("BE-1").__parent__, self.berlin)
        self.assertEqual(self.centre("HH-1").__parent__, self.folder["hamburg"])
        sachsen = self.centre("SN-1")
        self.assertEqual(sachsen.__parent__, self.folder["sachsen"])
        self.assertEqual(sachsen.postcode, "01067")
        for centre in self.centres():
            self.assertEqual(api.content.get_state(centre), "draft")
        self.assertEqual(len(self.centres(state="DE-HH", topics="wohnen")), 1)
        # Coordinates come from the postcode, as for centres added in the site.
        self.assertAlmostEqual(self.centre("BE-1").latitude, 52.53, delta=0.05)

    def test_all_columns(self):
        report = self.run_import(
            [
                centre_row(
                    description="Hilfe bei Schulden.\nKostenlos.",
                    carrier="Caritas Berlin e. V.",
                    street="Invalidenstraße 1",
                    latitude="52,5",
                    longitude="13.4",
                    phone="+49 30 123456",
                    email="info@example.org",
                    website="https://example.org",
                    opening_hours="Mo 09:00-12:00; Do 14:00-18:00",
                    opening_hours_note="Nach Vereinbarung",
                    target_groups="eltern",
                    languages="de|tr",
                    channels="on_site|phone",
                    accessible="ja",
                    free_of_charge="x",
                    anonymous="1",
                    nationwide="nein",
                    external_booking_url="https://booking.example.org",
                    external_counselling_url="https://chat.example.org",
                    booking_enabled="",
                    online_counselling_enabled="false",
                    text="Wir helfen.\n\nTermine <nach> Absprache & mehr.",
                )
            ]
        )
        self.assertEqual(self.errors(report), [])
        centre = self.centre("BE-1")
        self.assertEqual(centre.carrier, "Caritas Berlin e. V.")
        self.assertEqual((centre.latitude, centre.longitude), (52.5, 13.4))
        self.assertEqual(centre.languages, ["de", "tr"])
        self.assertEqual(
            centre.opening_hours,
            [
                {"day": "mon", "start": "09:00", "end": "12:00"},
                {"day": "thu", "start": "14:00", "end": "18:00"},
            ],
        )
        self.assertEqual(
            (
                centre.accessible,
                centre.free_of_charge,
                centre.anonymous,
                centre.nationwide,
            ),
            (True, True, True, False),
        )
        self.assertEqual(
            centre.text.raw,
            "<p>Wir helfen.</p><p>Termine &lt;nach&gt; Absprache &amp; mehr.</p>",
        )
        self.assertEqual(centre.external_id, "BE-1")

    def test_publish_with_offers(self):
        rows = [
            {
                **centre_row("BE-1"),
                "topics": ["schulden"],
                "offers": [
                    {"title": "Sprechstunde auf Türkisch", "languages": ["tr"]},
                    {"title": "Budgetberatung", "costs": "kostenlos"},
                ],
            }
        ]
        report = self.run_import(rows, format="json", publish=True)
        self.assertEqual((report.created, report.published), (1, 1))
        centre = self.centre("BE-1")
        self.assertEqual(api.content.get_state(centre), "published")
        offers = centre.objectValues()
        self.assertEqual(len(offers), 2)
        self.assertEqual(
            {api.content.get_state(offer) for offer in offers}, {"published"}
        )
        # The centre is found by its published offers' tags.
        self.assertEqual(len(self.centres(languages="tr")), 1)

    def test_offer_errors(self):
        rows = [
            {
                **centre_row("BE-1"),
                "topics": ["schulden"],
                "offers": [
                    {"title": "Sprechstunde", "topics": ["astrologie"]},
                    {"costs": "5 €"},
                ],
            }
        ]
        report = self.run_import(rows, format="json")
        self.assertEqual(
            [(field, message) for _row, field, message in self.errors(report)],
            [
                ("offers[1].topics", "error_unknown_values"),
                ("offers[2].title", "Required input is missing."),
            ],
        )
        self.assertEqual(self.centres(), [])

    def test_ids_of_repeated_titles(self):
        self.run_import([centre_row(f"BE-{n}") for n in range(3)])
        self.assertEqual(
            sorted(self.berlin.objectIds()),
            [
                "schuldnerberatung-mitte",
                "schuldnerberatung-mitte-2",
                "schuldnerberatung-mitte-3",
            ],
        )

    def test_no_initial_version_unless_asked(self):
        self.run_import([centre_row("BE-1")])
        centre = self.centre("BE-1")
        self.assertFalse(hasattr(aq_base(centre), "version_id"))
        # The switch is gone again: the next edit saves a version as usual.
        self.assertNotIn("versioning_enabled", aq_base(centre).__dict__)
        notify(ObjectModifiedEvent(centre))
        self.assertEqual(aq_base(centre).version_id, 0)

        self.run_import([centre_row("BE-2")], versions=True)
        self.assertEqual(aq_base(self.centre("BE-2")).version_id, 0)

    def test_exported_coordinates_keep_following_the_postcode(self):
        self.run_import([centre_row("BE-1")])
        centre = self.centre("BE-1")
        self.run_import(
            [centre_row("BE-2", latitude=centre.latitude, longitude=centre.longitude)]
        )
        copy = self.centre("BE-2")
        self.assertEqual(copy._coordinates_from_postcode, "10115")


class TestRowErrors(ImportTestCase):
    def test_invalid_rows_do_not_stop_valid_ones(self):
        report = self.run_import(
            [
                centre_row("OK-1"),
                centre_row("E-1", postcode="99999"),
                centre_row("E-2", title="x" * 201),
                centre_row("E-3", carrier="<b>Caritas</b>"),
                centre_row("E-4", email="keine-adresse"),
                centre_row("E-5", website="www.example.org"),
                centre_row("E-6", phone="Ruf an!"),
                centre_row("E-7", topics="schulden|astrologie"),
                centre_row("E-8", booking_enabled="ja"),
                centre_row("OK-2", postcode="80331", city="München"),
                centre_row("E-9", external_booking_url="ftp://example.org"),
                centre_row("", title="Ohne Schlüssel"),
            ]
        )
        self.assertEqual((report.created, report.failed), (2, 10))
        self.assertEqual(
            self.errors(report),
            [
                (3, "postcode", "error_postcode_unknown"),
                (4, "title", "error_too_long"),
                (5, "carrier", "error_html_not_allowed"),
                (6, "email", "The specified email is not valid."),
                (7, "website", "error_web_address"),
                (8, "phone", "error_phone"),
                (9, "topics", "error_unknown_values"),
                (10, "booking_enabled", "error_state_not_participating"),
                (12, "external_booking_url", "error_web_address"),
                (13, "external_id", "Required input is missing."),
            ],
        )
        self.assertEqual(
            sorted(c.external_id for c in self.centres()), ["OK-1", "OK-2"]
        )
        unknown = report.errors[6].message
        self.assertEqual(unknown.mapping["values"], "astrologie")
        self.assertIn("schulden", unknown.mapping["allowed"])
        too_long = report.errors[1].message
        self.assertEqual(
            (too_long.mapping["max"], too_long.mapping["length"]), (200, 201)
        )

    def test_booking_where_the_state_takes_part(self):
        self.berlin.booking_participation = True
        report = self.run_import([centre_row(booking_enabled="ja")])
        self.assertEqual(self.errors(report), [])
        self.assertTrue(self.centre("BE-1").booking_enabled)

    def test_required_fields_and_coordinates(self):
        report = self.run_import(
            [
                {"external_id": "E-1", "postcode": "10115"},
                centre_row("E-2", latitude="52.5"),
                centre_row("E-3", latitude="60", longitude="13.4"),
            ]
        )
        self.assertEqual(
            self.errors(report),
            [
                (2, "title", "Required input is missing."),
                (2, "city", "Required input is missing."),
                (3, "longitude", "error_coordinates_pair"),
                (4, "latitude", "Value is too big"),
            ],
        )

    def test_external_id_twice_in_a_file(self):
        report = self.run_import(
            [centre_row("BE-1"), centre_row("BE-1", title="Doppelt")]
        )
        self.assertEqual(
            self.errors(report), [(3, "external_id", "error_external_id_repeated")]
        )
        self.assertEqual(report.errors[0].message.mapping["row"], 2)
        self.assertEqual(self.centre("BE-1").title, "Schuldnerberatung Mitte")

    def test_postcode_outside_germany(self):
        report = self.run_import([centre_row(postcode="87491", city="Jungholz")])
        self.assertEqual(
            self.errors(report), [(2, "postcode", "error_postcode_no_state")]
        )

    def test_report_text_and_csv(self):
        report = self.run_import([centre_row("OK-1"), centre_row("E-1", title="")])
        lines = report.lines("de")
        self.assertEqual(len(lines), 2)
        self.assertIn("Zeile 3 (external_id E-1), title: ", lines[0])
        # Messages are translated (zope.schema's catalogue has German).
        self.assertIn("Erforderliche Eingabe fehlt.", lines[0])
        self.assertIn(
            "1 centres created", translate(report.summary(), target_language="en")
        )
        stream = io.StringIO()
        write_error_report(report, stream, "de")
        self.assertEqual(
            stream.getvalue().splitlines(),
            [
                "row,external_id,field,message",
                "3,E-1,title,Erforderliche Eingabe fehlt.",
            ],
        )


class TestUpdate(ImportTestCase):
    def test_update_by_external_id(self):
        self.run_import(
            [centre_row("BE-1"), centre_row("BE-2", title="Familienberatung")]
        )
        centre = self.centre("BE-1")
        api.content.transition(centre, to_state="published")
        report = self.run_import(
            [
                centre_row("BE-1", phone="+49 30 999999"),
                centre_row("BE-2", title="Familienberatung"),
            ]
        )
        self.assertEqual((report.created, report.updated, report.unchanged), (0, 1, 1))
        self.assertEqual(len(self.centres()), 2)
        self.assertEqual(self.centre("BE-1").UID(), centre.UID())
        self.assertEqual(centre.phone, "+49 30 999999")
        self.assertEqual(api.content.get_state(centre), "published")
        self.assertEqual(api.content.get_state(self.centre("BE-2")), "draft")
        self.assertEqual(
            len(self.centres(SearchableText="999999")), 0
        )  # not indexed text
        self.assertEqual(self.centres(external_id="BE-1")[0].phone, "+49 30 999999")

    def test_missing_columns_are_not_touched(self):
        self.run_import([centre_row("BE-1", phone="+49 30 111111", carrier="AWO")])
        report = self.run_import([{"external_id": "BE-1", "carrier": "Diakonie"}])
        self.assertEqual((report.updated, report.failed), (1, 0))
        centre = self.centre("BE-1")
        self.assertEqual((centre.carrier, centre.phone), ("Diakonie", "+49 30 111111"))
        self.assertEqual(api.content.find(external_id="BE-1")[0].carrier, "Diakonie")

    def test_empty_cells_clear_fields(self):
        self.run_import([centre_row("BE-1", phone="+49 30 111111")])
        self.run_import([centre_row("BE-1", phone="", topics="")])
        centre = self.centre("BE-1")
        self.assertIsNone(centre.phone)
        self.assertEqual(centre.topics, [])

    def test_publish_publishes_drafts(self):
        self.run_import([centre_row("BE-1")])
        report = self.run_import([centre_row("BE-1")], publish=True)
        self.assertEqual((report.updated, report.published), (1, 1))
        self.assertEqual(api.content.get_state(self.centre("BE-1")), "published")
        report = self.run_import([centre_row("BE-1")], publish=True)
        self.assertEqual((report.unchanged, report.published), (1, 0))

    def test_offers_are_matched_by_title(self):
        row = {**centre_row("BE-1"), "topics": ["schulden"]}
        self.run_import(
            [{**row, "offers": [{"title": "Sprechstunde", "costs": "frei"}]}], "json"
        )
        self.run_import(
            [
                {
                    **row,
                    "offers": [
                        {"title": "Sprechstunde", "costs": "5 €"},
                        {"title": "Onlineberatung"},
                    ],
                }
            ],
            "json",
        )
        offers = {offer.title: offer for offer in self.centre("BE-1").objectValues()}
        self.assertEqual(sorted(offers), ["Onlineberatung", "Sprechstunde"])
        self.assertEqual(offers["Sprechstunde"].costs, "5 €")

    def test_postcode_of_another_state(self):
        self.run_import([centre_row("BE-1")])
        report = self.run_import([centre_row("BE-1", postcode="20095", city="Hamburg")])
        self.assertEqual(
            self.errors(report), [(2, "postcode", "error_postcode_other_state")]
        )
        self.assertEqual(self.centre("BE-1").postcode, "10115")

    def test_flag_kept_when_the_state_left_the_function(self):
        self.berlin.booking_participation = True
        self.run_import([centre_row("BE-1", booking_enabled="ja")])
        self.berlin.booking_participation = False
        # As in the REST API, a row that does not switch booking on is fine.
        report = self.run_import([{"external_id": "BE-1", "phone": "+49 30 2222"}])
        self.assertEqual(self.errors(report), [])
        self.assertTrue(self.centre("BE-1").booking_enabled)


class TestBatches(ImportTestCase):
    def test_conflicting_batch_is_retried(self):
        commits = []

        def commit():
            commits.append(len(self.centres()))
            if len(commits) == 1:
                raise ConflictError("simulated")

        rows = [centre_row(f"BE-{n}") for n in range(3)]
        importer = Importer(self.portal, commit=commit, batch_size=2)
        report = importer.run(read_data(csv_data(rows), "csv"))
        # Batch 1 conflicted, was rolled back and done again; then batch 2.
        self.assertEqual(commits, [2, 2, 3])
        self.assertEqual((report.created, report.failed, report.total), (3, 0, 3))
        self.assertEqual(
            sorted(c.external_id for c in self.centres()), ["BE-0", "BE-1", "BE-2"]
        )

    def test_too_many_conflicts(self):
        def commit():
            raise ConflictError("simulated")

        importer = Importer(self.portal, commit=commit)
        with self.assertRaises(ConflictError):
            importer.run(read_data(csv_data([centre_row()]), "csv"))

    def test_unexpected_error_names_the_row(self):
        importer = Importer(self.portal, commit=None, batch_size=2)

        def broken(state, values, offers, report):
            raise ValueError("kaputt")

        importer._create = broken
        rows = read_data(csv_data([centre_row(f"BE-{n}") for n in range(3)]), "csv")
        with self.assertRaises(RowFailed) as caught:
            importer.run(rows)
        self.assertEqual((caught.exception.row, caught.exception.batch_start), (2, 2))
        self.assertIn(
            "kaputt", translate(caught.exception.message(), target_language="en")
        )


class TestDryRun(ImportTestCase):
    def test_dry_run_writes_nothing(self):
        self.run_import([centre_row("BE-1")])
        before = self.centre("BE-1")
        report = self.run_import(
            [
                centre_row("BE-1", phone="+49 30 999999"),
                centre_row("BE-2"),
                centre_row("E-1", postcode="99999"),
            ],
            dry_run=True,
            publish=True,
        )
        self.assertEqual(
            (report.created, report.updated, report.failed, report.published),
            (1, 1, 1, 2),
        )
        self.assertTrue(report.dry_run)
        self.assertEqual([c.external_id for c in self.centres()], ["BE-1"])
        self.assertIsNone(before.phone)
        self.assertEqual(api.content.get_state(before), "draft")
        self.assertEqual(str(report.summary()), "report_summary_dry_run")

    def test_import_file(self):
        with tempfile.TemporaryDirectory() as directory:
            path = os.path.join(directory, "centres.json")
            with open(path, "w", encoding="utf-8") as stream:
                json.dump([{**centre_row(), "topics": ["schulden"]}], stream)
            progress = io.StringIO()
            report = import_file(
                self.portal, path, commit=None, progress_stream=progress
            )
        self.assertEqual(report.created, 1)
        self.assertEqual(progress.getvalue(), "")  # short files: no progress lines

    def test_progress(self):
        stream = io.StringIO()
        progress = Progress(400, stream)
        for done in range(1, 401):
            progress.update(done)
        lines = stream.getvalue().splitlines()
        self.assertEqual(len(lines), 101)  # 0% ... 100%
        self.assertTrue(lines[-1].startswith("Import: 100% (400/400 rows, "))


class TestDocumentedExamples(ImportTestCase):
    """The examples of docs/operators/bulk-import.md import as described."""

    def example(self, language: str) -> bytes:
        docs = (
            Path(__file__).resolve().parents[2]
            / "docs"
            / "operators"
            / "bulk-import.md"
        )
        text = docs.read_text(encoding="utf-8").split("### Example", 1)[1]
        return text.split(f"```{language}\n", 1)[1].split("```", 1)[0].encode("utf-8")

    def test_csv_example(self):
        report = Importer(self.portal, commit=None).run(
            read_data(self.example("text"), "csv")
        )
        self.assertEqual((report.created, report.failed), (2, 0))
        centre = self.centre("BE-0815")
        self.assertEqual(len(centre.opening_hours), 2)
        self.assertEqual(centre.text.raw.count("<p>"), 2)

    def test_json_example(self):
        report = Importer(self.portal, commit=None).run(
            read_data(self.example("json"), "json")
        )
        self.assertEqual((report.created, report.failed), (1, 0))
        self.assertEqual(len(self.centre("BE-0815").objectIds()), 1)
