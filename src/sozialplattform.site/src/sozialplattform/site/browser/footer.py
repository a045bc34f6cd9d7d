"""Footer viewlet: the site and its operator, the legal pages, the data credits."""

from plone import api
from plone.app.layout.viewlets.common import ViewletBase
from sozialplattform.site.legal.settings import operator_settings
from sozialplattform.site.legal.setup import PAGES


class SozialplattformFooterViewlet(ViewletBase):
    """The site's name and operator, links to the legal pages that exist (in the order
    and with the titles of ``legal.setup.PAGES``), the credit."""

    def links(self):
        portal_url = self.portal_state.portal_url()
        portal = self.portal_state.portal()
        return [
            {"url": f"{portal_url}/{page_id}", "title": title}
            for page_id, _layout, title, _description in PAGES
            if page_id in portal.objectIds()
        ]

    def site_name(self) -> str:
        """Plone's own site title (Site control panel), as in the page title."""
        return api.portal.get_registry_record("plone.site_title", default="") or ""

    def operator_name(self) -> str:
        return (operator_settings().operator_name or "").strip()

    def update(self):
        super().update()
        self.portal_state = self.context.restrictedTraverse("@@plone_portal_state")
