"""GenericSetup step ``purgepolicy.xml``: how many versions CMFEditions keeps per item.

CMFEditions ships the tool ``portal_purgepolicy`` (keep the last n versions) but no import
step for it; its default -1 keeps every version forever.
"""

from plone import api
from Products.CMFEditions.interfaces import IPurgePolicyTool
from Products.GenericSetup.interfaces import ISetupEnviron
from Products.GenericSetup.utils import exportObjects
from Products.GenericSetup.utils import importObjects
from Products.GenericSetup.utils import PropertyManagerHelpers
from Products.GenericSetup.utils import XMLAdapterBase
from zope.component import adapter


TOOL_ID = "portal_purgepolicy"


@adapter(IPurgePolicyTool, ISetupEnviron)
class PurgePolicyXMLAdapter(XMLAdapterBase, PropertyManagerHelpers):
    """The properties (``maxNumberOfVersionsToKeep``) of portal_purgepolicy."""

    _LOGGER_ID = "purgepolicy"
    name = "purgepolicy"

    def _exportNode(self):
        node = self._getObjectNode("object")
        node.appendChild(self._extractProperties())
        return node

    def _importNode(self, node):
        self._initProperties(node)
        self._logger.info("Purge policy imported.")


def _tool(context):
    return getattr(context.getSite(), TOOL_ID, None)


def import_purge_policy(context) -> None:
    tool = _tool(context)
    if tool is None or context.readDataFile("purgepolicy.xml") is None:
        return
    importObjects(tool, "", context)


def export_purge_policy(context) -> None:
    tool = _tool(context)
    if tool is not None:
        exportObjects(tool, "", context)


def versions_to_keep() -> int:
    """The configured number of versions kept per item (-1: all)."""
    return api.portal.get_tool(TOOL_ID).maxNumberOfVersionsToKeep
