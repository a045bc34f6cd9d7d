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

    def start_server(self) -> subprocess.Popen:
        return subprocess.Popen(
            ["make", "start"],
            cwd=ROOT,
            env=self.env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            start_new_session=True,
        )

    def stop_server(self, server: subprocess.Popen) -> str:
        os.killpg(server.pid, 15)
        output = server.communicate(timeout=60)[0]
        return output

    def wait_for_site(self, server: subprocess.Popen) -> dict:
        url = f"http://127.0.0.1:{self.port}/Plone/++api++/"
        deadline = time.monotonic() + 180
        while time.monotonic() < deadline:
            if server.poll() is not None:
                self.fail(f"make start exited: {server.stdout.read()[-3000:]}")
            try:
                return self.get_json(url)
            except (urllib.error.URLError, ConnectionError):
                time.sleep(0.5)
        self.fail("site did not answer within 180 s")

    def test_start_creates_the_site_then_create_site_is_idempotent(self):
        server = self.start_server()
        try:
            data = self.wait_for_site(server)
            self.assertEqual(data["title"], "Sozialplattform")
            self.assertEqual(data["language"]["token"], "de")
            front = self.get_json(
                f"http://127.0.0.1:{self.port}/Plone/++api++/beratungsstellen"
            )
            self.assertEqual(len(front["items"]), 16)

            busy = self.make("start")
            self.assertNotEqual(busy.returncode, 0)
            self.assertIn(f"port {self.port} on 127.0.0.1 is not free", busy.stderr)

            held = self.make("create-site")
            self.assertNotEqual(held.returncode, 0)
            self.assertIn("is in use by another running instance", held.stderr)
            self.assertNotIn("Traceback", held.stderr)
        finally:
            output = self.stop_server(server)
        self.assertIn("Created site 'Plone'", output)

        again = self.make("create-site")
        self.assertEqual(again.returncode, 0, again.stderr[-3000:])
        self.assertIn("Site 'Plone' exists; nothing to do", again.stdout)

        recreated = self.make("create-site", DELETE_EXISTING="1", SETUP_CONTENT="0")
        self.assertEqual(recreated.returncode, 0, recreated.stderr[-3000:])
        self.assertIn("Deleted existing site 'Plone'", recreated.stdout)
        self.assertIn("Created site 'Plone'", recreated.stdout)

        # The second start finds the site and does not create it again.
        server = self.start_server()
        try:
            self.assertEqual(self.wait_for_site(server)["title"], "Sozialplattform")
        finally:
            output = self.stop_server(server)
        self.assertIn("Site 'Plone' exists", output)
        self.assertNotIn("Created site", output)

    def test_broken_instance_yaml_key_fails_fast(self):
        result = self.make("start", ZOPE_DB_STORAGE="mysql")
        self.assertNotEqual(result.returncode, 0)
        self.assertIn("db_storage: 'mysql' is not one of", result.stderr)
