"""One house for four functions (issue 10); page weight and legal pages (issue 11).

The registry files of the page-weight change are imported one by one: re-running the
whole ``plone.app.registry`` step would reset the operators' settings kept in the other
registry files (vocabularies, finder, onboarding).
"""

from pathlib import Path
from plone.app.registry.exportimport.handler import RegistryImporter
from plone.registry.interfaces import IRegistry
from Products.CMFPlone.resources.browser.resource import update_resource_registry_mtime
from zope.component import getUtility
import logging


logger = logging.getLogger(__name__)
REGISTRY = Path(__file__).parent.parent.parent / "profiles" / "default" / "registry"
PAGE_WEIGHT_FILES = ("resources.xml", "caching.xml")


class _Environ:
    """The little of a GenericSetup import context that ``RegistryImporter`` uses."""

    def shouldPurge(self) -> bool:
        return False

    def getLogger(self, name):
        return logger


def import_registry_file(name: str) -> None:
    """Import one file of the default profile's ``registry/`` folder."""
    importer = RegistryImporter(getUtility(IRegistry), _Environ())
    importer.importDocument((REGISTRY / name).read_bytes())


def page_weight_records(context) -> None:
    """Editing bundles only for members, the phone menu, plone.app.caching's rules."""
    for name in PAGE_WEIGHT_FILES:
        import_registry_file(name)
    update_resource_registry_mtime()
    logger.info("Imported %s", ", ".join(PAGE_WEIGHT_FILES))


def operator_records(context) -> None:
    """The operator's settings (``sozialplattform.operator.*``), empty on existing sites."""
    import_registry_file("operator.xml")
