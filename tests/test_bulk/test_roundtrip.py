"""Acceptance: the export of the example content imports again, as CSV and as JSON.

Runs the commands of `make export` and `make import` (with their commits: the functional
layer throws each test's storage away), as the maintenance runner does: system user.
"""

from AccessControl.SecurityManagement import getSecurityManager
from AccessControl.SecurityManagement import setSecurityManager
from pathlib import Path
from plone import api
from plone.app.testing import setRoles
from plone.app.testing import TEST_USER_ID
from sozialplattform.site.bulk import commands
from sozialplattform.site.bulk.exporter import export_records
from sozialplattform.site.bulk.exporter import render
from sozialplattform.site.bulk.importer import Importer
from sozialplattform.site.bulk.reader import CellError
from sozialplattform.site.bulk.reader import FileError
from sozialplattform.site.bulk.reader import parse_hours
from sozialplattform.site.bulk.reader import read_data
from sozialplattform.site.bulk.reader import read_error
from sozialplattform.site.bulk.reader import read_file
from sozialplattform.site.content.forms import OpeningHoursConverter
from sozialplattform.site.content.interfaces import ICounsellingCentre
from sozialplattform.site.maintenance import system_user
from sozialplattform.site.testing import DISTRIBUTION_FUNCTIONAL_TESTING
from sozialplattform.site.testing import DISTRIBUTION_SITE_ID
from sozialplattform.site.testing import INTEGRATION_TESTING
from unittest import mock
from z3c.form.converter import FormatterValidationError
from zope.component.hooks import getSite
from zope.component.hooks import setSite
from zope.i18n import translate
import contextlib
import io
import tempfile
import unittest


class TestExampleContentRoundTrip(unittest.TestCase):
    layer = DISTRIBUTION_FUNCTIONAL_TESTING

    def setUp(self):
        self.app = self.layer["app"]
        self.site = self.app[DISTRIBUTION_SITE_ID]
        self.previous_site = getSite()
        self.security = getSecurityManager()
        self.directory = tempfile.TemporaryDirectory()

    def tearDown(self):
        self.directory.cleanup()
        setSecurityManager(self.security)
        setSite(self.previous_site)

    def run_script(self, command, *args: str) -> tuple[int, str, str]:
        stdout, stderr = io.StringIO(), io.StringIO()
        arguments = [*args, "--site", DISTRIBUTION_SITE_ID]
        with (
            contextlib.redirect_stdout(stdout),
            contextlib.redirect_stderr(stderr),
            system_user(),
        ):
            code = command(self.app, arguments)
        return code, stdout.getvalue(), stderr.getvalue()

    def centres(self) -> list[str]:
        catalog = self.site.portal_catalog
        return sorted(
            brain.getPath()
            for brain in catalog.unrestrictedSearchResults(
                portal_type="CounsellingCentre"
            )
        )

    def round_trip(self, format: str, state: str):
        path = str(Path(self.directory.name) / f"berlin.{format}")
        code, out, err = self.run_script(
            commands.export_centres, path, "--state", state
        )
        self.assertEqual((code, err), (0, ""))
        before = self.centres()
        count = len([p for p in before if "/beratungsstellen/berlin/" in p])
        self.assertGreater(count, 0)
        self.assertIn(f"{count} Beratungsstellen nach {path} exportiert.", out)
        for options in (["--dry-run"], [], []):
            code, out, err = self.run_script(commands.import_centres, path, *options)
            self.assertEqual(code, 0, out + err)
            [summary] = out.splitlines()  # no error lines
            self.assertIn(f"{count} Zeilen: 0 ", summary)
            self.assertIn(f"0 aktualisiert, {count} unverändert", summary)
            self.assertEqual(self.centres(), before)
        # The UID only keys the file: the centres keep having no external_id.
        berlin = self.site["beratungsstellen"]["berlin"].objectValues()
        self.assertEqual({centre.external_id for centre in berlin}, {None})

    def test_csv(self):
        self.round_trip("csv", "de-be")

    def test_json(self):
        self.round_trip("json", "berlin")


class TestKeyedByUid(unittest.TestCase):
    """A centre made in the site has no external_id: the export writes its UID."""

    layer = INTEGRATION_TESTING

    def setUp(self):
        self.portal = self.layer["portal"]
        setRoles(self.portal, TEST_USER_ID, ["Manager"])
        self.centre = api.content.create(
            container=self.portal["beratungsstellen"]["berlin"],
            type="CounsellingCentre",
            title="Beratung im Kiez",
            postcode="10115",
            city="Berlin",
        )

    def import_text(self, text: str, format: str):
        return Importer(self.portal, commit=None).run(
            read_data(text.encode("utf-8"), format)
        )

    def test_uid_written_and_matched(self):
        [record] = export_records(self.portal["beratungsstellen"])
        self.assertEqual(record["external_id"], self.centre.UID())
        for format in ("csv", "json"):
            report = self.import_text(render([record], format), format)
            self.assertEqual(report.errors, [])
            self.assertEqual((report.unchanged, report.created), (1, 0))
        record["phone"] = "+49 30 1234"
        report = self.import_text(render([record], "csv"), "csv")
        self.assertEqual((report.updated, report.created, report.failed), (1, 0, 0))
        self.assertEqual(self.centre.phone, "+49 30 1234")
        # The UID is no id of the ministry's directory: external_id stays empty.
        self.assertIsNone(self.centre.external_id)
        self.assertEqual(len(self.portal["beratungsstellen"]["berlin"]), 1)

    def test_uid_finds_a_centre_with_its_own_external_id(self):
        self.centre.external_id = "BE-7"
        self.centre.reindexObject()
        [record] = export_records(self.portal["beratungsstellen"])
        self.assertEqual(record["external_id"], "BE-7")
        # A file keyed by the UID still finds the centre and keeps its external_id.
        record.update(external_id=self.centre.UID(), city="Berlin-Mitte")
        report = self.import_text(render([record], "json"), "json")
        self.assertEqual((report.updated, report.created, report.failed), (1, 0, 0))
        self.assertEqual(
            (self.centre.city, self.centre.external_id), ("Berlin-Mitte", "BE-7")
        )


