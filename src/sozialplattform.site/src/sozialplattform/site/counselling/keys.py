"""Counsellors' keys and the conversations' envelopes.

Keys are stored per user id in a site annotation (``KEYS``: user id → ``KeyPair``, and
``KIDS``: kid → user id, so a kid is unique), not on a user object. A centre's *current
counsellors* are the users holding ``CentreCounsellor`` on it (directly or through a
group); only their public keys are listed to seekers, only they get envelopes. When the
role goes (``revoke``, a subscriber of the sharing page's local-role event, and a check
at read time in ``conversations``) their envelopes of that centre go, and their keys
when they have the role nowhere.
"""

from Acquisition import aq_base
from BTrees.OOBTree import OOBTree
from persistent import Persistent
from plone import api
from sozialplattform.site.counselling import COUNSELLOR_ROLE
from sozialplattform.site.counselling import wire
from sozialplattform.site.counselling.content import conversation_folder
from sozialplattform.site.counselling.content import object_id
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


def _store(name: str, create: bool = False):
    annotations = IAnnotations(api.portal.get())
    store = annotations.get(name)
    if store is None and create:
        store = annotations[name] = OOBTree()
    return store


def keys_of(userid: str) -> KeyPair | None:
    store = _store(KEYS)
    return None if store is None else store.get(userid)


def owner_of(kid: str) -> str | None:
    store = _store(KIDS)
    return None if store is None else store.get(kid)


def counsellor_ids(centre) -> set[str]:
    """Users with ``CentreCounsellor`` on ``centre`` (groups expanded)."""
    result = set()
    local_roles = getattr(aq_base(centre), "__ac_local_roles__", None) or {}
    for principal, roles in local_roles.items():
        if COUNSELLOR_ROLE not in roles:
            continue
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
        del _store(KIDS)[old.kid]
    _store(KEYS, create=True)[userid] = KeyPair(public_key, wrapped_private_key)
    _store(KIDS, create=True)[public_key["kid"]] = userid


def delete_keys(userid: str) -> None:
    pair = keys_of(userid)
    if pair is None:
        return
    remove_envelopes_everywhere(pair.kid)
    del _store(KEYS)[userid]
    kids = _store(KIDS)
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


def revoke(centre, event=None) -> None:
    """After a local-role change on ``centre``: envelopes of former counsellors go;
    keys too when their owner is a counsellor nowhere."""
    current = counsellor_ids(centre)
    stale = {}
    for conversation in conversations_of(centre):
        for kid in list(conversation.envelopes.keys()):
            owner = owner_of(kid)
            if owner is None or owner not in current:
                stale[kid] = owner
    if stale:
        remove_envelopes(centre, stale)
    owners = _store(KEYS)
    if owners is None or not owners:
        return
    anywhere = all_counsellor_ids()
    for userid in [userid for userid in owners if userid not in anywhere]:
        delete_keys(userid)


def missing_envelopes(folder, userid: str, only_missing: bool = True) -> list[dict]:
    """Open conversations of the folder where the caller holds an envelope, with the
    current counsellors' public keys that have none there (what to re-wrap)."""
    from sozialplattform.site.content.types import containing_centre
    from sozialplattform.site.counselling import OPEN

    pair = keys_of(userid)
    centre = containing_centre(folder)
    if pair is None or userid not in counsellor_ids(centre):
        return []
    wanted = current_keys(centre)
    items = []
    for conversation in folder.objectValues():
        own = conversation.envelopes.get(pair.kid)
        if conversation.state != OPEN or own is None:
            continue
        recipients = [
            key for kid, key in wanted.items() if kid not in conversation.envelopes
        ]
        if recipients or not only_missing:
            items.append(
                {
                    "conversation": conversation.conversation_id,
                    "recipients": recipients,
                    "envelope": own,
                }
            )
    return items


def add_envelopes(folder, userid: str, envelopes) -> int:
    """Store re-wrapped envelopes (all or none); ``KeyRefused`` or ``WireFormatError``."""
    from sozialplattform.site.content.types import containing_centre

    if not isinstance(envelopes, list) or not envelopes:
        raise KeyRefused("envelopes: a non-empty list of envelope objects")
    pair = keys_of(userid)
    centre = containing_centre(folder)
    if pair is None or userid not in counsellor_ids(centre):
        raise KeyRefused(
            "Only a counsellor of this centre with a key can grant access."
        )
    wanted = current_keys(centre)
    checked = []
    seen = set()
    for number, raw in enumerate(envelopes):
        envelope = wire.check_envelope(raw)
        conversation = folder.get(object_id(envelope["conversation"]))
        kid = envelope["recipient"]
        if conversation is None or pair.kid not in conversation.envelopes:
            raise KeyRefused(f"envelopes[{number}]: not a conversation of yours")
        if kid not in wanted or kid in conversation.envelopes:
            raise KeyRefused(
                f"envelopes[{number}]: the recipient is no counsellor without access"
            )
        if (conversation.conversation_id, kid) in seen:
            raise KeyRefused(f"envelopes[{number}]: a second envelope for this key")
        seen.add((conversation.conversation_id, kid))
        checked.append((conversation, kid, envelope))
    for conversation, kid, envelope in checked:
        conversation.envelopes[kid] = envelope
    return len(checked)
