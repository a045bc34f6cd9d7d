"""GET <centre>/@counselling-keys (anonymous: the public keys of the centre's
counsellors and what the start page shows) and GET /Plone/@counselling-keys/me (a
counsellor's own key pair)."""

from sozialplattform.site.counselling import checks
from sozialplattform.site.counselling import conversations
from sozialplattform.site.counselling.content import conversation_folder
from sozialplattform.site.counselling.interfaces import DEFAULT_REPLY_DAYS
from sozialplattform.site.counselling.keys import current_keys
from sozialplattform.site.counselling.keys import keys_of
from sozialplattform.site.counselling.services.common import CounsellingService
from sozialplattform.site.counselling.services.common import Refusal
from sozialplattform.site.counselling.services.common import require_counselling
from zope.interface import implementer
from zope.publisher.interfaces import IPublishTraverse


class CentreKeysGet(CounsellingService):
    def answer(self) -> dict:
        require_counselling(self.context)
        folder = conversation_folder(self.context, create=False)
        keys = current_keys(self.context)
        return {
            "items": list(keys.values()),
            "open": bool(keys),
            "reply_days": getattr(folder, "reply_days", None) or DEFAULT_REPLY_DAYS,
            "absence_notice": getattr(folder, "absence_notice", None) or None,
            "chat_hours": list(getattr(folder, "chat_hours", None) or []),
            "in_chat_hours": folder is not None
            and conversations.in_chat_hours(folder, self.now()),
            "topics": checks.topics(self.context),
        }


@implementer(IPublishTraverse)
class OwnKeys:
    """``@counselling-keys/me``: only the name ``me`` after the service."""

    params: list

    def publishTraverse(self, request, name):
        if not hasattr(self, "params"):
            self.params = []
        self.params.append(name)
        return self

    def userid_of_me(self) -> str:
        if getattr(self, "params", None) != ["me"]:
            raise Refusal(404, "Use @counselling-keys/me.", "NotFound")
        userid = self.userid()
        if userid is None:
            raise Refusal(401, "Log in as a counsellor.", "Unauthorized")
        return userid


class OwnKeysGet(OwnKeys, CounsellingService):
    def answer(self) -> dict:
        pair = keys_of(self.userid_of_me())
        return {
            "public_key": pair.public_key if pair else None,
            "wrapped_private_key": pair.wrapped_private_key if pair else None,
        }
