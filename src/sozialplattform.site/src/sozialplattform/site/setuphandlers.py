"""Install and uninstall handlers of the add-on profile."""

from plone.base.interfaces import INonInstallable
from zope.interface import implementer


@implementer(INonInstallable)
class HiddenProfiles:
    """Hide the uninstall profile from the add-on control panel."""

    def getNonInstallableProfiles(self):
        return ["sozialplattform.site:uninstall"]

    def getNonInstallableProducts(self):
        return ["sozialplattform.site.upgrades"]


def post_install(context):
    """Run after the default profile: the centre folder, the states and their groups."""
    from plone import api
    from sozialplattform.site.content.structure import create_structure

    create_structure(api.portal.get())


def uninstall(context):
    """Run after the uninstall profile."""
