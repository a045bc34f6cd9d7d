"""Envelopes of the conversations: what colleagues must re-wrap, the re-wrapped ones,
and the revocation after a change of the counsellor role (``keys`` keeps the keys)."""

from sozialplattform.site.content.types import containing_centre
from sozialplattform.site.counselling import FOLDER_ID
from sozialplattform.site.counselling import OPEN
from sozialplattform.site.counselling import wire
from sozialplattform.site.counselling.content import conversation_folder
from sozialplattform.site.counselling.content import object_id
from sozialplattform.site.counselling.keys import all_counsellor_ids
from sozialplattform.site.counselling.keys import annotation_store
from sozialplattform.site.counselling.keys import conversations_of
from sozialplattform.site.counselling.keys import counsellor_ids
from sozialplattform.site.counselling.keys import current_keys
from sozialplattform.site.counselling.keys import delete_keys
from sozialplattform.site.counselling.keys import KeyRefused
from sozialplattform.site.counselling.keys import KEYS
from sozialplattform.site.counselling.keys import keys_of
from sozialplattform.site.counselling.keys import owner_of
from sozialplattform.site.counselling.keys import remove_envelopes


def needs_folder(centre) -> bool:
    """Online counselling switched on, or a counsellor appointed (``counsellor_ids``)."""
    return bool(getattr(centre, "online_counselling_enabled", False)) or bool(
        counsellor_ids(centre)
    )


def prepare_folder(centre, event=None) -> None:
    """``<centre>/beratung`` as soon as counsellors can set up their keys there: when
    the centre is added or changed with online counselling on and when the role
    ``CentreCounsellor`` is granted (without permission checks)."""
    if centre.get(FOLDER_ID) is None and needs_folder(centre):
        conversation_folder(centre)


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
    owners = annotation_store(KEYS)
    if owners is None or not owners:
        return
    anywhere = all_counsellor_ids()
    for userid in [userid for userid in owners if userid not in anywhere]:
        delete_keys(userid)


def missing_envelopes(folder, userid: str, only_missing: bool = True) -> list[dict]:
    """Open conversations of the folder where the caller holds an envelope, with the
    current counsellors' public keys that have none there (what to re-wrap)."""
    from sozialplattform.site.content.types import containing_centre

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