class TestMessages(unittest.TestCase):
    layer = INTEGRATION_TESTING

    def test_opening_hours_start_after_end(self):
        for text in ("Mo 12:00-09:00", "Di 10:00-10:00"):
            with self.assertRaises(CellError) as caught:
                parse_hours(f"Mo 08:00-09:00; {text}")
            message = caught.exception.message
            self.assertEqual(message, "error_opening_hours_entry_order")
            self.assertEqual(message.mapping, {"number": 2, "entry": text})
        with self.assertRaises(CellError) as caught:
            parse_hours("Mo früh")
        self.assertEqual(caught.exception.message, "error_opening_hours_entry")

    def test_forms_say_the_same(self):
        converter = OpeningHoursConverter(
            ICounsellingCentre["opening_hours"], mock.Mock()
        )
        with self.assertRaises(FormatterValidationError) as caught:
            converter.toFieldValue("Mo 09:00-12:00\nMo 12:00-09:00")
        message = caught.exception.message
        self.assertEqual(message, "error_opening_hours_line_order")
        self.assertEqual(message.mapping, {"number": 2, "line": "Mo 12:00-09:00"})
        self.assertIn("start must be before the end", translate(message))
        with self.assertRaises(FormatterValidationError) as caught:
            converter.toFieldValue("Mo früh")
        self.assertEqual(caught.exception.message, "error_opening_hours_line")

    def test_missing_file_names_the_path(self):
        with tempfile.TemporaryDirectory() as directory:
            path = Path(directory) / "fehlt.csv"
            with self.assertRaises(FileError) as caught:
                read_file(path)
            self.assertEqual(caught.exception.message, "error_file_not_found")
            self.assertEqual(caught.exception.message.mapping, {"path": str(path)})
            (Path(directory) / "ordner.csv").mkdir()
            with self.assertRaises(FileError) as caught:
                read_file(Path(directory) / "ordner.csv")
            self.assertEqual(caught.exception.message, "error_file_is_directory")
        relative = read_error("c.csv", FileNotFoundError())
        self.assertEqual(relative.mapping["path"], str(Path.cwd() / "c.csv"))

    def test_import_script_names_the_path(self):
        stderr = io.StringIO()
        with contextlib.redirect_stderr(stderr), system_user():
            code = commands.import_centres(
                self.layer["app"], ["/nicht/da.json", "--site", "plone"]
            )
        self.assertEqual(code, 2)
        self.assertIn("/nicht/da.json", stderr.getvalue())
        self.assertNotIn("No such file", stderr.getvalue())


class TestExportState(unittest.TestCase):
    layer = INTEGRATION_TESTING

    def setUp(self):
        self.portal = self.layer["portal"]
        self.folder = self.portal["beratungsstellen"]
        self.script = commands

    def test_id_or_iso_code(self):
        for name in ("berlin", "DE-BE", "de-be", " De-Be "):
            self.assertEqual(
                self.script.find_state(self.folder, name).getId(), "berlin"
            )
        self.assertIsNone(self.script.find_state(self.folder, "BY"))
        self.assertIsNone(self.script.find_state(self.folder, "atlantis"))

    def test_unknown_state_lists_ids_and_codes(self):
        security = getSecurityManager()
        stderr = io.StringIO()
        try:
            with contextlib.redirect_stderr(stderr), tempfile.TemporaryDirectory() as d:
                argv = [f"{d}/x.csv", "--state", "atlantis", "--site", "plone"]
                with system_user():
                    code = commands.export_centres(self.layer["app"], argv)
        finally:
            setSecurityManager(security)
            setSite(self.portal)
        self.assertEqual(code, 2)
        self.assertIn("atlantis", stderr.getvalue())
        self.assertIn("berlin (DE-BE)", stderr.getvalue())
        self.assertIn("bayern (DE-BY)", stderr.getvalue())

    def test_export_by_iso_code(self):
        security = getSecurityManager()
        stdout = io.StringIO()
        try:
            with contextlib.redirect_stdout(stdout), tempfile.TemporaryDirectory() as d:
                argv = [f"{d}/x.json", "--state", "DE-BE", "--site", "plone"]
                with system_user():
                    code = commands.export_centres(self.layer["app"], argv)
        finally:
            setSecurityManager(security)
            setSite(self.portal)
        self.assertEqual(
            (code, stdout.getvalue().split(" to ")[0]), (0, "Exported 0 centres")
        )
