"""Delete expired rejected/withdrawn onboarding requests in every Plone site (cron).

Run as ``zconsole run instance/etc/zope.conf <this file>`` (``make purge``); prints what it
deleted. The daily equivalent through the web is ``@@purge-onboarding-requests``.
"""

from AccessControl.SecurityManagement import newSecurityManager
from AccessControl.SecurityManagement import noSecurityManager
from AccessControl.SpecialUsers import system
from sozialplattform.site.onboarding.retention import purge_expired_requests
from Testing.makerequest import makerequest
from zope.component.hooks import setSite
import sys
import transaction


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


if __name__ == "__main__":
    sys.exit(main(app))  # noqa: F821 - `app` is provided by zconsole run
