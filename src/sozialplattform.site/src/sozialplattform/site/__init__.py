"""sozialplattform.site: the Plone distribution behind sozialplattform.site."""

from zope.i18nmessageid import MessageFactory
import logging


PACKAGE_NAME = "sozialplattform.site"

_ = MessageFactory(PACKAGE_NAME)

logger = logging.getLogger(PACKAGE_NAME)
