"""End to end: the Makefile's create-site and start bring up the site, as the README says.

Runs the real commands in subprocesses against a throw-away FileStorage, so that CI proves
`make start` works on a clean clone (after `make install`).
"""

from pathlib import Path
import json
import os
import shutil
import socket
import subprocess
import tempfile
import time
import unittest
import urllib.error
import urllib.request


ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class TestTwoCommands(unittest.TestCase):
    def setUp(self):
        self.tmp = Path(tempfile.mkdtemp(prefix="sp-two-commands-"))
        self.port = free_port()
        self.env = dict(
            os.environ,
            ZOPE_TARGET=str(self.tmp / "instance"),
            ZOPE_DB_FILESTORAGE_LOCATION=str(self.tmp / "Data.fs"),
            ZOPE_DB_BLOBS_LOCATION=str(self.tmp / "blobs"),
            ZOPE_WSGI_LISTEN=f"127.0.0.1:{self.port}",
        )
        self.env.pop("MAKEFLAGS", None)
        self.env.pop("MAKELEVEL", None)

    def tearDown(self):
        shutil.rmtree(self.tmp, ignore_errors=True)

    def make(self, *args, **env) -> subprocess.CompletedProcess:
        return subprocess.run(
            ["make", *args],
            check=False,
            cwd=ROOT,
            env=dict(self.env, **env),
            capture_output=True,
            text=True,
            timeout=600,
        )

    def get_json(self, url: str) -> dict:
        request = urllib.request.Request(url, headers={"Accept": "application/json"})
        with urllib.request.urlopen(request, timeout=10) as response:
            return json.load(response)

    def test_create_site_is_idempotent_and_start_serves_it(self):
        first = self.make("create-site")
        self.assertEqual(first.returncode, 0, first.stderr[-3000:])
        self.assertIn("Created site 'Plone'", first.stdout)

        again = self.make("create-site")
        self.assertEqual(again.returncode, 0, again.stderr[-3000:])
        self.assertIn("Site 'Plone' exists; nothing to do", again.stdout)

        recreated = self.make("create-site", DELETE_EXISTING="1")
        self.assertEqual(recreated.returncode, 0, recreated.stderr[-3000:])
        self.assertIn("Deleted existing site 'Plone'", recreated.stdout)

        server = subprocess.Popen(
            ["make", "start"],
            cwd=ROOT,
            env=self.env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            start_new_session=True,
        )
        try:
            url = f"http://127.0.0.1:{self.port}/Plone/++api++/"
            data, deadline = None, time.monotonic() + 120
            while data is None and time.monotonic() < deadline:
                if server.poll() is not None:
                    self.fail(f"make start exited: {server.stdout.read()[-3000:]}")
                try:
                    data = self.get_json(url)
                except (urllib.error.URLError, ConnectionError):
                    time.sleep(0.5)
            self.assertIsNotNone(data, "site did not answer within 120 s")
            self.assertEqual(data["title"], "Sozialplattform")
            self.assertEqual(data["language"]["token"], "de")

            busy = self.make("start")
            self.assertNotEqual(busy.returncode, 0)
            self.assertIn(f"port {self.port} on 127.0.0.1 is not free", busy.stderr)
        finally:
            os.killpg(server.pid, 15)
            server.wait(timeout=30)
            server.stdout.close()

    def test_broken_instance_yaml_key_fails_fast(self):
        result = self.make("start", ZOPE_DB_STORAGE="mysql")
        self.assertNotEqual(result.returncode, 0)
        self.assertIn("db_storage: 'mysql' is not one of", result.stderr)
