"""Render instance/ from instance.yaml and check the environment before start.

Usage (run with the project's virtualenv Python):

    python scripts/instance.py render [--profile NAME]
    python scripts/instance.py check-port [--profile NAME]   (port, then database lock)
    python scripts/instance.py check-db [--profile NAME]
    python scripts/instance.py check-lock
    python scripts/instance.py target [--profile NAME]

The keys follow cookiecutter-zope-instance, which is not available from PyPI; this is the
small subset the project needs. Every failure exits with status 2 and one clear line.
"""

from __future__ import annotations

from hashlib import sha1
from pathlib import Path
import argparse
import base64
import errno
import os
import socket
import subprocess
import sys
import textwrap


ROOT = Path(__file__).resolve().parent.parent

DEFAULTS: dict = {
    "target": "instance",
    "initial_user_name": "admin",
    "initial_user_password": "admin",
    "wsgi_listen": "localhost:8080",
    "wsgi_threads": 4,
    "debug_mode": False,
    "verbose_security": False,
    "db_storage": "direct",
    "db_blob_mode": "shared",
    "db_filestorage_location": "var/filestorage/Data.fs",
    "db_blobs_location": "var/blobstorage",
    "db_cache_size": 30000,
    "db_relstorage": "postgresql",
    "db_relstorage_postgresql_dsn": "",
    "db_relstorage_keep_history": False,
    "db_relstorage_blob_cache_size": "512mb",
    # RelStorage's in-memory pickle cache per process in MB (0: RelStorage's default, 10)
    # and the folder where it is saved on shutdown and reloaded on start ("" : none).
    "db_relstorage_cache_local_mb": 0,
    "db_relstorage_cache_local_dir": "",
    "db_zeo_server": "localhost:8100",
    "db_zeo_name": "1",
    "zcml_package_includes": [],
    # ConflictError retries of the publisher (Zope's default is 3); see docs/operators.
    "max_conflict_retries": 5,
    # Proxies whose X-Forwarded-For Zope believes (client address of the rate limits).
    "trusted_proxies": [],
    # Outgoing mail is stored here and retried while SMTP is down; "" sends directly.
    "mail_queue_directory": "var/mailqueue",
    # The site's address as visitors reach it; every link in a mail starts with it.
    "public_url": "http://localhost:8080/Plone",
    # access.log and event.log; one folder per instance when several share var/.
    "log_directory": "var/log",
    "environment": {},
}
MAIL_QUEUE_VARIABLE = "SOZIALPLATTFORM_MAIL_QUEUE"
PUBLIC_URL_VARIABLE = "SOZIALPLATTFORM_PUBLIC_URL"
# Installed by `python -m venv` itself, not from the lock.
SEEDED = {"pip"}
STORAGES = ("direct", "relstorage", "zeo")
BLOB_MODES = ("shared", "cache")


class ConfigError(Exception):
    """A problem with instance.yaml, a profile or the environment."""


def fail(message: str) -> None:
    print(f"ERROR: {message}", file=sys.stderr)
    sys.exit(2)


def _load_yaml(path: Path) -> dict:
    import yaml

    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except FileNotFoundError:
        raise ConfigError(f"{path} does not exist") from None
    except yaml.YAMLError as exc:
        raise ConfigError(f"{path} is not valid YAML: {exc}") from None
    if not isinstance(data, dict) or not isinstance(
        data.get("default_context", {}), dict
    ):
        raise ConfigError(f"{path}: expected a mapping 'default_context:' at the top")
    context = data.get("default_context") or {}
    unknown = sorted(set(context) - set(DEFAULTS))
    if unknown:
        raise ConfigError(
            f"{path.name}: unknown key(s) {', '.join(unknown)}; "
            f"known keys: {', '.join(sorted(DEFAULTS))}"
        )
    return context


