"""Counsellors' keys and the conversations' envelopes.

Keys are stored per user id in a site annotation (``KEYS``: user id → ``KeyPair``, and
``KIDS``: kid → user id, so a kid is unique), not on a user object. A centre's *current
counsellors* are the users holding ``CentreCounsellor`` on it (locally, on a parent or
site-wide; directly or through a group: ``counsellor_ids``); only their public keys are
listed to seekers, only they get envelopes. When the role goes (``envelopes.revoke``, a
subscriber of the sharing page's local-role event, the retention sweep, and a check at
read time in ``conversations``) their envelopes of that centre go, and their keys when
they have the role nowhere.
"""

from Acquisition import aq_base
from Acquisition import aq_chain
from Acquisition import aq_inner
from BTrees.OOBTree import OOBTree
from persistent import Persistent
from plone import api
from plone.base.interfaces import IPloneSiteRoot
from sozialplattform.site.counselling import COUNSELLOR_ROLE
from sozialplattform.site.counselling import wire
from sozialplattform.site.counselling.content import conversation_folder
from zope.annotation.interfaces import IAnnotations


KEYS = "sozialplattform.counselling.keys"
KIDS = "sozialplattform.counselling.kids"


class KeyRefused(ValueError):
    """A key upload the server refuses (400)."""


class KeyPair(Persistent):
    def __init__(self, public_key: dict, wrapped_private_key: dict):
        self.public_key = public_key
        self.wrapped_private_key = wrapped_private_key

    @property
    def kid(self) -> str:
        return self.public_key["kid"]


def annotation_store(name: str, create: bool = False):
    annotations = IAnnotations(api.portal.get())
    store = annotations.get(name)
    if store is None and create:
        store = annotations[name] = OOBTree()
    return store


def keys_of(userid: str) -> KeyPair | None:
    store = annotation_store(KEYS)
    return None if store is None else store.get(userid)


def owner_of(kid: str) -> str | None:
    store = annotation_store(KIDS)
    return None if store is None else store.get(kid)


def counsellor_principals(centre) -> set[str]:
    """Principals (users and groups) holding ``CentreCounsellor`` on ``centre`` as Zope
    sees it: local roles of the centre and its parents (up to a blocked inheritance or
    the site) and the role granted site-wide."""
    principals = set()
    for obj in aq_chain(aq_inner(centre)):
        local_roles = getattr(aq_base(obj), "__ac_local_roles__", None) or {}
        if callable(local_roles):
            local_roles = local_roles() or {}
        principals.update(
            principal
            for principal, roles in local_roles.items()
            if COUNSELLOR_ROLE in roles
        )
        if getattr(aq_base(obj), "__ac_local_roles_block__", False):
            break
        if IPloneSiteRoot.providedBy(obj):
            break
    role_manager = getattr(api.portal.get().acl_users, "portal_role_manager", None)
    if role_manager is not None:
        principals.update(
            principal
            for principal, _title in role_manager.listAssignedPrincipals(
                COUNSELLOR_ROLE
            )
        )
    return principals


def counsellor_ids(centre) -> set[str]:
    """The centre's counsellors: users with ``CentreCounsellor`` on ``centre`` (also
    inherited or site-wide, groups expanded) — the same users the permission
    "Read conversations" lets in, so they and only they get envelopes."""
    result = set()
    for principal in counsellor_principals(centre):
        group = api.group.get(groupname=principal)
        if group is None:
            result.add(principal)
        else:
            result.update(user.getId() for user in group.getGroupMembers())
    return result


def centres():
    """Every counselling centre (unrestricted)."""
    catalog = api.portal.get_tool("portal_catalog")
    for brain in catalog.unrestrictedSearchResults(portal_type="CounsellingCentre"):
        yield brain._unrestrictedGetObject()


def is_counsellor_anywhere(userid: str) -> bool:
    return any(userid in counsellor_ids(centre) for centre in centres())


def all_counsellor_ids() -> set[str]:
    """Users with ``CentreCounsellor`` on any centre (one pass over the centres)."""
    result = set()
    for centre in centres():
        result |= counsellor_ids(centre)
    return result


def current_keys(centre) -> dict[str, dict]:
    """kid → public-key object of the centre's current counsellors with a key."""
    result = {}
    for userid in sorted(counsellor_ids(centre)):
        pair = keys_of(userid)
        if pair is not None:
            result[pair.kid] = pair.public_key
    return result


def check_keys(userid: str, public_key, wrapped_private_key) -> tuple[dict, dict]:
    """The validated pair; ``WireFormatError`` or ``KeyRefused`` (both 400)."""
    public_key = wire.check_public_key(public_key)
    wrapped_private_key = wire.check_wrapped_private_key(wrapped_private_key)
    if wrapped_private_key["kid"] != public_key["kid"]:
        raise KeyRefused("wrapped_private_key: kid is not the public key's")
    owner = owner_of(public_key["kid"])
    if owner is not None and owner != userid:
        raise KeyRefused("public_key: this kid belongs to another user")
    return public_key, wrapped_private_key


def set_keys(userid: str, public_key: dict, wrapped_private_key: dict) -> None:
    """Store the user's (checked) keys; a new kid drops the old key's envelopes."""
    old = keys_of(userid)
    if old is not None and old.kid != public_key["kid"]:
        remove_envelopes_everywhere(old.kid)
        del annotation_store(KIDS)[old.kid]
    annotation_store(KEYS, create=True)[userid] = KeyPair(
        public_key, wrapped_private_key
    )
    annotation_store(KIDS, create=True)[public_key["kid"]] = userid


def delete_keys(userid: str) -> None:
    pair = keys_of(userid)
    if pair is None:
        return
    remove_envelopes_everywhere(pair.kid)
    del annotation_store(KEYS)[userid]
    kids = annotation_store(KIDS)
    if kids is not None and pair.kid in kids:
        del kids[pair.kid]


def conversations_of(centre):
    folder = conversation_folder(centre, create=False)
    return () if folder is None else folder.objectValues()


def remove_envelopes(centre, kids) -> int:
    """Remove the envelopes for ``kids`` from the centre's conversations."""
    removed = 0
    for conversation in conversations_of(centre):
        for kid in kids:
            if kid in conversation.envelopes:
                del conversation.envelopes[kid]
                removed += 1
    return removed


def remove_envelopes_everywhere(kid: str) -> int:
    return sum(remove_envelopes(centre, (kid,)) for centre in centres())


def principal_deleted(event) -> None:
    """A deleted account takes its keys and envelopes with it."""
    if isinstance(event.principal, str):
        delete_keys(event.principal)
