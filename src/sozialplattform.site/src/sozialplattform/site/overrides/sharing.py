"""A refused ``@sharing`` (GET or POST) answers 403 with a JSON error, not the body ``null``;
and nobody but administrators grants roles to themselves (``SelfGrantGuardedSharingView``).

plone.restapi's ``SharingGet``/``SharingPost`` set status 403 and return nothing, which
plone.rest serialises as ``null``; clients expect the usual ``{"type", "message"}`` error.
"""

from AccessControl import getSecurityManager
from plone import api
from plone.app.workflow.browser.sharing import SharingView
from plone.restapi.services.content.sharing import SharingGet
from plone.restapi.services.content.sharing import SharingPost
from sozialplattform.site import _
from zExceptions import Forbidden
from zope.i18n import translate
from zope.security import checkPermission


#: Plone's users and groups control panel: Manager and Site Administrator
USERS_AND_GROUPS = "Plone Site Setup: Users and Groups"


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


class SelfGrantGuardedSharingView(SharingView):
    """Plone's sharing page (and the form behind ``POST @sharing``): nobody but the
    site's administrators gives roles to themselves or to a group they are in.

    Otherwise a State editor, who may share a centre of their State, could give
    themselves the centre's editor or counsellor role and read its bookings, which
    only the centre's staff may see.
    """

    def update_role_settings(self, new_settings, reindex=True):
        user = api.user.get_current()
        portal = api.portal.get()
        if not getSecurityManager().checkPermission(USERS_AND_GROUPS, portal):
            own = {user.getId(), *(user.getGroups() or ())}
            for setting in new_settings:
                if setting["id"] not in own:
                    continue
                held = set(self.context.get_local_roles_for_userid(setting["id"]))
                if set(setting["roles"]) - held:
                    raise Forbidden(
                        translate(
                            _(
                                "error_self_grant",
                                default="You cannot give roles to yourself or to "
                                "your own groups.",
                            ),
                            context=self.request,
                        )
                    )
        return super().update_role_settings(new_settings, reindex)
