"""scripts/instance.py renders instance/ from instance.yaml and fails fast on bad input."""

from pathlib import Path
from test_setup.scripts import load_script
from test_setup.scripts import ROOT
import socket
import tempfile
import unittest


instance = load_script("instance")


class TemporaryRootTestCase(unittest.TestCase):
    """The script works in a temporary repository root (with ``profiles/``)."""

    def setUp(self):
        self.tmp = Path(tempfile.mkdtemp())
        (self.tmp / "profiles").mkdir()
        self.original_root = instance.ROOT
        instance.ROOT = self.tmp

    def tearDown(self):
        instance.ROOT = self.original_root

    def load_error(self, *profile: str, environ: dict | None = None) -> str:
        """The message of the ConfigError that ``instance.load_config`` must raise."""
        with self.assertRaises(instance.ConfigError) as raised:
            instance.load_config(*profile, environ=environ or {})
        return str(raised.exception)


class TestLoadConfig(TemporaryRootTestCase):
    def write(self, text, name="instance.yaml"):
        (self.tmp / name).write_text(text)

    def test_defaults_from_repository_file(self):
        instance.ROOT = self.original_root
        config = instance.load_config(environ={})
        self.assertEqual(config["db_storage"], "direct")
        self.assertEqual(config["initial_user_name"], "admin")
        self.assertEqual(config["wsgi_listen"], "localhost:8080")

    def test_unknown_key_is_named(self):
        self.write("default_context:\n  wsgi_lisen: localhost:8080\n")
        self.assertIn("unknown key(s) wsgi_lisen", self.load_error())

    def test_invalid_yaml(self):
        self.write("default_context: [unclosed\n")
        self.assertIn("not valid YAML", self.load_error())

    def test_invalid_values(self):
        for text, message in (
            ("db_storage: mysql", "db_storage"),
            ("wsgi_listen: 8080", "wsgi_listen"),
            ("wsgi_threads: many", "wsgi_threads"),
            ("debug_mode: perhaps", "debug_mode"),
        ):
            self.write(f"default_context:\n  {text}\n")
            self.assertIn(message, self.load_error())

    def test_profile_and_environment_override(self):
        self.write("default_context:\n  wsgi_listen: localhost:8080\n")
        self.write(
            "default_context:\n  db_storage: relstorage\n"
            "  db_relstorage_postgresql_dsn: dbname=x\n",
            "profiles/pg.yaml",
        )
        config = instance.load_config(
            "pg", environ={"ZOPE_WSGI_LISTEN": "127.0.0.1:9000"}
        )
        self.assertEqual(config["db_storage"], "relstorage")
        self.assertEqual(config["wsgi_listen"], "127.0.0.1:9000")

    def test_public_url_reaches_the_environment(self):
        self.write("default_context:\n  public_url: https://www.example.org/\n")
        config = instance.load_config(environ={})
        self.assertEqual(
            config["environment"]["SOZIALPLATTFORM_PUBLIC_URL"],
            "https://www.example.org/",
        )
        config = instance.load_config(
            environ={"SOZIALPLATTFORM_PUBLIC_URL": "https://test.example.org"}
        )
        self.assertEqual(
            config["environment"]["SOZIALPLATTFORM_PUBLIC_URL"],
            "https://test.example.org",
        )

    def test_public_url_must_be_an_http_url(self):
        for value in ("www.example.org", "ftp://example.org", "https://x.org/?a=1"):
            self.write(f"default_context:\n  public_url: '{value}'\n")
            self.assertIn("SOZIALPLATTFORM_PUBLIC_URL", self.load_error())

    def test_unknown_profile(self):
        self.write("default_context: {}\n")
        self.assertIn("unknown profile 'nope'", self.load_error("nope"))


