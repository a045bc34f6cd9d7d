"""Hardening (issue 9): versions without sharing, tighter rolemap, logo types from bytes,
anonymous writes without a conflict hotspot."""

from plone import api
from sozialplattform.site.content.logos import retype_logos
from sozialplattform.site.onboarding.content import make_request_folders_unordered
from sozialplattform.site.overrides.textindex import convert_postings
import logging


logger = logging.getLogger(__name__)


def correct_logo_types(context) -> None:
    """Logos stored with a declared (wrong) content type get the type of their bytes."""
    logger.info("Corrected the content type of %d centre logos", retype_logos(context))


def unordered_request_folders(context) -> None:
    """The onboarding request folders lose their ordering list (content kept)."""
    logger.info(
        "Request folders unordered: %s", make_request_folders_unordered(context)
    )


def text_index_postings(context) -> None:
    """Text-index postings stored as dicts become IIBTrees (they merge when concurrent)."""
    converted = convert_postings(api.portal.get_tool("portal_catalog"))
    logger.info("Converted %d text-index postings", converted)
