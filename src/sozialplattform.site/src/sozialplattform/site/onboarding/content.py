"""Content classes of the onboarding and the private request folder of a State."""

from plone.dexterity.content import Item
from plone.dexterity.utils import createContentInContainer
from sozialplattform.site.anonymous.containers import make_unordered
from sozialplattform.site.anonymous.containers import UnorderedContainer
from sozialplattform.site.onboarding import FOLDER_ID
from sozialplattform.site.onboarding import FOLDER_TYPE
from sozialplattform.site.onboarding.interfaces import IOnboardingFolder
from sozialplattform.site.onboarding.interfaces import IOnboardingRequest
from zope.interface import implementer


@implementer(IOnboardingFolder)
class OnboardingFolder(UnorderedContainer):
    """``<state>/anbindung``: only the State's editors and the site admins see it.

    Unordered: anonymous submissions arrive concurrently (no ordering list to conflict on).
    """

    exclude_from_nav = True


@implementer(IOnboardingRequest)
class OnboardingRequest(Item):
    """A centre's request to be connected; its workflow is onboarding_workflow."""

    consent_date = None
    centre_uid = None
    user_id = None
    notes = None
    granted_functions = ()


def onboarding_folder(state, create: bool = True) -> OnboardingFolder | None:
    """The State's request folder; created on demand (without permission checks)."""
    folder = state.get(FOLDER_ID)
    if folder is None and create:
        folder = createContentInContainer(
            state,
            FOLDER_TYPE,
            checkConstraints=False,
            id=FOLDER_ID,
            title="Anbindungsanfragen",
        )
    return folder


def make_request_folders_unordered(context=None) -> list[str]:
    """Upgrade handler: every State's request folder without its ordering list.

    Folders created before the folder class was unordered keep an ordering ``_ordering``
    of "" and plone.folder's list in their annotations; their requests stay.
    """
    from plone import api
    from sozialplattform.site.onboarding import FOLDER_TYPE

    catalog = api.portal.get_tool("portal_catalog")
    changed = []
    for brain in catalog.unrestrictedSearchResults(portal_type=FOLDER_TYPE):
        folder = brain._unrestrictedGetObject()
        if make_unordered(folder):
            changed.append("/".join(folder.getPhysicalPath()))
    return changed
