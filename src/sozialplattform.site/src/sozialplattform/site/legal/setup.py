"""The four legal Documents at the site root, each with its ``legal-*`` layout."""

from plone import api
from sozialplattform.site import _
from sozialplattform.site.sitecontent import ensure_published
from zope.i18n import translate


#: (id, layout, title, description) of each page, in the footer's order.
PAGES = (
    (
        "impressum",
        "legal-imprint",
        _("page_title_imprint", default="Imprint"),
        _("page_description_imprint", default="Information according to § 5 DDG."),
    ),
    (
        "datenschutz",
        "legal-privacy",
        _("page_title_privacy", default="Privacy policy"),
        _(
            "page_description_privacy",
            default="How the platform handles personal data.",
        ),
    ),
    (
        "barrierefreiheit",
        "legal-accessibility",
        _("page_title_accessibility", default="Accessibility statement"),
        _(
            "page_description_accessibility",
            default="Compliance with BITV 2.0, known barriers, feedback.",
        ),
    ),
    (
        "kontakt",
        "legal-contact",
        _("page_title_contact", default="Contact"),
        _(
            "page_description_contact",
            default="Contact about the platform; where to find help.",
        ),
    ),
)
PAGE_IDS = tuple(page[0] for page in PAGES)


def _site_language(message):
    return translate(message, target_language=api.portal.get_default_language())


def install_pages(site, *, replace_text=()) -> list[str]:
    """Create the missing pages (published, not in the navigation), set the layouts.

    An existing page keeps its title and text, unless its text is one of
    ``replace_text`` (an old placeholder): that text is cleared. Returns the ids created.
    """
    created = []
    for page_id, layout, title, description in PAGES:
        page = site.get(page_id)
        if page is None:
            page = ensure_published(
                site,
                page_id,
                "Document",
                title=_site_language(title),
                description=_site_language(description),
                exclude_from_nav=True,
            )
            created.append(page_id)
        elif page.text is not None and page.text.raw.strip() in replace_text:
            page.text = None
        page.setLayout(layout)
        page.reindexObject()
    return created
