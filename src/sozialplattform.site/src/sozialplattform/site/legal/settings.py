"""Reading the operator settings."""

from plone.registry.interfaces import IRegistry
from sozialplattform.site.legal.interfaces import IOperatorSettings
from zope.component import getUtility


RECORD_PREFIX = "sozialplattform.operator"


def operator_settings():
    """The records as an ``IOperatorSettings`` proxy (missing ones read as defaults)."""
    registry = getUtility(IRegistry)
    return registry.forInterface(IOperatorSettings, prefix=RECORD_PREFIX, check=False)
