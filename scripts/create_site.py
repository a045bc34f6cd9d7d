"""Create the Plone site from the `sozialplattform` distribution (idempotent).

Run through `make create-site`, i.e. `zconsole run instance/etc/zope.conf scripts/create_site.py`.
Environment: SITE_ID (default Plone), DELETE_EXISTING=1 to replace an existing site,
SETUP_CONTENT=0 to skip the example content.
"""

from AccessControl.SecurityManagement import newSecurityManager
from AccessControl.SpecialUsers import system
from plone.distribution.api import site as site_api
from Testing.makerequest import makerequest
from zope.component.hooks import setSite
import os
import sys
import time
import transaction


def truthy(name: str, default: str = "0") -> bool:
    return os.environ.get(name, default).strip().lower() in ("1", "true", "yes", "on")


def main(app) -> int:
    app = makerequest(app)
    site_id = os.environ.get("SITE_ID", "Plone").strip() or "Plone"
    newSecurityManager(None, system)
    if site_id in app.objectIds():
        if not truthy("DELETE_EXISTING"):
            print(
                f"Site '{site_id}' exists; nothing to do (DELETE_EXISTING=1 recreates it)."
            )
            return 0
        app.manage_delObjects([site_id])
        transaction.commit()
        print(f"Deleted existing site '{site_id}'.")
    answers = {
        "site_id": site_id,
        "title": os.environ.get("SITE_TITLE", "Sozialplattform"),
        "description": "Beratung finden, Termine buchen, online beraten lassen.",
        "default_language": os.environ.get("SITE_LANGUAGE", "de"),
        "portal_timezone": "Europe/Berlin",
        "setup_content": truthy("SETUP_CONTENT", "1"),
    }
    started = time.perf_counter()
    site = site_api.create(app, "sozialplattform", answers)
    setSite(site)
    transaction.commit()
    print(f"Created site '{site_id}' in {time.perf_counter() - started:.1f} s.")
    return 0


if __name__ == "__main__":
    sys.exit(main(app))  # noqa: F821 - `app` is provided by zconsole run
