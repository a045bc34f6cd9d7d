"""Retention purge for cron: the REST service (instance running) and ``make purge``'s script
(instance stopped; a locked FileStorage ends with a clear message, not a traceback)."""

from DateTime import DateTime
from pathlib import Path
from plone import api
from plone.app.testing import SITE_OWNER_NAME
from plone.app.testing import SITE_OWNER_PASSWORD
from test_onboarding.fixtures import PASSWORD
from test_onboarding.fixtures import store
from test_onboarding.test_journey import EDITOR
from test_onboarding.test_journey import JSON
from test_onboarding.test_journey import OnboardingHTTPTestCase
from ZODB.FileStorage import FileStorage
import subprocess
import sys
import tempfile
import transaction
import unittest


ADMIN = (SITE_OWNER_NAME, SITE_OWNER_PASSWORD)
SITE_ADMIN = ("landesadmin", PASSWORD)
SERVICE = "@purge-onboarding-requests"


class TestPurgeService(OnboardingHTTPTestCase):
    def setUp(self):
        super().setUp()
        api.user.create(
            email="landesadmin@plattform.example",
            username=SITE_ADMIN[0],
            password=PASSWORD,
            roles=["Site Administrator"],
        )
        self.expired = self.closed("reject", postcode="10115")
        history = list(self.expired.workflow_history["onboarding_workflow"])
        history[-1] = dict(history[-1], time=DateTime() - 100)
        self.expired.workflow_history["onboarding_workflow"] = tuple(history)
        self.recent = self.closed("withdraw", postcode="10117")
        self.open = store(self.site, postcode="10119")
        self.expired_id = self.expired.getId()
        self.expired_path = "/".join(self.expired.getPhysicalPath())
        transaction.commit()

    def closed(self, transition: str, **changes):
        request = store(self.site, **changes)
        api.content.transition(request, transition=transition, comment="Kein Bedarf.")
        return request

    def post(self, auth) -> object:
        import requests

        return requests.post(
            self.url(f"++api++/{SERVICE}"), auth=auth, headers=JSON, timeout=30
        )

    def remaining(self) -> set[str]:
        return {request.getId() for request in self.requests_found()}

    def test_site_administrator_purges_from_cron_with_basic_auth(self):
        response = self.post(SITE_ADMIN)
        self.assertEqual(response.status_code, 200, response.text)
        self.assertEqual(
            response.json(),
            {"deleted": 1, "items": [self.expired_id], "paths": [self.expired_path]},
        )
        self.assertEqual(self.remaining(), {self.recent.getId(), self.open.getId()})
        # Nothing left to do: the next run deletes nothing.
        response = self.post(ADMIN)
        self.assertEqual(response.json(), {"deleted": 0, "items": [], "paths": []})

    def test_others_are_refused_and_nothing_is_deleted(self):
        for auth in (None, EDITOR, ("redaktion-bayern", PASSWORD)):
            response = self.post(auth)
            self.assertIn(response.status_code, (401, 403), auth)
        self.assertEqual(len(self.remaining()), 3)

    def test_get_is_not_a_purge(self):
        import requests

        response = requests.get(
            self.url(f"++api++/{SERVICE}"), auth=ADMIN, headers=JSON, timeout=30
        )
        self.assertNotEqual(response.status_code, 200)
        self.assertEqual(len(self.remaining()), 3)


ZOPE_CONF = """\
%define INSTANCEHOME {home}
instancehome $INSTANCEHOME
%define CLIENTHOME {home}/var
clienthome $CLIENTHOME
<zodb_db main>
  <filestorage>
    path {home}/var/Data.fs
  </filestorage>
  mount-point /
</zodb_db>
"""
SITE_ZCML = """\
<configure xmlns="http://namespaces.zope.org/zope"
           xmlns:five="http://namespaces.zope.org/five">
  <include package="Zope2.App" />
  <five:loadProducts file="meta.zcml" />
  <five:loadProducts />
  <five:loadProductsOverrides />
</configure>
"""


class TestPurgeScriptWithLockedDatabase(unittest.TestCase):
    """``make purge`` while the instance holds the FileStorage."""

    def setUp(self):
        self.home = Path(tempfile.mkdtemp(prefix="purge-"))
        (self.home / "etc").mkdir()
        (self.home / "var").mkdir()
        (self.home / "etc" / "zope.conf").write_text(ZOPE_CONF.format(home=self.home))
        (self.home / "etc" / "site.zcml").write_text(SITE_ZCML)

    def tearDown(self):
        import shutil

        shutil.rmtree(self.home, ignore_errors=True)

    def test_locked_database_gives_a_clear_message(self):
        running_instance = FileStorage(str(self.home / "var" / "Data.fs"))
        try:
            result = subprocess.run(
                [
                    sys.executable,
                    "-m",
                    "sozialplattform.site.maintenance",
                    str(self.home / "etc" / "zope.conf"),
                    "purge",
                ],
                capture_output=True,
                check=False,
                text=True,
                timeout=300,
            )
        finally:
            running_instance.close()
        self.assertEqual(result.returncode, 2, result.stderr)
        self.assertNotIn("Traceback", result.stderr)
        self.assertIn("locked by the running instance", result.stderr)
        self.assertIn("@purge-onboarding-requests", result.stderr)
        self.assertIn("ZEO/RelStorage", result.stderr)
        self.assertEqual(result.stdout, "")

    def test_wrong_call_prints_the_usage(self):
        from contextlib import redirect_stderr
        from io import StringIO
        from sozialplattform.site.maintenance import main

        output = StringIO()
        with redirect_stderr(output):
            self.assertEqual(main([]), 1)
            self.assertEqual(main(["zope.conf", "no-such-command"]), 1)
        self.assertIn("usage:", output.getvalue())
        for command in ("create-site", "import", "export", "purge", "run"):
            self.assertIn(f"  {command} ", output.getvalue())
