"""Locks over REST: details for editors only; one's own lock never blocks oneself.

plone.restapi shows the whole lock (creator id, name, URL, token) to everyone who may view
an item, refuses a PATCH of the lock's own creator without the ``Lock-Token`` header (an
edit form left open locks the item for its timeout) and lets OFS answer a DELETE of a
locked item with 423 and a traceback.
"""

from plone import api
from plone.locking.interfaces import ILockable
from plone.restapi.services.locking import lock_info


MODIFY = "Modify portal content"


def may_modify(obj) -> bool:
    return bool(api.user.has_permission(MODIFY, obj=obj))


def visible_lock_info(obj, info: dict | None = None) -> dict:
    """``lock_info(obj)``; for users who may not modify ``obj`` only ``locked``."""
    info = lock_info(obj) if info is None else info
    if not info or may_modify(obj):
        return info
    return {"locked": bool(info.get("locked"))}


class HideLockDetails:
    """Mixin for content serializers: the ``lock`` of ``visible_lock_info``."""

    def __call__(self, *args, **kwargs):
        result = super().__call__(*args, **kwargs)
        if "lock" in result:
            result["lock"] = visible_lock_info(self.context, result["lock"])
        return result


def own_lock_token(obj) -> str | None:
    """The token of a lock on ``obj`` held by the current user, else None."""
    lockable = ILockable(obj, None)
    if lockable is None or not lockable.locked() or not lockable.can_safely_unlock():
        return None
    info = lockable.lock_info()
    return info[0]["token"] if info else None
