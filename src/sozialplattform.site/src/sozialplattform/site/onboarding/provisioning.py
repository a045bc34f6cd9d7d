"""Access for an onboarded centre: user account, draft centre, local role, set-password link.

Which account gets the centre: the one whose **login name** is the request's e-mail
address (logins are lower-cased addresses, PAS ``login_transform`` lower; members cannot
change them). If there is none, a new account with that login is created — even when
other accounts carry the address in their e-mail property: such a property proves
nothing (it was typed in by whoever owns the account), so those accounts get no role and
never block the applicant. The set-password link goes to the request's address and
points at the configured public site URL (``site_url``).
"""

from dataclasses import dataclass
from plone import api
from plone.dexterity.utils import createContentInContainer
from Products.CMFCore.WorkflowCore import WorkflowException
from Products.CMFPlone.RegistrationTool import RegistrationTool
from secrets import token_urlsafe
from sozialplattform.site import _
from sozialplattform.site import logger
from sozialplattform.site.content.behaviors import IPostalAddress
from sozialplattform.site.content.structure import CENTRE_EDITOR_ROLE
from sozialplattform.site.content.types import containing_state
from sozialplattform.site.functions import external_urls
from sozialplattform.site.functions.gating import default_grants
from sozialplattform.site.functions.gating import set_grants
from sozialplattform.site.onboarding import REQUEST_TYPE
from sozialplattform.site.site_url import public_url
from urllib.parse import urlencode
from zope.i18n import translate
from zope.i18nmessageid import Message
from zope.interface.interfaces import ComponentLookupError
from zope.schema import getFieldNamesInOrder


#: Request fields copied onto the new centre: the shared behaviour's, the applicant's
#: address as the centre's first contact address, and the tools already in use.
CENTRE_FIELDS = (
    *getFieldNamesInOrder(IPostalAddress),
    "email",
    *external_urls(),
)


@dataclass
class Access:
    user_id: str
    login: str
    existing_account: bool
    centre: object
    reset_url: str
    expires: object


LOGIN_REFUSED = _(
    "error_email_not_a_login",
    default="This e-mail address cannot be used as a user name on this site (allowed "
    "are letters, digits and . - _ @ +). Please use another address.",
)


class ProvisioningError(WorkflowException):
    """Access cannot be provisioned; the transition is refused with this message."""


def _refuse(message: Message) -> None:
    raise ProvisioningError(translate(message, context=api.env.getRequest()))


def uses_email_login() -> bool:
    return bool(
        api.portal.get_registry_record("plone.use_email_as_login", default=False)
    )


def login_name_error(email: str) -> Message | None:
    """Plone's rule for new login names (portal_registration) refuses this address."""
    login = (email or "").strip().lower()
    if not login:
        return None
    try:
        if uses_email_login():
            return None
        registration = api.portal.get_tool("portal_registration")
    except (ComponentLookupError, api.exc.CannotGetPortalError):
        # No site (plain validation of a submission): the default pattern that
        # isMemberIdAllowed checks first; the method itself needs the site's users.
        pattern = RegistrationTool._ALLOWED_MEMBER_ID_PATTERN
        return None if pattern.match(login) else LOGIN_REFUSED
    if find_user(login) is not None:  # an existing account is used as it is
        return None
    return None if registration.isMemberIdAllowed(login) else LOGIN_REFUSED


def find_user(login: str):
    acl_users = api.portal.get_tool("acl_users")
    user = acl_users.getUser(login)
    if user is None:
        member = api.user.get(userid=login)
        user = member.getUser() if member is not None else None
    return user


def existing_user(email: str):
    """The applicant's account: the one whose login name is the address, or None.

    Login names here are lower-cased e-mail addresses that only provisioning and the site
    administrators set, so an account with the address as login belongs to the
    applicant. An account that merely carries the address in its e-mail property is
    never used: anyone could have typed it in (see the module docstring).
    """
    return find_user(email.strip().lower())


def check_account(email: str) -> None:
    """Before ``grant_access``: refuse when no account exists nor can be created."""
    if existing_user(email) is None:
        error = login_name_error(email)
        if error is not None:
            _refuse(error)


