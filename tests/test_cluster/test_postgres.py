"""The throw-away PostgreSQL server and the load balancer's configuration."""

from sozialplattform.site.cluster import run
from sozialplattform.site.cluster.postgres import TemporaryPostgres
from sozialplattform.site.testing import POSTGRES_FIXTURE
import psycopg2
import socket
import subprocess
import tempfile
import unittest


class TestServer(unittest.TestCase):
    layer = POSTGRES_FIXTURE

    def setting(self, name: str) -> str:
        with psycopg2.connect(self.layer["postgres"].dsn) as connection:
            with connection.cursor() as cursor:
                cursor.execute(f"SHOW {name}")
                value = cursor.fetchone()[0]
        connection.close()
        return value

    def test_settings_for_relstorage(self):
        self.assertEqual(self.setting("max_locks_per_transaction"), "256")
        self.assertEqual(self.setting("listen_addresses"), "127.0.0.1")
        self.assertEqual(self.setting("unix_socket_directories"), "")
        self.assertEqual(self.setting("server_encoding"), "UTF8")

    def test_a_second_database(self):
        postgres = self.layer["postgres"]
        postgres.create_database("second")
        try:
            listed = postgres.client(
                "psql", "-At", "-c", "SELECT datname FROM pg_database"
            )
            self.assertIn("second", listed.stdout.split())
        finally:
            postgres.drop_database("second")


class TestLifecycle(unittest.TestCase):
    def test_stop_removes_the_server_and_its_files(self):
        server = TemporaryPostgres().start()
        directory, port = server.directory, server.port
        self.assertTrue((directory / "data" / "PG_VERSION").exists())
        with socket.create_connection(("127.0.0.1", port), timeout=5):
            pass
        server.stop()
        self.assertFalse(directory.exists())
        with self.assertRaises(OSError):
            socket.create_connection(("127.0.0.1", port), timeout=2).close()
        server.stop()  # twice is harmless


class TestHAProxyConfig(unittest.TestCase):
    def test_backends_and_health_check(self):
        config = run.haproxy_config(8080, [8081, 8082])
        self.assertIn("bind 127.0.0.1:8080", config)
        self.assertIn("server instance-1 127.0.0.1:8081 check", config)
        self.assertIn("server instance-2 127.0.0.1:8082 check", config)
        self.assertIn("uri /Plone/@@ok", config)
        with tempfile.NamedTemporaryFile("w", suffix=".cfg") as handle:
            handle.write(config)
            handle.flush()
            checked = subprocess.run(
                [run.HAPROXY, "-c", "-q", "-f", handle.name],
                capture_output=True,
                text=True,
                check=False,
            )
        self.assertEqual(checked.returncode, 0, checked.stderr + checked.stdout)
