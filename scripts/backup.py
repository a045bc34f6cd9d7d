"""Back up and restore the database of an instance profile (`make backup`, `make restore`).

Usage (run with the project's virtualenv Python):

    python scripts/backup.py backup  [--profile NAME] [--to DIR]
    python scripts/backup.py restore [--profile NAME] [--from DIR] [--date STAMP]

FileStorage (the default profile): ``repozo`` writes a full, then incremental backups of
``Data.fs`` into ``DIR/filestorage`` (gzipped, file names ``YYYY-MM-DD-HH-MM-SS``); the
blob folder is archived afterwards as ``DIR/blobstorage/<same stamp>.tar.gz`` (blobs are
written before the commit that refers to them, so an archive taken after repozo holds
every blob the backup needs). Both are safe while the instance runs. ``restore`` (the
instance stopped) recovers ``Data.fs`` with ``repozo -R`` and unpacks the blob archive of
that stamp; the previous files are kept as ``*.before-restore``.

RelStorage (``--profile relstorage``): ``pg_dump --format=custom`` of the database named
by the DSN into ``DIR/relstorage/<stamp>.dump`` (blobs live in PostgreSQL in blob cache
mode, so they are in the dump; consistent while the instances run). ``restore`` refuses
while other sessions use the database (stop every instance first), then runs
``pg_restore --clean --if-exists --single-transaction`` and empties this machine's blob
cache and RelStorage cache folder, which hold objects newer than the restored state.

``--date`` takes the newest backup at or before the stamp (``2026-12-07-18-00-00``,
shorter prefixes allowed); without it the newest backup. Exit status 2 and one line on
every failure.
"""

from __future__ import annotations

from datetime import datetime
from datetime import UTC
from pathlib import Path
import argparse
import shutil
import subprocess
import sys
import tarfile


sys.path.insert(0, str(Path(__file__).resolve().parent))

import instance


STAMP_FORMAT = "%Y-%m-%d-%H-%M-%S"


class BackupError(Exception):
    """Backing up or restoring is not possible; the message says why."""


def _repozo() -> str:
    return str(Path(sys.executable).parent / "repozo")


def _run(command: list[str]) -> subprocess.CompletedProcess:
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    if result.returncode:
        raise BackupError(
            f"{Path(command[0]).name} failed ({result.returncode}): "
            f"{(result.stderr or result.stdout).strip()[-2000:]}"
        )
    return result


def _stamp_of(path: Path) -> str:
    return path.name.split(".", 1)[0]


def _pick(candidates: list[Path], date: str | None, what: str) -> Path:
    """The newest of ``candidates`` (named by stamp) at or before ``date``."""
    chosen = sorted(candidates, key=_stamp_of)
    if date:
        chosen = [path for path in chosen if _stamp_of(path)[: len(date)] <= date]
    if not chosen:
        raise BackupError(
            f"no {what} backup" + (f" at or before {date}" if date else "")
        )
    return chosen[-1]


# -- FileStorage ---------------------------------------------------------------------


def backup_filestorage(config: dict, target: Path) -> str:
    data_fs = instance._abs(config["db_filestorage_location"])
    blobs = instance._abs(config["db_blobs_location"])
    if not data_fs.exists():
        raise BackupError(f"{data_fs} does not exist: nothing to back up")
    repository = target / "filestorage"
    repository.mkdir(parents=True, exist_ok=True)
    before = set(_repozo_files(repository))
    _run([_repozo(), "--backup", "--gzip", "-r", str(repository), "-f", str(data_fs)])
    written = set(_repozo_files(repository)) - before
    if written:
        newest = max(written, key=_stamp_of)
        kind = "full" if newest.suffix in (".fs", ".fsz") else "incremental"
    else:  # nothing committed since the last backup: repozo wrote no file
        newest = _pick(_repozo_files(repository), None, "FileStorage")
        kind = "unchanged"
    stamp = _stamp_of(newest)
    archive_dir = target / "blobstorage"
    archive_dir.mkdir(parents=True, exist_ok=True)
    archive = archive_dir / f"{stamp}.tar.gz"
    if blobs.exists() and not archive.exists():
        partial = archive.with_suffix(".partial")
        with tarfile.open(partial, "w:gz") as tar:
            tar.add(blobs, arcname=".")
        partial.rename(archive)
    return f"FileStorage backup {stamp} ({kind}) in {repository}; blobs in {archive}"


def _repozo_files(repository: Path) -> list[Path]:
    return [
        p
        for p in repository.glob("*")
        if p.suffix in (".fs", ".fsz", ".deltafs", ".deltafsz")
    ]