class TestRender(unittest.TestCase):
    def config(self, **overrides):
        config = dict(instance.DEFAULTS)
        config.update(overrides)
        return config

    def test_filestorage(self):
        conf = instance.render_zope_conf(self.config(), Path("/srv/instance"))
        self.assertIn("<filestorage>", conf)
        self.assertIn("var/filestorage/Data.fs", conf)
        self.assertIn("blob-dir", conf)
        self.assertNotIn("relstorage", conf)

    def test_relstorage(self):
        conf = instance.render_zope_conf(
            self.config(
                db_storage="relstorage",
                db_blob_mode="cache",
                db_relstorage_postgresql_dsn="dbname='sp'",
            ),
            Path("/srv/instance"),
        )
        self.assertTrue(conf.startswith("# Generated"))
        self.assertIn("%import relstorage\n%define INSTANCEHOME", conf)
        self.assertIn("dsn dbname='sp'", conf)
        self.assertIn("shared-blob-dir false", conf)

    def test_relstorage_caches(self):
        config = self.config(
            db_storage="relstorage",
            db_relstorage_postgresql_dsn="dbname='sp'",
            db_relstorage_cache_local_mb=300,
            db_relstorage_cache_local_dir="/srv/cache",
        )
        conf = instance.render_zope_conf(config, Path("/srv/instance"))
        self.assertIn("    cache-local-mb 300\n    cache-local-dir /srv/cache\n", conf)
        self.assertNotIn("poll-interval", conf)
        plain = instance.render_zope_conf(
            self.config(db_storage="relstorage", db_relstorage_postgresql_dsn="x"),
            Path("/srv/instance"),
        )
        self.assertNotIn("cache-local", plain)

    def test_repository_relstorage_profile(self):
        config = instance.load_config(
            "relstorage", environ={"SOZIALPLATTFORM_PG_DSN": "dbname=sp"}
        )
        self.assertEqual(config["db_blob_mode"], "cache")
        self.assertFalse(config["db_relstorage_keep_history"])
        self.assertGreaterEqual(config["db_relstorage_cache_local_mb"], 100)
        conf = instance.render_zope_conf(config, Path("/srv/instance"))
        self.assertIn("keep-history false", conf)
        self.assertIn("shared-blob-dir false", conf)
        self.assertIn("dsn dbname=sp", conf)
        self.assertIn(f"cache-local-dir {ROOT / 'var/relstorage-cache'}", conf)

    def test_log_directory(self):
        config = self.config(log_directory="/srv/log/instance-2")
        ini = instance.render_zope_ini(config, Path("/srv"))
        self.assertIn("/srv/log/instance-2/access.log", ini)
        self.assertIn("/srv/log/instance-2/event.log", ini)
        conf = instance.render_zope_conf(config, Path("/srv/instance"))
        self.assertIn("pid-filename /srv/log/instance-2/Z4.pid", conf)

    def test_zope_ini_listen(self):
        ini = instance.render_zope_ini(
            self.config(wsgi_listen="0.0.0.0:8081"), Path("/srv")
        )
        self.assertIn("listen = 0.0.0.0:8081", ini)

    def test_inituser_hash(self):
        line = instance.render_inituser(self.config(initial_user_password="secret"))
        self.assertEqual(line, "admin:{SHA}5en6G6MezRroT3XKqkdPOmY/BfQ=\n")


class TestPortCheck(unittest.TestCase):
    def test_busy_port_is_reported(self):
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            sock.listen()
            port = sock.getsockname()[1]
            original = instance.load_config
            instance.load_config = lambda profile: {"wsgi_listen": f"127.0.0.1:{port}"}
            try:
                with self.assertRaises(instance.ConfigError) as raised:
                    instance.check_port(None)
            finally:
                instance.load_config = original
        self.assertIn(f"port {port}", str(raised.exception))
        self.assertIn("ZOPE_WSGI_LISTEN", str(raised.exception))


class TestLock(unittest.TestCase):
    def test_repository_lock_pins_the_platform(self):
        pins = instance.read_lock(ROOT / "constraints.txt")
        self.assertEqual(pins["plone"], "6.2.2")
        self.assertEqual(pins["products-cmfplone"], "6.2.2")
        self.assertTrue(pins["plone-app-layout"].startswith("6."))
        self.assertTrue(pins["plone-restapi"].startswith("10."))
        for name in ("zope-testrunner", "playwright", "aiosmtpd", "relstorage"):
            self.assertIn(name, pins)

    def test_unpinned_line_rejected(self):
        tmp = Path(tempfile.mkdtemp()) / "lock.txt"
        tmp.write_text("plone==6.2.2\nrequests>=2\n")
        with self.assertRaises(instance.ConfigError):
            instance.read_lock(tmp)


