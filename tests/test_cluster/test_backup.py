"""`make backup` / `make restore`: back up, change, restore, find the old state.

FileStorage with blobs through repozo (full, then incremental; ``DATE=`` picks an older
backup) and RelStorage through pg_dump / pg_restore on a throw-away PostgreSQL. Both run
the real make targets in subprocesses against small ZODB databases written here.
"""

from pathlib import Path
from sozialplattform.site.testing import POSTGRES_FIXTURE
from sozialplattform.site.testing import REPOSITORY
from ZODB.blob import Blob
import os
import re
import shutil
import subprocess
import tempfile
import time
import transaction
import unittest
import uuid
import ZODB.config


class BackupTestCase(unittest.TestCase):
    def setUp(self):
        self.tmp = Path(tempfile.mkdtemp(prefix="sp-backup-"))
        self.backups = self.tmp / "backup"
        self.env = dict(
            os.environ,
            ZOPE_TARGET=str(self.tmp / "instance"),
            ZOPE_DB_BLOBS_LOCATION=str(self.tmp / "blobs"),
        )
        for name in ("MAKEFLAGS", "MAKELEVEL", "MFLAGS"):
            self.env.pop(name, None)

    def tearDown(self):
        shutil.rmtree(self.tmp, ignore_errors=True)

    def make(self, *args: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            ["make", *args, f"BACKUP_DIR={self.backups}"],
            cwd=REPOSITORY,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )

    def make_ok(self, *args: str) -> str:
        result = self.make(*args)
        self.assertEqual(result.returncode, 0, result.stdout + result.stderr)
        return result.stdout

    def write(self, value: str) -> None:
        """The database's state: ``value`` in the root and in a blob."""
        db = self.open()
        try:
            with db.transaction() as connection:
                root = connection.root()
                root["value"] = value
                blob = Blob()
                with blob.open("w") as handle:
                    handle.write(value.encode())
                root["blob"] = blob
        finally:
            db.close()

    def read(self) -> tuple[str, str]:
        db = self.open()
        try:
            connection = db.open()
            root = connection.root()
            with root["blob"].open("r") as handle:
                result = (root["value"], handle.read().decode())
            transaction.abort()
            connection.close()
            return result
        finally:
            db.close()


class TestFileStorageBackup(BackupTestCase):
    def setUp(self):
        super().setUp()
        self.data_fs = self.tmp / "filestorage" / "Data.fs"
        self.data_fs.parent.mkdir()
        self.env["ZOPE_DB_FILESTORAGE_LOCATION"] = str(self.data_fs)

    def open(self):
        return ZODB.config.databaseFromString(
            f"""<zodb>
              <filestorage>
                path {self.data_fs}
                blob-dir {self.tmp / "blobs"}
              </filestorage>
            </zodb>"""
        )

    def test_backup_change_restore(self):
        self.write("first")
        out = self.make_ok("backup")
        self.assertIn("(full)", out)
        first = re.search(r"backup (\S+) \(full\)", out).group(1)
        time.sleep(1.1)  # repozo names its files by the second
        self.write("second")
        out = self.make_ok("backup")
        self.assertIn("(incremental)", out)
        self.assertTrue(list((self.backups / "blobstorage").glob("*.tar.gz")))
        time.sleep(1.1)
        self.write("third")
        self.assertEqual(self.read(), ("third", "third"))

        db = self.open()  # a running instance holds the FileStorage
        try:
            held = self.make("restore")
        finally:
            db.close()
        self.assertNotEqual(held.returncode, 0)
        self.assertIn("is in use by another running instance", held.stderr)

        out = self.make_ok("restore")
        self.assertIn("Restored", out)
        self.assertEqual(self.read(), ("second", "second"))
        self.assertTrue(self.data_fs.with_name("Data.fs.before-restore").exists())

        self.make_ok("restore", f"DATE={first}")
        self.assertEqual(self.read(), ("first", "first"))

    def test_restore_without_backup_fails_with_one_line(self):
        result = self.make("restore")
        self.assertNotEqual(result.returncode, 0)
        self.assertIn("ERROR: no FileStorage backup", result.stderr)
        self.assertNotIn("Traceback", result.stderr)


class TestRelStorageBackup(BackupTestCase):
    layer = POSTGRES_FIXTURE

    def setUp(self):
        super().setUp()
        postgres = self.layer["postgres"]
        self.database = f"backup_{uuid.uuid4().hex[:8]}"
        postgres.create_database(self.database)
        self.dsn = postgres.dsn_for(self.database)
        self.env.update(
            SOZIALPLATTFORM_PG_DSN=self.dsn,
            ZOPE_DB_RELSTORAGE_CACHE_LOCAL_DIR=str(self.tmp / "cache"),
        )

    def tearDown(self):
        self.layer["postgres"].drop_database(self.database)
        super().tearDown()

    def open(self):
        return ZODB.config.databaseFromString(
            f"""%import relstorage
            <zodb>
              <relstorage>
                keep-history false
                blob-dir {self.tmp / "blobs"}
                shared-blob-dir false
                cache-local-dir {self.tmp / "cache"}
                <postgresql>
                  dsn {self.dsn}
                </postgresql>
              </relstorage>
            </zodb>"""
        )

    def test_backup_change_restore(self):
        self.write("before")
        out = self.make_ok("backup", "PROFILE=relstorage")
        self.assertIn("PostgreSQL backup", out)
        self.write("after")
        self.assertEqual(self.read(), ("after", "after"))

        # an open connection (a running instance) stops the restore
        db = self.open()
        connection = db.open()
        connection.root()
        try:
            refused = self.make("restore", "PROFILE=relstorage")
        finally:
            transaction.abort()
            connection.close()
            db.close()
        self.assertNotEqual(refused.returncode, 0)
        self.assertIn("stop every instance", refused.stderr)

        out = self.make_ok("restore", "PROFILE=relstorage")
        self.assertIn("emptied the local caches", out)
        self.assertFalse((self.tmp / "blobs").exists())
        self.assertEqual(self.read(), ("before", "before"))
