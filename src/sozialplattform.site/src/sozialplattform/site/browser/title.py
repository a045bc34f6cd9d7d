"""The page title says where a person is: "<page> – <site title>" (WCAG 2.4.2).

Plone's title viewlet shows only the site title for every view on the site root
(``@@finder``, ``@@search``, ``@@anbindung``). Here a view names its page with a
``page_title()`` method (the finder names what it found); Plone's own views on the
site root are named below; content keeps its title.
"""

from html import escape
from plone.app.layout.viewlets import common
from plone.base.interfaces import IPloneSiteRoot
from plone.memoize.view import memoize
from sozialplattform.site import _
from zope.i18n import translate
from zope.i18nmessageid import MessageFactory


PLONE = MessageFactory("plone")
# Plone's views a visitor reaches on the site root, by view name
PLONE_VIEWS = {
    "search": PLONE("Search"),
    "sitemap": PLONE("Site Map"),
    "contact-info": PLONE("Contact"),
    "accessibility-info": PLONE("Accessibility"),
    "login": PLONE("Log in"),
    # "passwordreset" (the set-password page) names itself: accounts/passwordreset.py
}


class TitleViewlet(common.TitleViewlet):
    sep = " – "

    def view_title(self) -> str | None:
        """The published view's own name for its page, translated and escaped."""
        own = getattr(self.view, "page_title", None)
        title = own() if callable(own) else PLONE_VIEWS.get(self.view.__name__)
        if not title:
            return None
        return escape(translate(title, context=self.request))

    @property
    @memoize
    def page_title(self):
        return self.view_title() or super().page_title

    def update(self):
        if not IPloneSiteRoot.providedBy(self.context):
            super().update()
            return
        # Plone's update names only the site on the site root, whatever the view
        site = escape(self.site_title_setting or "")
        own = self.view_title()
        self.site_title = self.sep.join([own, site]) if own else site


def error_title(title) -> str:
    """A page that reports an error says so first (WCAG 2.4.2, 3.3.1)."""
    return _("title_error", default="Error: ${title}", mapping={"title": title})
