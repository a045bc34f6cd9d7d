"""Interfaces of sozialplattform.site."""

from zope.publisher.interfaces.browser import IDefaultBrowserLayer


class ISozialplattformLayer(IDefaultBrowserLayer):
    """Browser layer, active once the add-on profile is installed."""
