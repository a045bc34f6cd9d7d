"""`make start PROFILE=relstorage` serves the site from PostgreSQL (DSN from the
environment), creating it on first start, with the initial user of instance.yaml."""

from pathlib import Path
from sozialplattform.site.testing import POSTGRES_FIXTURE
from sozialplattform.site.testing import REPOSITORY
from test_setup.test_two_commands import free_port
import hashlib
import os
import requests
import shutil
import signal
import subprocess
import tempfile
import time
import unittest
import uuid


class TestMakeStartRelStorage(unittest.TestCase):
    layer = POSTGRES_FIXTURE

    def setUp(self):
        postgres = self.layer["postgres"]
        self.database = f"start_{uuid.uuid4().hex[:8]}"
        postgres.create_database(self.database)
        self.dsn = postgres.dsn_for(self.database)
        self.tmp = Path(tempfile.mkdtemp(prefix="sp-start-relstorage-"))
        self.port = free_port()
        self.env = dict(
            os.environ,
            SOZIALPLATTFORM_PG_DSN=self.dsn,
            ZOPE_TARGET=str(self.tmp / "instance"),
            ZOPE_WSGI_LISTEN=f"127.0.0.1:{self.port}",
            ZOPE_LOG_DIRECTORY=str(self.tmp / "log"),
            ZOPE_DB_BLOBS_LOCATION=str(self.tmp / "blobcache"),
            ZOPE_DB_RELSTORAGE_CACHE_LOCAL_DIR=str(self.tmp / "cache"),
            SETUP_CONTENT="0",
        )
        for name in ("MAKEFLAGS", "MAKELEVEL", "MFLAGS"):
            self.env.pop(name, None)

    def tearDown(self):
        digest = hashlib.sha1(self.dsn.encode()).hexdigest()[:12]
        (REPOSITORY / "var" / f"inituser-applied-relstorage-{digest}").unlink(
            missing_ok=True
        )
        shutil.rmtree(self.tmp, ignore_errors=True)
        self.layer["postgres"].drop_database(self.database)

    def test_start_serves_from_postgresql(self):
        server = subprocess.Popen(
            ["make", "start", "PROFILE=relstorage"],
            cwd=REPOSITORY,
            env=self.env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            start_new_session=True,
        )
        try:
            base = f"http://127.0.0.1:{self.port}/Plone"
            deadline = time.monotonic() + 240
            while True:
                self.assertIsNone(server.poll(), "make start exited")
                try:
                    if requests.get(f"{base}/@@ok", timeout=5).text == "OK":
                        break
                except requests.ConnectionError:
                    pass
                self.assertLess(time.monotonic(), deadline, "no site within 240 s")
                time.sleep(0.5)
            site = requests.get(
                f"{base}/++api++/",
                headers={"Accept": "application/json"},
                auth=("admin", "admin"),
                timeout=30,
            )
            self.assertEqual(site.status_code, 200, site.text[:500])
            self.assertEqual(site.json()["title"], "Sozialplattform")
        finally:
            os.killpg(server.pid, signal.SIGTERM)
            output = server.communicate(timeout=60)[0]
        conf = (self.tmp / "instance/etc/zope.conf").read_text()
        self.assertIn(f"dsn {self.dsn}", conf)
        self.assertIn("keep-history false", conf)
        # the site lives in PostgreSQL: RelStorage's tables hold its objects
        count = self.layer["postgres"].client(
            "psql",
            "-At",
            "-d",
            self.database,
            "-c",
            "SELECT count(*) FROM object_state",
        )
        self.assertGreater(int(count.stdout.strip()), 1000, output[-2000:])
        # the local cache was written on shutdown, for a warm next start
        self.assertTrue(list((self.tmp / "cache").glob("*.sqlite3")), output[-2000:])
