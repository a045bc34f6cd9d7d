"""One way to run a maintenance command against the site.

``python -m sozialplattform.site.maintenance <zope.conf> <command> [arguments]`` opens the
database of ``zope.conf``, runs ``command`` as the system user with a request and returns
its exit status; the Makefile's ``create-site``, ``import``, ``export`` and ``purge``
targets call it. ``run <script.py> [arguments]`` executes a file with ``app`` bound to
the Zope root, as ``zconsole run`` does (the benchmarks use it).

A feature registers its commands in ``<feature>/commands.py`` with ``register(Command(...))``;
the runner imports every such module of this package before it opens the database, so
it can list the commands and explain a locked database without starting Zope. A
FileStorage is locked while the instance runs: the command then ends with exit status 2
and the command's ``while_running`` hint (e.g. the REST service to call instead).

``system_user()`` and ``open_site()`` are the one way for code outside a request (start-up
subscribers, commands) to act on a site.
"""

from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
import importlib
import sys


#: Exit statuses of the runner itself.
USAGE_ERROR = 1
LOCKED = 2
LOCKED_MESSAGE = (
    "The database is locked by the running instance ({error}).\n"
    "`{command}` opens the database itself: run it while the instance is stopped, or "
    "use ZEO/RelStorage."
)


@dataclass(frozen=True)
class Command:
    """A maintenance command: ``run(app, arguments) -> exit status``.

    ``app`` is the Zope root with a request, the system user acting.
    """

    name: str
    run: Callable[..., int]
    help: str = ""
    while_running: str = ""


COMMANDS: dict[str, Command] = {}


def register(command: Command) -> Command:
    COMMANDS[command.name] = command
    return command


def load_commands() -> dict[str, Command]:
    """Import the ``commands`` module of every feature package (they register)."""
    import sozialplattform.site as package

    # Looked up on disk: only the packages that have commands are imported.
    for folder in sorted(Path(package.__path__[0]).iterdir()):
        if (folder / "commands.py").is_file() and (folder / "__init__.py").is_file():
            importlib.import_module(f"{package.__name__}.{folder.name}.commands")
    return COMMANDS


@contextmanager
def system_user():
    """Act as Zope's system user (all permissions); the previous user afterwards."""
    from AccessControl.SecurityManagement import getSecurityManager
    from AccessControl.SecurityManagement import newSecurityManager
    from AccessControl.SecurityManagement import setSecurityManager
    from AccessControl.SpecialUsers import system

    previous = getSecurityManager()
    newSecurityManager(None, system)
    try:
        yield
    finally:
        setSecurityManager(previous)


def open_site(app, site_id: str):
    """The Plone site ``site_id`` as the current site; None (and a message on stderr)
    when there is none."""
    from zope.component.hooks import setSite

    site = app.get(site_id)
    if site is None:
        print(f"No site '{site_id}' (set SITE_ID).", file=sys.stderr)
        return None
    setSite(site)
    return site


def open_app(zopeconf: str):
    """The Zope root of ``zopeconf`` with a request (raises ``LockError`` when locked)."""
    from Testing.makerequest import makerequest
    from zope.globalrequest import setRequest
    from Zope2.Startup.run import make_wsgi_app
    import Zope2

    make_wsgi_app({}, zopeconf)
    app = makerequest(Zope2.app())
    app.REQUEST["PARENTS"] = [app]
    setRequest(app.REQUEST)
    return app


def usage() -> str:
    lines = [
        "usage: python -m sozialplattform.site.maintenance <zope.conf> <command> ..."
    ]
    lines += [f"  {c.name:<12} {c.help}" for c in sorted(COMMANDS.values(), key=_name)]
    return "\n".join(lines)


def _name(command: Command) -> str:
    return command.name


def main(argv: list[str]) -> int:
    """Command line entry: ``<zope.conf> <command> [arguments]``."""
    from zc.lockfile import LockError
    from zope.component.hooks import setSite
    import transaction

    commands = load_commands()
    if len(argv) < 2 or argv[1] not in commands:
        print(usage(), file=sys.stderr)
        return USAGE_ERROR
    zopeconf, command, arguments = argv[0], commands[argv[1]], argv[2:]
    try:
        app = open_app(zopeconf)
    except LockError as error:
        message = LOCKED_MESSAGE.format(error=error, command=command.name)
        hint = f"\n{command.while_running}" if command.while_running else ""
        print(message + hint, file=sys.stderr)
        return LOCKED
    try:
        with system_user():
            return command.run(app, arguments)
    finally:
        transaction.abort()  # what the command did not commit
        setSite(None)
        app._p_jar.close()
