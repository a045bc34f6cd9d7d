"""Navigation: no breadcrumbs on the start page (they would only say "Home")."""

from plone.app.layout.viewlets.common import PathBarViewlet


class StartPagePathBarViewlet(PathBarViewlet):
    """Plone's breadcrumbs viewlet, empty on the site root (the start page, @@finder)."""

    def update(self):
        pass

    def render(self):
        return ""