def _coerce(key: str, value, default):
    if isinstance(default, bool):
        if isinstance(value, bool):
            return value
        text = str(value).strip().lower()
        if text in ("1", "true", "yes", "on"):
            return True
        if text in ("0", "false", "no", "off"):
            return False
        raise ConfigError(f"{key}: expected true or false, got {value!r}")
    if isinstance(default, int):
        try:
            return int(value)
        except (TypeError, ValueError):
            raise ConfigError(f"{key}: expected a number, got {value!r}") from None
    if isinstance(default, dict):
        if not isinstance(value, dict):
            raise ConfigError(f"{key}: expected a mapping")
        return {str(k): str(v) for k, v in value.items()}
    if isinstance(default, list):
        if isinstance(value, str):  # ZOPE_TRUSTED_PROXIES=127.0.0.1,10.0.0.2
            value = [item.strip() for item in value.split(",") if item.strip()]
        if not isinstance(value, list):
            raise ConfigError(f"{key}: expected a list")
        return [str(v) for v in value]
    return str(value)


def load_config(profile: str | None = None, environ=os.environ) -> dict:
    """Merge defaults, instance.yaml, the profile and ZOPE_<KEY> environment overrides."""
    config = dict(DEFAULTS)
    layers = [ROOT / "instance.yaml"]
    if profile:
        profile_path = ROOT / "profiles" / f"{profile}.yaml"
        if not profile_path.exists():
            names = sorted(p.stem for p in (ROOT / "profiles").glob("*.yaml"))
            raise ConfigError(
                f"unknown profile {profile!r}; available: {', '.join(names)}"
            )
        layers.append(profile_path)
    for path in layers:
        for key, value in _load_yaml(path).items():
            if key == "environment":
                merged = dict(config["environment"])
                merged.update(_coerce(key, value or {}, {}))
                config[key] = merged
            else:
                config[key] = _coerce(key, value, DEFAULTS[key])
    for key, default in DEFAULTS.items():
        env_value = environ.get(f"ZOPE_{key.upper()}")
        if env_value is not None and key != "environment":
            config[key] = _coerce(key, env_value, default)
    # The site reads the queue from its environment; an explicit entry there wins.
    queue = config["mail_queue_directory"].strip()
    config["environment"] = {
        MAIL_QUEUE_VARIABLE: str(_abs(queue)) if queue else "off",
        PUBLIC_URL_VARIABLE: config["public_url"].strip(),
        **config["environment"],
    }
    dsn = environ.get("SOZIALPLATTFORM_PG_DSN")
    if dsn:
        config["db_relstorage_postgresql_dsn"] = dsn
    for name in list(config["environment"]):
        if name in environ:
            config["environment"][name] = environ[name]
    if config["db_storage"] not in STORAGES:
        raise ConfigError(
            f"db_storage: {config['db_storage']!r} is not one of {', '.join(STORAGES)}"
        )
    if config["db_blob_mode"] not in BLOB_MODES:
        raise ConfigError(
            f"db_blob_mode: {config['db_blob_mode']!r} is not one of "
            f"{', '.join(BLOB_MODES)}"
        )
    if (
        config["db_storage"] == "relstorage"
        and not config["db_relstorage_postgresql_dsn"]
    ):
        raise ConfigError("db_relstorage_postgresql_dsn is empty")
    host_port(config["wsgi_listen"])
    if not 1 <= int(config["max_conflict_retries"]) <= 10:
        raise ConfigError(
            "max_conflict_retries: expected 1 to 10, got "
            f"{config['max_conflict_retries']}"
        )
    if int(config["wsgi_threads"]) < 1:
        raise ConfigError(
            f"wsgi_threads: expected at least 1, got {config['wsgi_threads']}"
        )
    _check_mail_environment(config["environment"])
    return config


def _check_mail_environment(environment: dict) -> None:
    """Reject mail settings the site would refuse at start-up (port, sender address,
    public site URL)."""
    from sozialplattform.site.mail import mail_settings_from_environ
    from sozialplattform.site.mail import MailConfigurationError
    from sozialplattform.site.site_url import public_url_from_environ
    from sozialplattform.site.site_url import SiteURLError

    try:
        mail_settings_from_environ(environment)
        public_url_from_environ(environment)
    except (MailConfigurationError, SiteURLError) as exc:
        raise ConfigError(f"environment: {exc}") from None


def host_port(listen: str) -> tuple[str, int]:
    host, _, port = listen.rpartition(":")
    if not host or not port.isdigit() or not 0 < int(port) < 65536:
        raise ConfigError(f"wsgi_listen: expected host:port, got {listen!r}")
    return host, int(port)


