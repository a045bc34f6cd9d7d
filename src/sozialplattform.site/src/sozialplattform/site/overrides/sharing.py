"""A refused ``GET @sharing`` answers 403 with a JSON error, not the body ``null``.

plone.restapi's ``SharingGet`` sets status 403 and returns nothing, which plone.rest
serialises as ``null``; clients expect the usual ``{"type", "message"}`` error.
"""

from plone.restapi.services.content.sharing import SharingGet
from zExceptions import Forbidden
from zope.security import checkPermission


class CheckedSharingGet(SharingGet):
    def reply(self):
        if not checkPermission("plone.DelegateRoles", self.context):
            raise Forbidden("You may not view or change the sharing of this item.")
        return super().reply()
