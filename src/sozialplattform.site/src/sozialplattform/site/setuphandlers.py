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


LOGIN_TRANSFORM = "lower"


def case_insensitive_logins(portal) -> None:
    """Logins ignore case: accounts use the lower-cased e-mail address as login name.

    PAS lower-cases every login typed at login (and the existing login names, when the
    property changes).
    """
    acl_users = portal.acl_users
    if getattr(acl_users, "login_transform", "") != LOGIN_TRANSFORM:
        acl_users.manage_changeProperties(login_transform=LOGIN_TRANSFORM)


def post_install(context):
    """Run after the default profile: the centre folder, the states and their groups;
    case-insensitive logins; text-index postings that merge (``overrides.textindex``)."""
    from plone import api
    from sozialplattform.site.content.structure import create_structure
    from sozialplattform.site.overrides.textindex import convert_postings

    portal = api.portal.get()
    create_structure(portal)
    case_insensitive_logins(portal)
    convert_postings(api.portal.get_tool("portal_catalog"))


def uninstall(context):
    """Run after the uninstall profile."""
