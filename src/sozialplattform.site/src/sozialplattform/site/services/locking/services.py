"""``@lock`` GET, content PATCH and DELETE with the lock rules of this package."""

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
from sozialplattform.site import _
from sozialplattform.site.interfaces import ISozialplattformLayer
from sozialplattform.site.services.locking import HideLockDetails
from sozialplattform.site.services.locking import own_lock_token
from sozialplattform.site.services.locking import visible_lock_info
from zope.component import adapter
from zope.i18n import translate
from zope.interface import implementer


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
