"""The skip link to the content, first on every page (WCAG 2.4.1).

Its container also carries the translated name of the phone menu's close button, which
Barceloneta's theme writes in English ("Close"); ``menu.js`` puts it on the button.
"""

from plone.app.layout.viewlets.common import ViewletBase


class SkipLinksViewlet(ViewletBase):
    """``#content`` is the article of Plone's main template on every page."""
