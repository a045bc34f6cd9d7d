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


def content_lang(context, request) -> str | None:
    """The ``lang`` of content written in another language than the page (WCAG 3.1.2).

    The page speaks the negotiated UI language (browser or cookie); a centre's texts
    stay in their own language (Dexterity's ``language``, else the site's).
    """
    written = getattr(context, "language", None) or site_language()
    page = request.get("LANGUAGE") or site_language()
    return None if written.split("-")[0] == page.split("-")[0] else written


def translate_for_site(message) -> str:
    """``message`` (and the messages in its mapping) in the site's default language."""
    if isinstance(message, Message) and message.mapping:
        mapping = {
            key: translate_for_site(value) if isinstance(value, Message) else value
            for key, value in message.mapping.items()
        }
        message = Message(message, mapping=mapping)
    return translate(message, target_language=site_language())
