"""Shared set-up: the legal pages on the integration site, rendered as a person sees them."""

from plone import api
from plone.app.testing import login
from plone.app.testing import logout
from plone.app.testing import setRoles
from plone.app.testing import TEST_USER_ID
from plone.app.testing import TEST_USER_NAME
from sozialplattform.site.interfaces import ISozialplattformLayer
from sozialplattform.site.legal.settings import RECORD_PREFIX
from sozialplattform.site.legal.setup import install_pages
from sozialplattform.site.testing import INTEGRATION_TESTING
from zope.component import getMultiAdapter
from zope.interface import alsoProvides
import unittest


class LegalTestCase(unittest.TestCase):
    layer = INTEGRATION_TESTING

    def setUp(self):
        self.portal = self.layer["portal"]
        self.request = self.layer["request"]
        alsoProvides(self.request, ISozialplattformLayer)
        setRoles(self.portal, TEST_USER_ID, ["Manager"])
        install_pages(self.portal)
        logout()

    def set(self, **values):
        for name, value in values.items():
            api.portal.set_registry_record(f"{RECORD_PREFIX}.{name}", value)

    def render(self, page_id, manager=False):
        page = self.portal[page_id]
        if manager:
            login(self.portal, TEST_USER_NAME)
        try:
            return getMultiAdapter((page, self.request), name=page.getLayout())()
        finally:
            logout()