def ensure_user(email: str, fullname: str) -> tuple[str, str, bool]:
    """(user id, login, existed) for the e-mail address; a new user gets a random password.

    An existing account is found by its login name only (``existing_user``). Plone
    refusing the new account (``ValueError``) becomes a ``WorkflowException`` with a
    clear message.
    """
    login = email.strip().lower()
    user = existing_user(login)
    if user is not None:
        return user.getId(), user.getUserName() or login, True
    error = login_name_error(login)
    if error is not None:
        _refuse(error)
    try:
        member = api.user.create(
            email=login,
            username=None if uses_email_login() else login,
            # Never mailed nor shown: the user sets their own password through the link.
            password=token_urlsafe(32),
            properties={"fullname": fullname},
        )
    except ValueError as error:
        logger.warning("No account for %s: %s", login, error)
        _refuse(
            _(
                "error_account_not_created",
                default="The user account for ${email} could not be created: ${reason}",
                mapping={
                    "email": login,
                    "reason": translate(error.args[0], context=api.env.getRequest())
                    if error.args
                    else "",
                },
            )
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
    return centre


def password_link(user_id: str, login: str) -> tuple[str, object]:
    """One-time, expiring set-password link of Plone's password reset tool."""
    tool = api.portal.get_tool("portal_password_reset")
    reset = tool.requestReset(user_id)
    url = (
        f"{public_url()}/passwordreset/{reset['randomstring']}"
        f"?{urlencode({'userid': login})}"
    )
    return url, reset["expires"]


def provision(request) -> Access:
    """Everything ``grant_access`` does before the mail; records it on the request."""
    state = containing_state(request)
    user_id, login, existed = ensure_user(request.email, request.contact_name)
    centre = create_centre(request, state)
    api.user.grant_roles(
        user=api.user.get(userid=user_id), obj=centre, roles=[CENTRE_EDITOR_ROLE]
    )
    if not request.granted_functions:
        request.granted_functions = default_grants(request.wanted_functions, state)
    request.centre_uid = centre.UID()
    set_grants(centre, request.granted_functions)
    request.user_id = user_id
    reset_url, expires = password_link(user_id, login)
    return Access(user_id, login, existed, centre, reset_url, expires)


def centres_of(user_id: str) -> list:
    """The CounsellingCentres on which ``user_id`` holds CentreEditor, newest first.

    Provisioning ties an account to its centre by the local role and records both on the
    onboarding request (``user_id``, ``centre_uid``); state editors may also delegate the
    role (sharing). Found through the requests and through the catalog's
    ``allowedRolesAndUsers`` (``user:<id>`` is indexed only where the centre is not
    public); each checked for the role itself.
    """
    if not user_id:
        return []
    catalog = api.portal.get_tool("portal_catalog")
    candidates = [
        brain._unrestrictedGetObject()
        for brain in catalog.unrestrictedSearchResults(
            portal_type="CounsellingCentre", allowedRolesAndUsers=f"user:{user_id}"
        )
    ]
    for brain in catalog.unrestrictedSearchResults(
        portal_type=REQUEST_TYPE, review_state=("access_granted", "active")
    ):
        request = brain._unrestrictedGetObject()
        if getattr(request, "user_id", None) == user_id and request.centre_uid:
            for found in catalog.unrestrictedSearchResults(UID=request.centre_uid):
                candidates.append(found._unrestrictedGetObject())
    centres = {}
    for centre in candidates:
        if CENTRE_EDITOR_ROLE in centre.get_local_roles_for_userid(user_id):
            centres[centre.UID()] = centre
    return sorted(centres.values(), key=lambda centre: centre.created(), reverse=True)


def revoke_access(request) -> None:
    """Withdrawn before the first login: the user loses the centre-editor role.

    The account (it may hold other centres) and the draft centre stay; the state editors
    delete the centre when nobody needs it.
    """
    centre = api.content.get(UID=request.centre_uid) if request.centre_uid else None
    user = api.user.get(userid=request.user_id) if request.user_id else None
    if centre is None or user is None:
        return
    api.user.revoke_roles(user=user, obj=centre, roles=[CENTRE_EDITOR_ROLE])
    centre.reindexObjectSecurity()
