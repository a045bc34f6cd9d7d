"""A refused ``@sharing`` (GET or POST) answers 403 with a JSON error, not the body ``null``.

plone.restapi's ``SharingGet``/``SharingPost`` set status 403 and return nothing, which
plone.rest serialises as ``null``; clients expect the usual ``{"type", "message"}`` error.
"""

from plone.restapi.services.content.sharing import SharingGet
from plone.restapi.services.content.sharing import SharingPost
from zExceptions import Forbidden
from zope.security import checkPermission


def check_delegation(context) -> None:
    if not checkPermission("plone.DelegateRoles", context):
        raise Forbidden("You may not view or change the sharing of this item.")


class CheckedSharingGet(SharingGet):
    def reply(self):
        check_delegation(self.context)
        return super().reply()


class CheckedSharingPost(SharingPost):
    def reply(self):
        check_delegation(self.context)
        return super().reply()
