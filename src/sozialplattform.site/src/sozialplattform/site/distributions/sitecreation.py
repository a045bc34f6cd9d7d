"""Create the Plone site from the `sozialplattform` distribution, idempotently.

Used by `make create-site` (the maintenance command ``create-site``,
``distributions/commands.py``) and, so that
`make start` boots Zope only once, by a start-up subscriber that the Makefile switches on
with ``SOZIALPLATTFORM_CREATE_SITE=1``: the serving process creates the site on first start.
"""

from dataclasses import dataclass
from dataclasses import replace
from plone.distribution.api import site as site_api
from sozialplattform.site import logger
from sozialplattform.site.maintenance import system_user
from Testing.makerequest import makerequest
from zope.component.hooks import setSite
import os
import time
import transaction


DISTRIBUTION = "sozialplattform"
CREATE_ON_START = "SOZIALPLATTFORM_CREATE_SITE"


def truthy(value: str | None) -> bool:
    return (value or "").strip().lower() in ("1", "true", "yes", "on")


@dataclass(frozen=True)
class SiteOptions:
    """What to create; read from the environment (SITE_ID, SITE_TITLE, ...)."""

    site_id: str = "Plone"
    title: str = "Sozialplattform"
    language: str = "de"
    setup_content: bool = True
    delete_existing: bool = False

    @classmethod
    def from_environ(cls, environ=os.environ) -> "SiteOptions":
        return cls(
            site_id=(environ.get("SITE_ID") or "Plone").strip() or "Plone",
            title=environ.get("SITE_TITLE") or "Sozialplattform",
            language=environ.get("SITE_LANGUAGE") or "de",
            setup_content=truthy(environ.get("SETUP_CONTENT", "1")),
            delete_existing=truthy(environ.get("DELETE_EXISTING")),
        )

    def answers(self) -> dict:
        return {
            "site_id": self.site_id,
            "title": self.title,
            "description": "Die Sozialplattform hilft Menschen, die passende"
            " Beratungsstelle zu finden – in der Nähe oder online.",
            "default_language": self.language,
            "portal_timezone": "Europe/Berlin",
            "setup_content": self.setup_content,
        }


def ensure_site(app, options: SiteOptions, say=print) -> bool:
    """Create the site unless it exists (or recreate it with ``delete_existing``).

    Commits; returns True when a site was created.
    """
    app = makerequest(app)
    with system_user():
        return _ensure_site(app, options, say)


def _ensure_site(app, options: SiteOptions, say) -> bool:
    try:
        site_id = options.site_id
        if site_id in app.objectIds():
            if not options.delete_existing:
                say(
                    f"Site '{site_id}' exists; nothing to do (DELETE_EXISTING=1 recreates it)."
                )
                return False
            app.manage_delObjects([site_id])
            transaction.commit()
            say(f"Deleted existing site '{site_id}'.")
        started = time.perf_counter()
        site = site_api.create(app, DISTRIBUTION, options.answers())
        setSite(site)
        transaction.commit()
        say(f"Created site '{site_id}' in {time.perf_counter() - started:.1f} s.")
        return True
    finally:
        setSite(None)


def create_on_start(event) -> None:
    """IDatabaseOpenedWithRoot: create the site when `make start` asks for it."""
    if not truthy(os.environ.get(CREATE_ON_START)):
        return
    # Only ever creates a missing site: recreating is `make create-site DELETE_EXISTING=1`.
    options = replace(SiteOptions.from_environ(), delete_existing=False)
    connection = event.database.open()
    try:
        ensure_site(connection.root()["Application"], options, say=logger.info)
    except Exception:
        transaction.abort()
        logger.exception("Could not create the site '%s'", options.site_id)
        raise
    finally:
        connection.close()