def _abs(path: str) -> Path:
    candidate = Path(path)
    return candidate if candidate.is_absolute() else ROOT / candidate


def _storage_section(config: dict) -> str:
    storage = config["db_storage"]
    blobs = _abs(config["db_blobs_location"])
    if storage == "direct":
        return textwrap.dedent(f"""\
            <filestorage>
              path {_abs(config["db_filestorage_location"])}
              blob-dir {blobs}
            </filestorage>""")
    if storage == "zeo":
        shared = "on" if config["db_blob_mode"] == "shared" else "off"
        return textwrap.dedent(f"""\
            <zeoclient>
              server {config["db_zeo_server"]}
              storage {config["db_zeo_name"]}
              name zeostorage
              blob-dir {blobs}
              shared-blob-dir {shared}
            </zeoclient>""")
    shared = "true" if config["db_blob_mode"] == "shared" else "false"
    keep_history = "true" if config["db_relstorage_keep_history"] else "false"
    lines = [
        "%import relstorage",
        "<relstorage>",
        f"  blob-dir {blobs}",
        f"  shared-blob-dir {shared}",
        f"  blob-cache-size {config['db_relstorage_blob_cache_size']}",
        f"  keep-history {keep_history}",
    ]
    if int(config["db_relstorage_cache_local_mb"]) > 0:
        lines.append(f"  cache-local-mb {int(config['db_relstorage_cache_local_mb'])}")
    if config["db_relstorage_cache_local_dir"].strip():
        cache_dir = _abs(config["db_relstorage_cache_local_dir"].strip())
        lines.append(f"  cache-local-dir {cache_dir}")
    lines += [
        "  <postgresql>",
        f"    dsn {config['db_relstorage_postgresql_dsn']}",
        "  </postgresql>",
        "</relstorage>",
    ]
    return "\n".join(lines)


def render_zope_conf(config: dict, instance: Path) -> str:
    environment = "\n".join(
        f"  {name} {_env_value(name, value)}"
        for name, value in sorted(config["environment"].items())
    )
    storage = textwrap.indent(_storage_section(config), "  ")
    proxies = "".join(f"trusted-proxy {proxy}\n" for proxy in config["trusted_proxies"])
    # ZConfig wants %import at the top level.
    imports = ""
    if "%import" in storage:
        imports = "%import relstorage\n"
        storage = storage.replace("  %import relstorage\n", "")
    return f"""\
# Generated by scripts/instance.py from instance.yaml -- do not edit.
{imports}%define INSTANCEHOME {instance}
instancehome $INSTANCEHOME
%define CLIENTHOME {ROOT / "var"}
clienthome $CLIENTHOME
debug-mode {"on" if config["debug_mode"] else "off"}
security-policy-implementation C
verbose-security {"on" if config["verbose_security"] else "off"}
default-zpublisher-encoding utf-8
python-check-interval 10000
max-conflict-retries {config["max_conflict_retries"]}
pid-filename {_abs(config["log_directory"]) / "Z4.pid"}
{proxies}
<environment>
{environment}
</environment>

<dos_protection>
  form-memory-limit 4MB
  form-disk-limit 1GB
  form-memfile-limit 4KB
</dos_protection>

<zodb_db main>
  cache-size {config["db_cache_size"]}
{storage}
  mount-point /
</zodb_db>
"""


def _env_value(name: str, value: str) -> str:
    if name == "CHAMELEON_CACHE":
        return str(_abs(value))
    return value


