"""Shared helpers of the `make import` / `make export` scripts (run by `zconsole run`)."""

from pathlib import Path
import sys


def script_args(argv: list[str], script: str) -> list[str]:
    """The arguments after the script's path (zconsole leaves its own in sys.argv)."""
    for position, arg in enumerate(argv):
        if Path(arg).name == script:
            return argv[position + 1 :]
    return argv[1:]


def open_site(app, site_id: str):
    """The Plone site ``site_id`` as the current site, run as the system user; None (and a
    message on stderr) when there is none."""
    from AccessControl.SecurityManagement import newSecurityManager
    from AccessControl.SpecialUsers import system
    from zope.component.hooks import setSite

    site = app.get(site_id)
    if site is None:
        print(f"No site '{site_id}' (set SITE_ID).", file=sys.stderr)
        return None
    newSecurityManager(None, system)
    setSite(site)
    return site
