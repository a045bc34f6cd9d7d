"""The `import` and `export` maintenance commands (bulk/commands.py) and bench_import.py."""

from AccessControl.SecurityManagement import getSecurityManager
from AccessControl.SecurityManagement import setSecurityManager
from pathlib import Path
from plone.app.testing import setRoles
from plone.app.testing import TEST_USER_ID
from sozialplattform.site.bulk import commands
from sozialplattform.site.bulk.importer import Importer
from sozialplattform.site.bulk.reader import read_data
from sozialplattform.site.testing import INTEGRATION_TESTING
from test_bulk.base import centre_row
from test_bulk.base import csv_data
import contextlib
import importlib.util
import io
import tempfile
import unittest


SCRIPTS = Path(__file__).resolve().parents[2] / "scripts"


def load_script(name: str):
    spec = importlib.util.spec_from_file_location(
        f"script_{name}", SCRIPTS / f"{name}.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class TestOptions(unittest.TestCase):
    def test_import_options(self):
        options = commands.import_options(
            ["a.csv", "--publish"], environ={"SITE_ID": "Sozial"}
        )
        self.assertEqual(options.file, "a.csv")
        self.assertEqual(
            (options.publish, options.dry_run, options.versions), (True, False, False)
        )
        self.assertEqual((options.site, options.batch_size), ("Sozial", 500))
        with contextlib.redirect_stderr(io.StringIO()), self.assertRaises(SystemExit):
            commands.import_options([], environ={})

    def test_export_needs_csv_or_json(self):
        options = commands.export_options(["b.JSON", "--state", "berlin"], environ={})
        self.assertEqual(
            (options.file, options.state, options.site), ("b.JSON", "berlin", "Plone")
        )
        with contextlib.redirect_stderr(io.StringIO()), self.assertRaises(SystemExit):
            commands.export_options(["b.xlsx"], environ={})


class TestScriptsOnSite(unittest.TestCase):
    layer = INTEGRATION_TESTING

    def setUp(self):
        self.portal = self.layer["portal"]
        self.app = self.layer["app"]
        setRoles(self.portal, TEST_USER_ID, ["Manager"])
        self.security = getSecurityManager()

    def tearDown(self):
        setSecurityManager(self.security)

    def test_bench_rows_are_valid_and_spread_over_all_states(self):
        bench = load_script("bench_import")
        rows = bench.generate_rows(48)
        self.assertEqual(len({row["external_id"] for row in rows}), 48)
        report = Importer(self.portal, commit=None).run(
            read_data(csv_data(rows, ";"), "csv")
        )
        self.assertEqual(report.errors, [])
        self.assertEqual(report.created, 48)
        states = self.portal["beratungsstellen"].objectValues()
        self.assertEqual(sum(1 for state in states if len(state)), 16)

    def test_import_script_reports_file_errors(self):
        stderr = io.StringIO()
        with (
            contextlib.redirect_stderr(stderr),
            contextlib.redirect_stdout(io.StringIO()),
        ):
            code = commands.import_centres(
                self.app, ["/nonexistent/c.csv", "--site", "plone"]
            )
            self.assertEqual(code, 2)
            code = commands.import_centres(self.app, ["c.csv", "--site", "nope"])
            self.assertEqual(code, 2)
        self.assertIn("The file /nonexistent/c.csv does not exist.", stderr.getvalue())
        self.assertIn("No site 'nope'", stderr.getvalue())

    def test_export_script(self):
        Importer(self.portal, commit=None).run(
            read_data(csv_data([centre_row("BE-1")]), "csv")
        )
        with tempfile.TemporaryDirectory() as directory:
            path = Path(directory) / "berlin.csv"
            options = commands.export_options(
                [str(path), "--state", "berlin"], environ={}
            )
            self.assertEqual(commands.export(self.portal, options), 1)
            text = path.read_text(encoding="utf-8-sig")
            options.state = "atlantis"
            self.assertEqual(commands.export(self.portal, options), -1)
        self.assertIn("BE-1;Schuldnerberatung Mitte;", text)
        self.assertEqual(len(text.splitlines()), 2)
