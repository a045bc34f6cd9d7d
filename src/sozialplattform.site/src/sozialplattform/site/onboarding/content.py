"""Content classes of the onboarding and the private request folder of a State."""

from plone.dexterity.content import Container
from plone.dexterity.content import Item
from plone.dexterity.utils import createContentInContainer
from sozialplattform.site.onboarding import FOLDER_ID
from sozialplattform.site.onboarding import FOLDER_TYPE
from sozialplattform.site.onboarding.interfaces import IOnboardingFolder
from sozialplattform.site.onboarding.interfaces import IOnboardingRequest
from zope.interface import implementer


@implementer(IOnboardingFolder)
class OnboardingFolder(Container):
    """``<state>/anbindung``: only the State's editors and the site admins see it."""

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
