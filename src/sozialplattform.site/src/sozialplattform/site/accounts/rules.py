"""The account rules shared by the REST services and the Classic UI forms."""

from AccessControl import getSecurityManager
from plone import api
from sozialplattform.site import _
from zope.i18nmessageid import Message


#: Held by Manager and Site Administrator (Plone's "Manage users").
MANAGE_USERS = "Manage users"

EMAIL_CHANGE_REFUSED = _(
    "error_email_change_refused",
    default="You cannot change your e-mail address yourself: the site administrators "
    "change it for you after checking the new address. Please write to them.",
)


def normalized(email) -> str:
    return (email or "").strip().lower() if isinstance(email, str) else ""


def can_manage_users() -> bool:
    portal = api.portal.get()
    return bool(getSecurityManager().checkPermission(MANAGE_USERS, portal))


def email_in_use(email: str, except_user_id: str | None = None) -> bool:
    """Another account has this address as e-mail property or as login name."""
    address = normalized(email)
    if not address:
        return False
    acl_users = api.portal.get_tool("acl_users")
    found = {
        item.get("userid")
        for item in acl_users.searchUsers(email=address, exact_match=True)
    }
    found |= {
        item.get("userid")
        for item in acl_users.searchUsers(login=address, exact_match=True)
    }
    found.discard(None)
    found.discard(except_user_id)
    return bool(found)


def email_in_use_message(email: str) -> Message:
    return _(
        "error_email_in_use",
        default="The e-mail address ${email} is already used by another account.",
        mapping={"email": normalized(email)},
    )


def email_change_error(user_id: str, current: str | None, new) -> Message | None:
    """Why the account ``user_id`` cannot get the address ``new`` (None: it can).

    Unchanged (any case) is always fine. Only user managers change an address; nobody
    gets an address another account uses.
    """
    if normalized(new) == normalized(current):
        return None
    if not can_manage_users():
        return EMAIL_CHANGE_REFUSED
    if email_in_use(new, except_user_id=user_id):
        return email_in_use_message(new)
    return None
