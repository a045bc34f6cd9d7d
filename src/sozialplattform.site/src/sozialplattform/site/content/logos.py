"""Upgrade handler: stored logos get the content type of their bytes.

Before ``fields.logo`` decided the type from the bytes, a PNG declared ``image/svg+xml``
was stored as such and its page and scales answered 500.
"""

from plone import api
from sozialplattform.site import logger
from sozialplattform.site.content import fields


def retype_logos(context=None) -> int:
    """Correct the content type of every stored centre logo; returns how many changed."""
    changed = 0
    catalog = api.portal.get_tool("portal_catalog")
    for brain in catalog.unrestrictedSearchResults(portal_type="CounsellingCentre"):
        centre = brain._unrestrictedGetObject()
        logo = getattr(centre, "logo", None)
        if logo is None:
            continue
        before = logo.contentType
        name = fields.image_format(fields._head(logo))
        if name is not None and before != f"image/{name}":
            logo.contentType = f"image/{name}"
            centre._p_changed = True
            changed += 1
    logger.info("Logo content types corrected: %d", changed)
    return changed
