"""Hardening (issue 9): versions without sharing, tighter rolemap, logo types from bytes."""

from sozialplattform.site.content.logos import retype_logos
import logging


logger = logging.getLogger(__name__)


def correct_logo_types(context) -> None:
    """Logos stored with a declared (wrong) content type get the type of their bytes."""
    logger.info("Corrected the content type of %d centre logos", retype_logos(context))
