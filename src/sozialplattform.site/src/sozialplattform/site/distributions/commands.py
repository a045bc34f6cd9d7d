"""``make create-site``: create the site from the distribution (idempotent).

Environment: SITE_ID (default Plone), DELETE_EXISTING=1 to replace an existing site,
SETUP_CONTENT=0 to skip the example content. `make start` creates a missing site itself.
"""

from sozialplattform.site.maintenance import Command
from sozialplattform.site.maintenance import register


def create_site(app, arguments: list[str]) -> int:
    from sozialplattform.site.distributions.sitecreation import ensure_site
    from sozialplattform.site.distributions.sitecreation import SiteOptions

    ensure_site(app, SiteOptions.from_environ())
    return 0


register(Command("create-site", create_site, help="create the site (SITE_ID, ...)"))