def restore_filestorage(config: dict, source: Path, date: str | None) -> str:
    data_fs = instance._abs(config["db_filestorage_location"])
    blobs = instance._abs(config["db_blobs_location"])
    repository = source / "filestorage"
    newest = _pick(_repozo_files(repository), date, "FileStorage")
    stamp = _stamp_of(newest)
    data_fs.parent.mkdir(parents=True, exist_ok=True)
    restoring = data_fs.with_name(data_fs.name + ".restoring")
    restoring.unlink(missing_ok=True)
    _run(
        [_repozo(), "--recover", "-r", str(repository), "-D", stamp]
        + ["-o", str(restoring)]
    )
    if data_fs.exists():
        data_fs.replace(data_fs.with_name(data_fs.name + ".before-restore"))
    for suffix in (".index", ".tmp", ".lock"):
        data_fs.with_name(data_fs.name + suffix).unlink(missing_ok=True)
    restoring.replace(data_fs)
    archives = list((source / "blobstorage").glob("*.tar.gz"))
    message = f"Restored {data_fs} from backup {stamp}"
    if archives:
        archive = _pick(archives, stamp, "blob")
        previous = blobs.with_name(blobs.name + ".before-restore")
        shutil.rmtree(previous, ignore_errors=True)
        if blobs.exists():
            blobs.rename(previous)
        blobs.mkdir(parents=True)
        with tarfile.open(archive, "r:gz") as tar:
            tar.extractall(blobs, filter="tar")
        message += f" and {blobs} from {archive.name}"
    return message


# -- RelStorage ----------------------------------------------------------------------


def _postgres():
    from sozialplattform.site.cluster import postgres

    return postgres


def backup_relstorage(config: dict, target: Path) -> str:
    dsn = config["db_relstorage_postgresql_dsn"]
    folder = target / "relstorage"
    folder.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime(STAMP_FORMAT)
    dump = folder / f"{stamp}.dump"
    partial = dump.with_suffix(".partial")
    try:
        _postgres().run_client(
            "pg_dump", "--format=custom", "--no-owner", f"--file={partial}", dsn
        )
    except _postgres().PostgresError as exc:
        partial.unlink(missing_ok=True)
        raise BackupError(str(exc)) from None
    partial.rename(dump)
    return f"PostgreSQL backup {stamp} in {dump}"


def other_sessions(dsn: str) -> int:
    import psycopg2

    with psycopg2.connect(dsn) as connection, connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
        count = cursor.fetchone()[0]
    connection.close()
    return count


def restore_relstorage(config: dict, source: Path, date: str | None) -> str:
    dsn = config["db_relstorage_postgresql_dsn"]
    dump = _pick(list((source / "relstorage").glob("*.dump")), date, "PostgreSQL")
    sessions = other_sessions(dsn)
    if sessions:
        raise BackupError(
            f"{sessions} other session(s) use the database: stop every instance "
            "(and console) first"
        )
    try:
        _postgres().run_client(
            "pg_restore",
            "--clean",
            "--if-exists",
            "--no-owner",
            "--single-transaction",
            f"--dbname={dsn}",
            str(dump),
        )
    except _postgres().PostgresError as exc:
        raise BackupError(str(exc)) from None
    cleared = []
    for key in ("db_blobs_location", "db_relstorage_cache_local_dir"):
        value = config[key].strip()
        if value and instance._abs(value).exists():
            shutil.rmtree(instance._abs(value))
            cleared.append(str(instance._abs(value)))
    message = f"Restored the PostgreSQL database from {dump.name}"
    if cleared:
        message += f"; emptied the local caches {', '.join(cleared)}"
    return message + " (empty them on every other instance's machine too)"


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("command", choices=("backup", "restore"))
    parser.add_argument("--profile", default=None)
    parser.add_argument("--to", "--from", dest="folder", default="var/backup")
    parser.add_argument("--date", default=None)
    args = parser.parse_args(argv)
    try:
        config = instance.load_config(args.profile or None)
        folder = instance._abs(args.folder)
        storage = config["db_storage"]
        if storage == "zeo":
            raise BackupError(
                "ZEO: back up the ZEO server's Data.fs with repozo on that machine"
            )
        if args.command == "backup":
            if storage == "relstorage":
                print(backup_relstorage(config, folder))
            else:
                print(backup_filestorage(config, folder))
        elif storage == "relstorage":
            print(restore_relstorage(config, folder, args.date))
        else:
            instance.check_database_lock(config)  # the instance must be stopped
            print(restore_filestorage(config, folder, args.date))
    except (BackupError, instance.ConfigError) as exc:
        instance.fail(str(exc))


if __name__ == "__main__":
    main()
