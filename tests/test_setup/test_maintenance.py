"""The maintenance runner (``python -m sozialplattform.site.maintenance``) and retention."""

from AccessControl.SecurityManagement import getSecurityManager
from AccessControl.SpecialUsers import system
from DateTime import DateTime
from datetime import datetime
from datetime import timedelta
from datetime import UTC
from plone import api
from plone.app.testing import setRoles
from plone.app.testing import TEST_USER_ID
from sozialplattform.site import maintenance
from sozialplattform.site import retention
from sozialplattform.site.maintenance.commands import run_script
from sozialplattform.site.testing import INTEGRATION_TESTING
from zope.component import getGlobalSiteManager
import contextlib
import io
import tempfile
import unittest


class TestRunner(unittest.TestCase):
    def test_every_feature_registers_its_commands(self):
        commands = maintenance.load_commands()
        for name in ("create-site", "import", "export", "purge", "reminders", "run"):
            self.assertEqual(commands[name].name, name)
        self.assertIn("@purge-onboarding-requests", commands["purge"].while_running)
        self.assertIn("@booking-maintenance", commands["reminders"].while_running)

    def test_system_user_and_back(self):
        before = getSecurityManager().getUser()
        with maintenance.system_user():
            self.assertIs(getSecurityManager().getUser(), system)
        self.assertIs(getSecurityManager().getUser(), before)

    def test_run_gives_the_script_app_and_its_arguments(self):
        with tempfile.NamedTemporaryFile("w", suffix=".py") as script:
            script.write("import sys\nprint(app, sys.argv[1:])\nsys.exit(3)\n")
            script.flush()
            output = io.StringIO()
            with contextlib.redirect_stdout(output):
                code = run_script("the-app", [script.name, "--rows", "5"])
        self.assertEqual(code, 3)
        self.assertEqual(output.getvalue(), "the-app ['--rows', '5']\n")


class TestRetention(unittest.TestCase):
    layer = INTEGRATION_TESTING

    def setUp(self):
        self.portal = self.layer["portal"]
        setRoles(self.portal, TEST_USER_ID, ["Manager"])
        self.policy = retention.RetentionPolicy(
            portal_type="Document",
            days=lambda: 30,
            date=retention.field_date("creation_date"),
            label="documents",
        )
        registry = getGlobalSiteManager()
        registry.registerUtility(
            self.policy, retention.IRetentionPolicy, name="test-documents"
        )
        self.addCleanup(
            registry.unregisterUtility,
            self.policy,
            retention.IRetentionPolicy,
            name="test-documents",
        )

    def test_onboarding_registers_its_policy(self):
        names = [name for name, _policy in retention.policies()]
        self.assertIn("onboarding-requests", names)

    def test_any_type_any_date_field_any_period(self):
        old = api.content.create(self.portal, "Document", id="alt", title="Alt")
        old.creation_date = DateTime() - 31
        new = api.content.create(self.portal, "Document", id="neu", title="Neu")
        self.assertEqual(retention.expired(self.portal, self.policy), [old])
        removed = retention.purge_all(self.portal)
        self.assertEqual(removed["test-documents"], ["/".join(old.getPhysicalPath())])
        self.assertNotIn("alt", self.portal)
        self.assertIn("neu", self.portal)
        later = datetime.now(UTC) + timedelta(days=31)
        self.assertIn(new, retention.expired(self.portal, self.policy, later))

    def test_dates_of_every_kind(self):
        when = datetime(2026, 1, 2, 3, 4, tzinfo=UTC)
        for value in (when, when.replace(tzinfo=None), DateTime(when.isoformat())):
            self.assertEqual(retention.aware(value), when)
        self.assertEqual(retention.aware(when.date()), datetime(2026, 1, 2, tzinfo=UTC))
        self.assertIsNone(retention.aware(None))
