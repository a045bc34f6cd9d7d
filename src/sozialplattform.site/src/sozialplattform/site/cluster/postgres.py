"""A throw-away PostgreSQL from Debian's binaries, for development and tests.

``TemporaryPostgres`` runs ``initdb`` into a new temporary directory and ``pg_ctl start``
on a free loopback port (TCP on 127.0.0.1 only, no Unix socket, ``trust`` authentication
for local connections); ``stop()`` shuts it down (``pg_ctl stop -m fast``) and removes
the directory. No Docker and no system service: the server lives exactly as long as the
process that started it (an ``atexit`` hook stops it when the caller forgets).

``initdb`` refuses to run as root, so as root the server runs as the ``postgres`` user
(Debian's ``postgresql`` package creates it) and the temporary directory belongs to it.

From the command line (``make postgres``)::

    python -m sozialplattform.site.cluster.postgres [--port N]

prints the DSN (``SOZIALPLATTFORM_PG_DSN=...``) and serves until Ctrl-C.
"""

from __future__ import annotations

from pathlib import Path
import atexit
import glob
import os
import pwd
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time


#: Overrides the folder with initdb, pg_ctl, pg_dump, pg_restore.
BIN_VARIABLE = "SOZIALPLATTFORM_PG_BIN"
DATABASE = "sozialplattform"
#: Settings of the throw-away server, appended to its postgresql.conf.
SETTINGS = {
    "listen_addresses": "'127.0.0.1'",
    "unix_socket_directories": "''",
    # RelStorage's commit takes a lock per object it writes (and packing per object it
    # removes); creating the site writes thousands of objects in one transaction, more
    # than the default 64 (x max_connections) lock slots hold. 256 costs a few MB.
    "max_locks_per_transaction": "256",
    "max_connections": "100",
    # The data lives in a temporary directory and dies with the run: durability against
    # a power cut buys nothing here and costs every commit an fsync.
    "fsync": "off",
    "synchronous_commit": "off",
    "full_page_writes": "off",
    "log_min_messages": "warning",
}


class PostgresError(RuntimeError):
    """The throw-away server could not be set up."""


def bin_dir() -> Path:
    """Debian's newest /usr/lib/postgresql/<version>/bin, or where initdb is on PATH."""
    configured = os.environ.get(BIN_VARIABLE)
    if configured:
        return Path(configured)
    candidates = sorted(
        glob.glob("/usr/lib/postgresql/*/bin/initdb"),
        key=lambda path: (
            int(Path(path).parent.parent.name)
            if Path(path).parent.parent.name.isdigit()
            else 0
        ),
    )
    if candidates:
        return Path(candidates[-1]).parent
    found = shutil.which("initdb")
    if found:
        return Path(found).parent
    raise PostgresError(
        "PostgreSQL's initdb was not found: install Debian's postgresql package "
        f"(apt-get install postgresql) or set {BIN_VARIABLE}."
    )


def tool(name: str) -> str:
    path = bin_dir() / name
    if not path.exists():
        raise PostgresError(f"{path} does not exist (set {BIN_VARIABLE})")
    return str(path)


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((host, 0))
        return sock.getsockname()[1]


