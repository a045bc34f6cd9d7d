"""Footer viewlet: the site and its operator, the legal pages, the data credits."""

from plone import api
from plone.app.layout.viewlets.common import ViewletBase
from sozialplattform.site import _
from sozialplattform.site.legal.settings import operator_settings


#: The operator's pages (``legal.setup.PAGES``), first in the footer.
LEGAL_PAGES = (
    ("impressum", _("footer_imprint", default="Imprint")),
    ("datenschutz", _("footer_privacy", default="Privacy policy")),
    ("barrierefreiheit", _("footer_accessibility", default="Accessibility statement")),
    ("kontakt", _("footer_contact", default="Contact")),
)


class SozialplattformFooterViewlet(ViewletBase):
    """The site's name and operator, links to the legal pages that exist, the credit."""

    def links(self):
        portal_url = self.portal_state.portal_url()
        portal = self.portal_state.portal()
        return [
            {"url": f"{portal_url}/{page_id}", "title": title}
            for page_id, title in LEGAL_PAGES
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
