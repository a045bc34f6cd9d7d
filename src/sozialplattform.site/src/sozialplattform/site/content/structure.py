"""The folder /beratungsstellen with one State per German state and its editors' group."""

from plone import api
from plone.base.interfaces.constrains import ENABLED
from plone.dexterity.interfaces import IDexterityContainer
from sozialplattform.site.content.interfaces import ICentreFolder
from sozialplattform.site.content.interfaces import IState
from sozialplattform.site.geo import STATES
from sozialplattform.site.sitecontent import ensure_published
from zope.interface import alsoProvides


FOLDER_ID = "beratungsstellen"
#: The folder's view (content/states.py); the State's is the FTI's default view.
FOLDER_LAYOUT = "centres_view"
STATE_LAYOUT = "state_view"
STATE_EDITOR_ROLE = "StateEditor"
CENTRE_EDITOR_ROLE = "CentreEditor"


def state_editors_group_id(state_id: str) -> str:
    return f"landesredaktion-{state_id}"


def create_centre_folder(site) -> IDexterityContainer:
    folder = ensure_published(
        site,
        FOLDER_ID,
        "Folder",
        title="Beratungsstellen",
        description="Beratungsstellen nach Bundesländern.",
    )
    alsoProvides(folder, ICentreFolder)
    folder.setLayout(FOLDER_LAYOUT)
    # Stored directly: the adapter's setters check the current user's add permissions.
    folder.constrain_types_mode = ENABLED
    folder.locally_allowed_types = ("State",)
    folder.immediately_addable_types = ("State",)
    return folder


def create_states(folder) -> list:
    states = []
    for german_state in STATES:
        state = folder.get(german_state.id)
        if state is None:
            state = api.content.create(
                container=folder,
                type="State",
                id=german_state.id,
                title=german_state.name,
                code=german_state.code,
            )
        states.append(state)
        group_id = state_editors_group_id(german_state.id)
        if api.group.get(groupname=group_id) is None:
            api.group.create(
                groupname=group_id,
                title=f"Landesredaktion {german_state.name}",
                description=f"Redaktion der Beratungsstellen in {german_state.name}.",
            )
        api.group.grant_roles(groupname=group_id, roles=[STATE_EDITOR_ROLE], obj=state)
    return states


def set_layouts(site) -> None:
    """Give an existing centre folder and States the platform's views (upgrade handler).

    Re-import the types first (typeinfo: the State's ``default_view``); a State keeps no
    stored layout of its own unless someone chose one, which is reset to the view here.
    """
    folder = site.get(FOLDER_ID)
    if folder is None:
        return
    folder.setLayout(FOLDER_LAYOUT)
    for state in folder.objectValues():
        if IState.providedBy(state) and state.getLayout() != STATE_LAYOUT:
            state.setLayout(STATE_LAYOUT)


def create_structure(site):
    """Create (or complete) the centre folder, the states and their groups."""
    folder = create_centre_folder(site)
    create_states(folder)
    return folder