def render_zope_ini(config: dict, instance: Path) -> str:
    host, port = host_port(config["wsgi_listen"])
    log_dir = _abs(config["log_directory"])
    return f"""\
# Generated by scripts/instance.py from instance.yaml -- do not edit.
[app:zope]
use = egg:Zope#main
zope_conf = %(here)s/zope.conf

[server:main]
use = egg:waitress#main
listen = {host}:{port}
threads = {config["wsgi_threads"]}
clear_untrusted_proxy_headers = false
max_request_body_size = 1073741824

[filter:translogger]
use = egg:Paste#translogger
setup_console_handler = False

# gzip for text responses over 1 KB (docs/operators/caching.md)
[filter:compression]
paste.filter_factory = sozialplattform.site.compression:filter_factory
min_size = 1024

[pipeline:main]
pipeline =
    egg:Zope#httpexceptions
    translogger
    compression
    zope

[loggers]
keys = root, plone, waitress.queue, waitress, wsgi

[handlers]
keys = console, accesslog, eventlog

[formatters]
keys = generic, message

[logger_root]
level = INFO
handlers = console, eventlog

[logger_plone]
level = INFO
handlers = eventlog
qualname = plone

[logger_waitress.queue]
level = INFO
handlers = eventlog
qualname = waitress.queue
propagate = 0

[logger_waitress]
level = INFO
handlers = eventlog
qualname = waitress

[logger_wsgi]
level = WARN
handlers = accesslog
qualname = wsgi
propagate = 0

[handler_console]
class = StreamHandler
args = (sys.stderr,)
level = NOTSET
formatter = generic

[handler_accesslog]
class = FileHandler
args = (r'{log_dir}/access.log', 'a')
level = INFO
formatter = message

[handler_eventlog]
class = FileHandler
args = (r'{log_dir}/event.log', 'a')
level = INFO
formatter = generic

[formatter_generic]
format = %(asctime)s %(levelname)-7.7s [%(name)s:%(lineno)s][%(threadName)s] %(message)s

[formatter_message]
format = %(message)s
"""


def render_site_zcml(config: dict) -> str:
    includes = "\n".join(
        f'  <include package="{name}" />' for name in config["zcml_package_includes"]
    )
    return f"""\
<configure
    xmlns="http://namespaces.zope.org/zope"
    xmlns:five="http://namespaces.zope.org/five"
    >

  <!-- Generated by scripts/instance.py from instance.yaml - do not edit. -->
  <include package="Zope2.App" />

  <five:loadProducts file="meta.zcml" />
  <five:loadProducts />
{includes}
  <five:loadProductsOverrides />

</configure>
"""


def render_inituser(config: dict) -> str:
    digest = sha1(config["initial_user_password"].encode("utf-8")).digest()
    return f"{config['initial_user_name']}:{{SHA}}{base64.b64encode(digest).decode()}\n"


def needs_inituser(config: dict) -> bool:
    """Whether the initial user should be (re)applied: only for a database not yet created.

    Zope replaces the only Zope-root user with the one from ``inituser`` whenever the file
    exists, so writing it on every render would undo a password changed in the ZMI. For the
    embedded FileStorage the database file tells; for ZEO and RelStorage a marker in var/
    remembers that the file was handed over once (``make clean-data`` removes it).
    """
    if config["db_storage"] == "direct":
        return not _abs(config["db_filestorage_location"]).exists()
    marker = inituser_marker(config)
    if marker.exists():
        return False
    marker.touch()
    return True


def inituser_marker(config: dict) -> Path:
    """The marker of a ZEO or RelStorage database that got the initial user: one per
    database (DSN or ZEO server), so a new database gets its admin as well."""
    storage = config["db_storage"]
    where = config["db_zeo_server"] + "/" + config["db_zeo_name"]
    if storage == "relstorage":
        where = config["db_relstorage_postgresql_dsn"]
    digest = sha1(where.encode("utf-8")).hexdigest()[:12]
    return ROOT / "var" / f"inituser-applied-{storage}-{digest}"


def render(profile: str | None) -> Path:
    config = load_config(profile)
    instance = _abs(config["target"])
    etc = instance / "etc"
    etc.mkdir(parents=True, exist_ok=True)
    for folder in ("var/log", "var/cache", "var/filestorage", config["log_directory"]):
        _abs(folder).mkdir(parents=True, exist_ok=True)
    (etc / "zope.conf").write_text(render_zope_conf(config, instance))
    (etc / "zope.ini").write_text(render_zope_ini(config, instance))
    (etc / "site.zcml").write_text(render_site_zcml(config))
    inituser = instance / "inituser"
    if needs_inituser(config):
        inituser.write_text(render_inituser(config))
    else:
        # Zope would reset the admin password from this file on every start.
        inituser.unlink(missing_ok=True)
    (instance / "profile").write_text(f"{profile or 'filestorage'}\n")
    return instance


