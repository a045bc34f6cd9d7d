"""The account rules shared by the REST services and the Classic UI forms."""

from AccessControl import getSecurityManager
from plone import api
from sozialplattform.site import _
from sozialplattform.site.content import fields
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


LOGIN_IS_OTHER_ADDRESS = _(
    "error_login_other_address",
    default="A user name that is an e-mail address must be the account's own e-mail "
    "address.",
)


def login_error(login, email) -> Message | None:
    """A login that looks like an e-mail address must be the account's address.

    Onboarding finds an applicant's account by its login name
    (``provisioning.existing_user``): whoever registers ``alex@example.org`` as user
    name with another address would get the centre of Alex. For everyone,
    administrators too (a typo there has the same effect).
    """
    if not isinstance(login, str) or "@" not in login:
        return None
    if normalized(login) == normalized(email):
        return None
    return LOGIN_IS_OTHER_ADDRESS


#: Keys of ``PATCH @users/<id>`` that are no member property, and their JSON types.
ACCOUNT_KEYS = {"password": str, "username": str, "roles": dict, "portrait": dict | str}
#: Member property types (portal_memberdata) and the JSON types they take.
PROPERTY_TYPES = {
    "string": str,
    "text": str,
    "boolean": bool,
    "int": int,
    "float": int | float,
    "lines": list,
}


def text_error(value: str, one_line: bool):
    """The one-line rule (or, for multi-line text, no control characters)."""
    return fields.check(fields.single_line if one_line else plain_control, value)


def plain_control(value: str) -> bool:
    if value and not fields.CONTROL_CHARACTERS.isdisjoint(value):
        raise fields.ControlCharacterNotAllowed(value)
    return True


def user_data_errors(data: dict) -> list[tuple[str, str]]:
    """(key, message) for every value of ``data`` (a ``PATCH @users/<id>`` body) of the
    wrong JSON type, and for text with line breaks or control characters (full names
    and addresses reach mail headers). Unknown keys are left to plone.restapi, which
    ignores them (a client may send back what it got)."""
    memberdata = api.portal.get_tool("portal_memberdata")
    types = {item["id"]: item["type"] for item in memberdata.propertyMap()}
    errors = []
    for key, value in data.items():
        if value is None and key != "password":
            continue
        if key in ACCOUNT_KEYS:
            expected = ACCOUNT_KEYS[key]
            kind = "string" if key == "username" else "account"
        elif key in types:
            kind = types[key]
            expected = PROPERTY_TYPES.get(kind, object)
        else:
            continue
        wrong = not isinstance(value, expected) or (
            isinstance(value, bool) and expected is not bool
        )
        if kind == "lines" and not wrong:
            wrong = not all(isinstance(item, str) for item in value)
        if key == "roles" and not wrong:
            wrong = not all(isinstance(item, bool) for item in value.values())
        if wrong:
            errors.append((key, fields.InvalidValue.__doc__))
        elif isinstance(value, str) and kind in ("string", "text"):
            message = text_error(value, one_line=kind == "string")
            if message:
                errors.append((key, message))
    return errors
