"""People and centres shared by the permission, workflow and versioning tests.

Centre A (and its offer) lies in Berlin; centre B is another centre in Berlin. The state
editors are members of ``landesredaktion-berlin`` resp. ``landesredaktion-bayern``.
"""

from AccessControl.SecurityManagement import getSecurityManager
from AccessControl.SecurityManagement import setSecurityManager
from collections.abc import Iterator
from contextlib import contextmanager
from plone import api
from plone.app.testing import login
from plone.app.testing import logout
from plone.app.testing import setRoles
from plone.app.testing import SITE_OWNER_NAME
from plone.app.testing import SITE_OWNER_PASSWORD
from plone.app.testing import TEST_USER_ID
from sozialplattform.site.content.structure import CENTRE_EDITOR_ROLE
from sozialplattform.site.content.structure import FOLDER_ID
from sozialplattform.site.content.structure import state_editors_group_id
from sozialplattform.site.testing import server_url
from types import SimpleNamespace
from zope.component.hooks import setSite
import requests


PASSWORD = "Secret-Passw0rd-42"
STATE_ID = "berlin"
OTHER_STATE_ID = "bayern"

ANONYMOUS = "anonymous"
MEMBER = "member"
CENTRE_EDITOR = "centre_editor"
OTHER_CENTRE_EDITOR = "other_centre_editor"
STATE_EDITOR = "state_editor"
OTHER_STATE_EDITOR = "other_state_editor"
SITE_ADMIN = "site_admin"
#: plone.app.testing's Manager at the Zope root: reads what the server stored.
OWNER = (SITE_OWNER_NAME, SITE_OWNER_PASSWORD)

#: Column order of the expected tables.
ROLES = (
    ANONYMOUS,
    MEMBER,
    CENTRE_EDITOR,
    OTHER_CENTRE_EDITOR,
    STATE_EDITOR,
    OTHER_STATE_EDITOR,
    SITE_ADMIN,
)

CENTRE_VALUES = {
    "postcode": "10115",
    "city": "Berlin",
    "street": "Invalidenstraße 1",
    "carrier": "Diakonie Berlin",
    "topics": ["schulden"],
}


def states_folder(portal):
    return portal[FOLDER_ID]


def create_people(portal) -> None:
    """The users of ``ROLES`` (except anonymous); local roles come with the centres."""
    for username in ROLES[1:]:
        roles = (
            ["Member", "Site Administrator"] if username == SITE_ADMIN else ["Member"]
        )
        api.user.create(
            email=f"{username}@example.org",
            username=username,
            password=PASSWORD,
            roles=roles,
        )
    api.group.add_user(
        groupname=state_editors_group_id(STATE_ID), username=STATE_EDITOR
    )
    api.group.add_user(
        groupname=state_editors_group_id(OTHER_STATE_ID), username=OTHER_STATE_EDITOR
    )


def set_up_people(portal):
    """``portal`` as the current site, the test user as Manager and the people of
    ``ROLES``; returns the State Berlin."""
    setSite(portal)
    setRoles(portal, TEST_USER_ID, ["Manager"])
    create_people(portal)
    return states_folder(portal)[STATE_ID]


def create_centre(
    container, id: str, title: str, review_state: str = "draft", **values
):
    """A centre created by the current (Manager) user, moved to ``review_state``."""
    centre = api.content.create(
        container=container,
        type="CounsellingCentre",
        id=id,
        title=title,
        **{**CENTRE_VALUES, **values},
    )
    move_to(centre, review_state)
    return centre


def create_offer(centre, id: str, title: str, review_state: str = "draft", **values):
    offer = api.content.create(
        container=centre, type="CounsellingOffer", id=id, title=title, **values
    )
    move_to(offer, review_state)
    return offer


def move_to(obj, review_state: str) -> None:
    if review_state == "pending":
        api.content.transition(obj, transition="submit")
    elif review_state == "published":
        api.content.transition(obj, transition="publish")


def make_centre_editor(username: str, centre) -> None:
    api.user.grant_roles(username=username, roles=[CENTRE_EDITOR_ROLE], obj=centre)


def create_scenario(portal) -> SimpleNamespace:
    """People; centre A in each review state with an offer in the same state; centre B.

    Runs as plone.app.testing's test user made Manager (see ``set_up_people``).
    ``centres`` and ``offers`` map "draft", "pending", "published" to A's objects in
    Berlin (ids ``a-<state>``).
    """
    berlin = set_up_people(portal)
    folder = states_folder(portal)
    scenario = SimpleNamespace(
        folder=folder,
        berlin=berlin,
        bayern=folder[OTHER_STATE_ID],
        centres={},
        offers={},
    )
    for review_state in ("draft", "pending", "published"):
        centre = create_centre(
            berlin, f"a-{review_state}", f"Centre A {review_state}", review_state
        )
        scenario.offers[review_state] = create_offer(
            centre, "offer", f"Offer of A {review_state}", review_state
        )
        make_centre_editor(CENTRE_EDITOR, centre)
        scenario.centres[review_state] = centre
    scenario.centre_b = create_centre(berlin, "b", "Centre B")
    make_centre_editor(OTHER_CENTRE_EDITOR, scenario.centre_b)
    return scenario


@contextmanager
def acting_as(portal, username: str) -> Iterator[None]:
    """Run the block as ``username`` (``ANONYMOUS`` logs out), then restore the caller."""
    previous = getSecurityManager()
    if username == ANONYMOUS:
        logout()
    else:
        login(portal, username)
    try:
        yield
    finally:
        setSecurityManager(previous)


def credentials(username: str) -> tuple[str, str] | None:
    return None if username == ANONYMOUS else (username, PASSWORD)


def rest(layer, method: str, path: str, username: str = ANONYMOUS, **kwargs):
    """``method`` on ``plone/++api++/<path>`` of the layer's WSGI server as ``username``.

    ``username`` may also be a (login, password) pair such as ``OWNER``.
    """
    auth = username if isinstance(username, tuple) else credentials(username)
    headers = {"Accept": "application/json"}
    if "json" in kwargs:
        headers["Content-Type"] = "application/json"
    return requests.request(
        method,
        server_url(layer, f"plone/++api++/{path.lstrip('/')}"),
        headers=headers,
        auth=auth,
        timeout=30,
        allow_redirects=False,
        **kwargs,
    )