def check_port(profile: str | None) -> None:
    """Fail when wsgi_listen's port is taken on any address its host resolves to."""
    config = load_config(profile)
    host, port = host_port(config["wsgi_listen"])
    try:
        addresses = socket.getaddrinfo(
            host.strip("[]"), port, type=socket.SOCK_STREAM, proto=socket.IPPROTO_TCP
        )
    except socket.gaierror as exc:
        raise ConfigError(
            f"wsgi_listen: host {host!r} cannot be resolved ({exc.strerror})"
        ) from None
    for family, kind, proto, _name, address in addresses:
        with socket.socket(family, kind, proto) as sock:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            if family == socket.AF_INET6:
                sock.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 1)
            try:
                sock.bind(address)
            except OSError as exc:
                if exc.errno == errno.EADDRNOTAVAIL:
                    continue  # e.g. ::1 on a host without IPv6
                where = host if address[0] == host else f"{host} ({address[0]})"
                raise ConfigError(
                    f"port {port} on {where} is not free ({exc.strerror}). "
                    "Stop the other process or start on another port: "
                    f"ZOPE_WSGI_LISTEN={host}:{port + 1} make start"
                ) from None
    check_database_lock(config)


def check_database_lock(config: dict) -> None:
    """Fail when another process (a running instance, a console) holds the FileStorage."""
    if config["db_storage"] != "direct":
        return
    import zc.lockfile

    path = _abs(config["db_filestorage_location"])
    if not path.exists():
        return
    try:
        lock = zc.lockfile.LockFile(f"{path}.lock")
    except zc.lockfile.LockError:
        raise ConfigError(
            f"the database {path} is in use by another running instance or console. "
            "Stop it first, or use ZEO/RelStorage for several processes "
            "(make start PROFILE=zeo|relstorage)."
        ) from None
    lock.close()


def _normalise(name: str) -> str:
    return name.lower().replace("_", "-").replace(".", "-")


def read_lock(path: Path) -> dict[str, str]:
    pins = {}
    for raw in path.read_text().splitlines():
        line = raw.split("#", 1)[0].strip()
        if not line or line.startswith("-"):
            continue
        name, _, version = line.partition("==")
        if not version:
            raise ConfigError(f"{path.name}: {line!r} is not pinned with ==")
        pins[_normalise(name.split("[")[0])] = version.split(";")[0].strip()
    return pins


def check_lock() -> None:
    """Every installed distribution must be pinned in constraints.txt at that version."""
    lock = ROOT / "constraints.txt"
    if not lock.exists():
        raise ConfigError(f"{lock} is missing: restore it from git or run `make lock`")
    pins = read_lock(lock)
    freeze = subprocess.run(
        [sys.executable, "-m", "uv", "pip", "freeze", "-p", sys.executable],
        check=False,
        capture_output=True,
        text=True,
    )
    if freeze.returncode:
        raise ConfigError(f"`uv pip freeze` failed: {freeze.stderr.strip()}")
    output = freeze.stdout
    missing, differing = [], []
    for line in output.splitlines():
        if line.startswith("-e ") or " @ " in line or "==" not in line:
            continue
        name, version = line.split("==", 1)
        key = _normalise(name)
        if key in SEEDED:
            continue
        if key not in pins:
            missing.append(f"{name}=={version}")
        elif pins[key] != version:
            differing.append(f"{name}: installed {version}, locked {pins[key]}")
    if missing:
        raise ConfigError(
            "installed but not in the lock constraints.txt: "
            + ", ".join(missing)
            + ". Add them to requirements.in and run `make lock`."
        )
    if differing:
        raise ConfigError(
            "installed versions differ from the lock: " + "; ".join(differing)
        )
    print(f"Lock check: {len(pins)} pinned distributions, installation matches.")


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "command", choices=("render", "check-port", "check-db", "check-lock", "target")
    )
    parser.add_argument("--profile", default=os.environ.get("PROFILE") or None)
    args = parser.parse_args(argv)
    try:
        if args.command == "render":
            instance = render(args.profile)
            print(f"Rendered {instance}/etc (profile: {args.profile or 'filestorage'})")
        elif args.command == "target":
            print(_abs(load_config(args.profile)["target"]))
        elif args.command == "check-port":
            check_port(args.profile)
        elif args.command == "check-db":
            check_database_lock(load_config(args.profile))
        else:
            check_lock()
    except ConfigError as exc:
        fail(str(exc))


if __name__ == "__main__":
    main()
