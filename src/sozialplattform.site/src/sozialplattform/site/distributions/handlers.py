"""Handlers that plone.distribution calls when it creates a site from our distribution."""

from plone import api
from plone.distribution.core import Distribution
from plone.distribution.handler import post_handler as default_post_handler
from Products.CMFPlone.Portal import PloneSite
from sozialplattform.site import logger
from sozialplattform.site.distributions import examplecontent
from sozialplattform.site.mail import apply_environment
import os


LANGUAGES = ["de", "en"]


def post_handler(
    distribution: Distribution, site: PloneSite, answers: dict
) -> PloneSite:
    """Set German defaults, mail settings and, when asked, the example content."""
    site = default_post_handler(distribution, site, answers)
    language = answers.get("default_language") or "de"
    timezone = answers.get("portal_timezone") or "Europe/Berlin"
    api.portal.set_registry_record("plone.default_language", language)
    api.portal.set_registry_record(
        "plone.available_languages",
        [language] + [x for x in LANGUAGES if x != language],
    )
    api.portal.set_registry_record("plone.portal_timezone", timezone)
    api.portal.set_registry_record("plone.available_timezones", [timezone])
    api.portal.set_registry_record("plone.first_weekday", 0)
    # German by default; English for visitors whose browser asks for it.
    api.portal.set_registry_record("plone.use_request_negotiation", True)
    api.portal.set_registry_record("plone.use_cookie_negotiation", True)
    apply_environment(site, os.environ)
    if answers.get("setup_content", True):
        examplecontent.create(site)
        logger.info("Example content created in %s", site.getId())
    return site
