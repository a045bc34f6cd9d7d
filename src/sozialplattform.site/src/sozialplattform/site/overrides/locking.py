"""Locks over REST (``@lock`` GET, content PATCH and DELETE, the ``lock`` of content GET).

plone.restapi shows the whole lock (creator id, name, URL, token) to everyone who may view
an item, refuses a PATCH of the lock's own creator without the ``Lock-Token`` header (an
edit form left open locks the item for its timeout) and lets OFS answer a DELETE of a
locked item with 423 and a traceback. Here lock details are for editors only, one's own
lock never blocks oneself, and a locked DELETE is a 423 JSON message.
"""

from plone import api
from plone.dexterity.interfaces import IDexterityContainer
from plone.dexterity.interfaces import IDexterityContent
from plone.locking.interfaces import ILockable
from plone.restapi.interfaces import ISerializeToJson
from plone.restapi.serializer.dxcontent import SerializeFolderToJson
from plone.restapi.serializer.dxcontent import SerializeToJson
from plone.restapi.services import Service
from plone.restapi.services.content.delete import ContentDelete
from plone.restapi.services.content.update import ContentPatch
from plone.restapi.services.locking import lock_info
from Products.CMFCore.permissions import ModifyPortalContent
from sozialplattform.site import _
from sozialplattform.site.interfaces import ISozialplattformLayer
from zope.component import adapter
from zope.i18n import translate
from zope.interface import implementer


def may_modify(obj) -> bool:
    return bool(api.user.has_permission(ModifyPortalContent, obj=obj))


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


class LockGet(Service):
    def reply(self):
        return visible_lock_info(self.context)


class OwnLockPatch(ContentPatch):
    """The lock's creator patches without sending its token (a forgotten edit form)."""

    def reply(self):
        token = own_lock_token(self.context)
        if token is not None:
            # plone.restapi's is_locked() reads the token from this request header
            self.request.environ["HTTP_LOCK_TOKEN"] = token
        return super().reply()


class LockAwareDelete(ContentDelete):
    """The lock's creator deletes (and unlocks); others get a 423 JSON message."""

    def reply(self):
        lockable = ILockable(self.context, None)
        if lockable is not None and lockable.locked():
            if not lockable.can_safely_unlock():
                self.request.response.setStatus(423)
                info = lock_info(self.context)
                return {
                    "error": {
                        "type": "Locked",
                        "message": translate(
                            _(
                                "error_delete_locked",
                                default="${name} is editing this item (locked since "
                                "${created}). Remove the lock first: DELETE @lock "
                                'with {"force": true}, or "Unlock" on the page.',
                                mapping={
                                    "name": info.get("creator_name", ""),
                                    "created": info.get("created", ""),
                                },
                            ),
                            context=self.request,
                        ),
                    }
                }
            lockable.unlock()
        return super().reply()


@implementer(ISerializeToJson)
@adapter(IDexterityContent, ISozialplattformLayer)
class ItemSerializer(HideLockDetails, SerializeToJson):
    pass


@implementer(ISerializeToJson)
@adapter(IDexterityContainer, ISozialplattformLayer)
class FolderSerializer(HideLockDetails, SerializeFolderToJson):
    pass
