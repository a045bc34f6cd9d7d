"""Texts in the site's default language: mails, command output, reports.

A mail or a report goes to someone else than the person whose browser caused it, so it
is written in the site's language (``plone.default_language``), not the request's.
"""

from plone import api
from zope.i18n import translate
from zope.i18nmessageid import Message


def site_language(default: str = "de") -> str:
    """The site's default language (``default`` without a site or registry)."""
    try:
        return api.portal.get_default_language() or default
    except Exception:  # no site or registry yet (scripts, early start-up)
        return default


def translate_for_site(message) -> str:
    """``message`` (and the messages in its mapping) in the site's default language."""
    if isinstance(message, Message) and message.mapping:
        mapping = {
            key: translate_for_site(value) if isinstance(value, Message) else value
            for key, value in message.mapping.items()
        }
        message = Message(message, mapping=mapping)
    return translate(message, target_language=site_language())
