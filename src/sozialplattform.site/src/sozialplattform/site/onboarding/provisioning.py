"""Access for an onboarded centre: user account, draft centre, local role, set-password link."""

from dataclasses import dataclass
from plone import api
from plone.dexterity.utils import createContentInContainer
from secrets import token_urlsafe
from sozialplattform.site.content.structure import CENTRE_EDITOR_ROLE
from sozialplattform.site.content.types import containing_state
from sozialplattform.site.onboarding import BOOKING
from sozialplattform.site.onboarding import COUNSELLING
from sozialplattform.site.onboarding import FINDER
from sozialplattform.site.onboarding import FUNCTIONS
from sozialplattform.site.onboarding.gating import link_centre
from urllib.parse import urlencode


CENTRE_FIELDS = (
    "carrier",
    "street",
    "postcode",
    "city",
    "phone",
    "email",
    "external_booking_url",
    "external_counselling_url",
)


@dataclass
class Access:
    user_id: str
    login: str
    existing_account: bool
    centre: object
    reset_url: str
    expires: object


def default_grants(request, state) -> list[str]:
    """Finder & self-service always; booking/counselling when wanted and the State takes part."""
    wanted = set(request.wanted_functions or ())
    granted = {FINDER}
    if BOOKING in wanted and state.booking_participation:
        granted.add(BOOKING)
    if COUNSELLING in wanted and state.counselling_participation:
        granted.add(COUNSELLING)
    return [name for name in FUNCTIONS if name in granted]


def find_user(login: str):
    acl_users = api.portal.get_tool("acl_users")
    user = acl_users.getUser(login)
    if user is None:
        member = api.user.get(userid=login)
        user = member.getUser() if member is not None else None
    return user


def ensure_user(email: str, fullname: str) -> tuple[str, str, bool]:
    """(user id, login, existed) for the e-mail address; a new user gets a random password."""
    login = email.strip().lower()
    user = find_user(login)
    if user is not None:
        return user.getId(), login, True
    use_email_login = api.portal.get_registry_record(
        "plone.use_email_as_login", default=False
    )
    member = api.user.create(
        email=login,
        username=None if use_email_login else login,
        # Never mailed nor shown: the user sets their own password through the link.
        password=token_urlsafe(32),
        properties={"fullname": fullname},
    )
    return member.getId(), login, False


def create_centre(request, state):
    """A draft CounsellingCentre in the State, prefilled from the request."""
    values = {name: getattr(request, name, None) for name in CENTRE_FIELDS}
    values = {name: value for name, value in values.items() if value}
    centre = createContentInContainer(
        state,
        "CounsellingCentre",
        checkConstraints=False,
        title=request.title,
        **values,
    )
    link_centre(centre, request)
    return centre


def password_link(user_id: str, login: str) -> tuple[str, object]:
    """One-time, expiring set-password link of Plone's password reset tool."""
    tool = api.portal.get_tool("portal_password_reset")
    reset = tool.requestReset(user_id)
    url = (
        f"{api.portal.get().absolute_url()}/passwordreset/{reset['randomstring']}"
        f"?{urlencode({'userid': login})}"
    )
    return url, reset["expires"]


def provision(request) -> Access:
    """Everything ``grant_access`` does before the mail; records it on the request."""
    state = containing_state(request)
    user_id, login, existed = ensure_user(request.email, request.contact_name)
    centre = create_centre(request, state)
    api.user.grant_roles(username=user_id, obj=centre, roles=[CENTRE_EDITOR_ROLE])
    if not request.granted_functions:
        request.granted_functions = default_grants(request, state)
    request.centre_uid = centre.UID()
    request.user_id = user_id
    reset_url, expires = password_link(user_id, login)
    return Access(user_id, login, existed, centre, reset_url, expires)
