"""``@users/<id>/<anything>`` answers 404, not 500.

plone.restapi's ``UsersGet`` collects every path segment after ``@users`` and raises a
bare ``Exception("Must supply exactly one parameter (user id)")`` for more than one;
``UsersPost`` knows only ``@users`` and ``@users/<id>/reset-password`` and raises a bare
``Exception`` (with a broken ``%`` format: TypeError) for any other path, e.g.
``POST @users/<id>/foo`` (500 for anonymous visitors). Its sub-paths are checked after
traversal (``check_users_post``), whichever ``@users`` POST class is registered.
"""

from .messages import text
from plone.restapi.services.users.add import UsersPost
from plone.restapi.services.users.get import UsersGet
from sozialplattform.site import _
from zExceptions import NotFound


def no_resource(name: str) -> NotFound:
    # The same answer for known and unknown ids (no user enumeration).
    return NotFound(
        text(
            _(
                "error_no_users_resource",
                default="There is no resource ${name} below @users.",
                mapping={"name": name},
            )
        )
    )


class SingleUserGet(UsersGet):
    def publishTraverse(self, request, name):
        if self.params:
            raise no_resource(name)
        return super().publishTraverse(request, name)


def check_users_post(event) -> None:
    """IPubAfterTraversal: ``POST @users`` or ``@users/<id>/reset-password`` only."""
    published = event.request.get("PUBLISHED")
    if not isinstance(published, UsersPost):
        return
    params = list(published.params)
    if params and (len(params) != 2 or params[1] != "reset-password"):
        raise no_resource("/".join(params[1:]) or params[0])