class TemporaryPostgres:
    """One PostgreSQL server in a temporary directory; ``dsn`` names its database."""

    def __init__(self, port: int | None = None, database: str = DATABASE):
        self.port = port
        self.database = database
        self.directory: Path | None = None
        self._user: pwd.struct_passwd | None = None

    # -- lifecycle ---------------------------------------------------------------------

    def start(self) -> TemporaryPostgres:
        self._user = self._server_user()
        self.directory = Path(
            tempfile.mkdtemp(prefix="sozialplattform-pg-", dir=self._parent())
        )
        try:
            if self._user is not None:
                os.chown(self.directory, self._user.pw_uid, self._user.pw_gid)
            self._run(
                tool("initdb"),
                "--pgdata",
                str(self.data),
                "--username",
                "postgres",
                "--auth",
                "trust",
                "--encoding",
                "UTF8",
                "--locale",
                "C",
                "--no-instructions",
            )
            self.port = self.port or free_port()
            settings = dict(SETTINGS, port=str(self.port))
            with (self.data / "postgresql.conf").open("a") as conf:
                conf.write("\n# sozialplattform.site throw-away server\n")
                conf.writelines(f"{key} = {value}\n" for key, value in settings.items())
            self._run(
                tool("pg_ctl"),
                "--pgdata",
                str(self.data),
                "--log",
                str(self.log),
                "--wait",
                "--timeout",
                "60",
                "start",
            )
            atexit.register(self.stop)
            self.create_database(self.database)
        except BaseException:
            self.stop()
            raise
        return self

    def stop(self) -> None:
        """Stop the server (fast shutdown: open sessions are ended) and remove its files."""
        if self.directory is None:
            return
        try:
            if (self.data / "postmaster.pid").exists():
                self._run(
                    tool("pg_ctl"),
                    "--pgdata",
                    str(self.data),
                    "--mode",
                    "fast",
                    "--wait",
                    "stop",
                    check=False,
                )
        finally:
            self._cleanup()
        atexit.unregister(self.stop)

    def __enter__(self) -> TemporaryPostgres:
        return self.start()

    def __exit__(self, *exc_info) -> None:
        self.stop()

    # -- what clients need -------------------------------------------------------------

    @property
    def data(self) -> Path:
        return self.directory / "data"

    @property
    def log(self) -> Path:
        return self.directory / "postgresql.log"

    @property
    def host(self) -> str:
        return "127.0.0.1"

    def dsn_for(self, database: str) -> str:
        return f"host={self.host} port={self.port} dbname={database} user=postgres"

    @property
    def dsn(self) -> str:
        """libpq connection string of the database (RelStorage's ``dsn``)."""
        return self.dsn_for(self.database)

    def create_database(self, name: str) -> None:
        self.client("createdb", name)

    def drop_database(self, name: str) -> None:
        self.client("dropdb", "--force", "--if-exists", name)

    def client(self, name: str, *args: str, **kwargs) -> subprocess.CompletedProcess:
        """Run a client program (psql, pg_dump, ...) of the same version against it."""
        return run_client(
            name,
            "--host",
            self.host,
            "--port",
            str(self.port),
            "--username",
            "postgres",
            *args,
            **kwargs,
        )

    # -- internals ---------------------------------------------------------------------

    @staticmethod
    def _server_user() -> pwd.struct_passwd | None:
        if os.geteuid() != 0:
            return None
        try:
            return pwd.getpwnam("postgres")
        except KeyError:
            raise PostgresError(
                "running as root, but there is no 'postgres' user to run initdb as "
                "(Debian's postgresql package creates it)"
            ) from None

    def _parent(self) -> str | None:
        """The temporary folder, or /tmp when the server user could not reach it (a
        TMPDIR inside root's home)."""
        parent = Path(tempfile.gettempdir())
        if self._user is None:
            return None
        for folder in (parent, *parent.parents):
            if not folder.stat().st_mode & 0o001:
                return "/tmp"
        return str(parent)

    def _run(self, *command: str, check: bool = True) -> subprocess.CompletedProcess:
        user = self._user
        result = subprocess.run(
            command,
            cwd=self.directory,
            capture_output=True,
            text=True,
            check=False,
            timeout=120,
            user=user.pw_uid if user else None,
            group=user.pw_gid if user else None,
            extra_groups=[] if user else None,
            env=dict(os.environ, HOME=user.pw_dir) if user else None,
        )
        if check and result.returncode:
            log = ""
            if self.directory and self.log.exists():
                log = self.log.read_text(errors="replace")[-2000:]
            raise PostgresError(
                f"{' '.join(command)} failed ({result.returncode}): "
                f"{result.stderr.strip() or result.stdout.strip()} {log}".strip()
            )
        return result

    def _cleanup(self) -> None:
        if self.directory is not None:
            shutil.rmtree(self.directory, ignore_errors=True)
            self.directory = None


def run_client(name: str, *args: str, check: bool = True, **kwargs):
    """Run ``name`` (psql, createdb, pg_dump, pg_restore, ...) from the server's bin."""
    kwargs.setdefault("capture_output", True)
    kwargs.setdefault("text", True)
    kwargs.setdefault("timeout", 600)
    result = subprocess.run([tool(name), *args], check=False, **kwargs)
    if check and result.returncode:
        raise PostgresError(
            f"{name} {' '.join(args)} failed ({result.returncode}): "
            f"{(result.stderr or '').strip()}"
        )
    return result


def main(argv: list[str] | None = None) -> int:
    import argparse

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=None)
    args = parser.parse_args(argv)
    server = TemporaryPostgres(port=args.port)
    try:
        server.start()
    except PostgresError as exc:
        print(f"ERROR: {exc}", file=sys.stderr)
        return 2
    print(f"PostgreSQL {server.data} on 127.0.0.1:{server.port}", flush=True)
    print(f'SOZIALPLATTFORM_PG_DSN="{server.dsn}"', flush=True)
    print("Stop with Ctrl+C (the database is removed).", flush=True)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    try:
        while True:
            time.sleep(3600)
    except (KeyboardInterrupt, SystemExit):
        pass
    finally:
        server.stop()
        print("PostgreSQL stopped and removed.", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
