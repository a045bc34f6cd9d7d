"""Footer viewlet: legal pages and the data credits (GeoNames, CC BY 4.0)."""

from plone.app.layout.viewlets.common import ViewletBase
from sozialplattform.site import _


LEGAL_PAGES = (
    ("impressum", _("footer_imprint", default="Imprint")),
    ("datenschutz", _("footer_privacy", default="Privacy policy")),
    ("barrierefreiheit", _("footer_accessibility", default="Accessibility statement")),
)


class SozialplattformFooterViewlet(ViewletBase):
    """Links to the legal pages that exist, and the credit of the postcode data."""

    def links(self):
        portal_url = self.portal_state.portal_url()
        portal = self.portal_state.portal()
        return [
            {"url": f"{portal_url}/{page_id}", "title": title}
            for page_id, title in LEGAL_PAGES
            if page_id in portal.objectIds()
        ]

    def update(self):
        super().update()
        self.portal_state = self.context.restrictedTraverse("@@plone_portal_state")
