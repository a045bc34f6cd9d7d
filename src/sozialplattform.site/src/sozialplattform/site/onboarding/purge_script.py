"""Delete expired rejected/withdrawn onboarding requests in every Plone site.

``make purge`` runs ``python -m sozialplattform.site.onboarding.purge_script
instance/etc/zope.conf``; it opens the database itself, so it works only while the instance
is stopped (a FileStorage is locked by the running instance) or with ZEO/RelStorage. A
locked database ends with a clear message and exit status 2 instead of a traceback.
``zconsole run instance/etc/zope.conf <this file>`` works, too. While the instance runs,
cron calls the REST service ``POST /<site>/++api++/@purge-onboarding-requests`` instead
(docs/operators/onboarding-retention.md).
"""

from AccessControl.SecurityManagement import newSecurityManager
from AccessControl.SecurityManagement import noSecurityManager
from AccessControl.SpecialUsers import system
from sozialplattform.site.onboarding.retention import purge_expired_requests
from Testing.makerequest import makerequest
from zc.lockfile import LockError
from zope.component.hooks import setSite
import sys
import transaction


LOCKED = 2
LOCKED_MESSAGE = (
    "The database is locked by the running instance ({error}).\n"
    "`make purge` opens the database itself: run it while the instance is stopped, or use "
    "ZEO/RelStorage. While the instance runs, let cron call the REST service instead:\n"
    "  curl -fsS -X POST -u <admin>:<password> -H 'Accept: application/json' "
    "https://<host>/<site>/++api++/@purge-onboarding-requests\n"
    "(see docs/operators/onboarding-retention.md)."
)
USAGE = "usage: python -m sozialplattform.site.onboarding.purge_script <zope.conf>"


def main(app) -> int:
    from plone.distribution.api.site import get_sites

    app = makerequest(app)
    newSecurityManager(None, system)
    try:
        for site in get_sites(app):
            setSite(site)
            removed = purge_expired_requests(site)
            transaction.get().note(
                f"Purge expired onboarding requests in {site.getId()}"
            )
            transaction.commit()
            print(
                f"{site.getId()}: {len(removed)} expired onboarding request(s) deleted"
            )
            for path in removed:
                print(f"  {path}")
    finally:
        setSite(None)
        noSecurityManager()
    return 0


def open_app(zopeconf: str):
    """The Zope application of the configuration (raises ``LockError`` when locked)."""
    from Zope2.Startup.run import make_wsgi_app
    import Zope2

    make_wsgi_app({}, zopeconf)
    return Zope2.app()


def run(argv: list[str]) -> int:
    """Command line entry: open the database of ``argv[0]`` (zope.conf) and purge."""
    if len(argv) != 1:
        print(USAGE, file=sys.stderr)
        return 1
    try:
        app = open_app(argv[0])
    except LockError as error:
        print(LOCKED_MESSAGE.format(error=error), file=sys.stderr)
        return LOCKED
    try:
        return main(app)
    finally:
        app._p_jar.close()


if __name__ == "__main__":
    if "app" in globals():  # zconsole run <zope.conf> <this file>
        sys.exit(main(app))  # noqa: F821 - `app` is provided by zconsole run
    sys.exit(run(sys.argv[1:]))
