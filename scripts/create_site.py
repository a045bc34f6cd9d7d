"""Create the Plone site from the `sozialplattform` distribution (idempotent).

Run through `make create-site`, i.e. `zconsole run instance/etc/zope.conf scripts/create_site.py`.
Environment: SITE_ID (default Plone), DELETE_EXISTING=1 to replace an existing site,
SETUP_CONTENT=0 to skip the example content. `make start` creates a missing site itself.
"""

from sozialplattform.site.distributions.sitecreation import ensure_site
from sozialplattform.site.distributions.sitecreation import SiteOptions
import sys


def main(app) -> int:
    ensure_site(app, SiteOptions.from_environ())
    return 0


if __name__ == "__main__":
    sys.exit(main(app))  # noqa: F821 - `app` is provided by zconsole run