class TestFailFast(TemporaryRootTestCase):
    """Bad settings, a held database and a drifting lock stop with one clear message."""

    def write(self, text):
        (self.tmp / "instance.yaml").write_text(f"default_context:\n{text}")

    def test_bad_mail_port_in_environment(self):
        self.write("  environment:\n    SOZIALPLATTFORM_SMTP_PORT: abc\n")
        self.assertIn(
            "SOZIALPLATTFORM_SMTP_PORT='abc' is not a port", self.load_error()
        )

    def test_bad_sender_from_process_environment(self):
        self.write("  environment:\n    SOZIALPLATTFORM_MAIL_FROM: a@b.example\n")
        self.assertIn(
            "not an e-mail address",
            self.load_error(environ={"SOZIALPLATTFORM_MAIL_FROM": "nobody"}),
        )

    def test_no_worker_threads(self):
        self.write("  wsgi_threads: 0\n")
        self.assertIn("wsgi_threads", self.load_error())

    def test_unresolvable_host(self):
        self.write("  wsgi_listen: no-such-host.invalid:8080\n")
        with self.assertRaises(instance.ConfigError) as raised:
            instance.check_port(None)
        self.assertIn("cannot be resolved", str(raised.exception))

    def test_database_held_by_another_process(self):
        import zc.lockfile

        self.write("  db_filestorage_location: var/Data.fs\n")
        config = instance.load_config(environ={})
        (self.tmp / "var").mkdir()
        (self.tmp / "var/Data.fs").write_bytes(b"")
        instance.check_database_lock(config)  # free: no error
        lock = zc.lockfile.LockFile(str(self.tmp / "var/Data.fs.lock"))
        try:
            with self.assertRaises(instance.ConfigError) as raised:
                instance.check_database_lock(config)
        finally:
            lock.close()
        self.assertIn("in use by another running instance", str(raised.exception))

    def test_inituser_only_for_a_new_database(self):
        self.write("  initial_user_password: secret\n")
        inituser = self.tmp / "instance/inituser"
        instance.render(None)
        self.assertTrue(inituser.read_text().startswith("admin:{SHA}"))
        (self.tmp / "var/filestorage/Data.fs").write_bytes(b"")
        instance.render(None)
        self.assertFalse(inituser.exists())

    def test_inituser_once_for_a_server_database(self):
        self.write("  db_storage: zeo\n")
        inituser = self.tmp / "instance/inituser"
        instance.render(None)
        self.assertTrue(inituser.exists())
        inituser.unlink()  # Zope consumed it
        instance.render(None)
        self.assertFalse(inituser.exists())

    def test_inituser_once_per_relstorage_database(self):
        from unittest import mock

        self.write("  db_storage: relstorage\n")
        inituser = self.tmp / "instance/inituser"
        with mock.patch.dict("os.environ", {"SOZIALPLATTFORM_PG_DSN": "dbname=first"}):
            instance.render(None)
            self.assertTrue(inituser.exists())
            inituser.unlink()
            instance.render(None)
            self.assertFalse(inituser.exists())
        # another database gets its own initial user
        with mock.patch.dict("os.environ", {"SOZIALPLATTFORM_PG_DSN": "dbname=second"}):
            instance.render(None)
        self.assertTrue(inituser.exists())

    def test_list_from_the_environment(self):
        self.write("  trusted_proxies: []\n")
        config = instance.load_config(
            environ={"ZOPE_TRUSTED_PROXIES": "127.0.0.1, 10.0.0.2"}
        )
        self.assertEqual(config["trusted_proxies"], ["127.0.0.1", "10.0.0.2"])

    def lock_check_with(self, edit):
        lock = self.original_root / "constraints.txt"
        (self.tmp / "constraints.txt").write_text(edit(lock.read_text()))
        with self.assertRaises(instance.ConfigError) as raised:
            instance.check_lock()
        return str(raised.exception)

    def test_lock_check_passes_for_the_repository(self):
        instance.ROOT = self.original_root
        instance.check_lock()

    def test_installed_but_not_locked(self):
        message = self.lock_check_with(
            lambda text: "\n".join(
                line for line in text.splitlines() if not line.startswith("aiosmtpd==")
            )
        )
        self.assertIn("installed but not in the lock", message)
        self.assertIn("aiosmtpd==", message)

    def test_installed_version_differs(self):
        message = self.lock_check_with(
            lambda text: text.replace("\naiosmtpd==", "\naiosmtpd==0.0.1\n#")
        )
        self.assertIn("aiosmtpd: installed", message)
        self.assertIn("locked 0.0.1", message)

    def test_missing_lock(self):
        with self.assertRaises(instance.ConfigError) as raised:
            instance.check_lock()
        self.assertIn("constraints.txt is missing", str(raised.exception))
