"""Caching operations of our own for plone.app.caching (profiles/default/registry/caching.xml)."""

from plone.app.caching.operations.default import NoCaching
from plone.app.caching.operations.utils import doNotCache
from plone.caching.interfaces import ICachingOperationType
from zope.interface import provider


@provider(ICachingOperationType)
class NoStore(NoCaching):
    """``sozialplattform.noStore``: plone.app.caching's ``noCaching`` plus ``no-store``.

    For everything personal (a booking's manage page and its token services, the room
    page, onboarding): ``doNotCache`` keeps the response out of shared caches
    (``private``, expired), ``no-store`` also keeps a URL with a secret token out of the
    browser's disk cache and history snapshots. The views set the same header
    themselves; this operation makes sure plone.app.caching never weakens it.
    """

    title = "No caching, not even in the browser"
    description = "Private, no-store: for bookings, tokens and personal pages"
    prefix = "sozialplattform.noStore"

    def modifyResponse(self, rulename, response):
        doNotCache(self.published, self.request, response)
        response.setHeader("Cache-Control", "private, no-store")
