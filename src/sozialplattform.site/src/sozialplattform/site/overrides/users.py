"""``GET @users/<id>/<anything>`` answers 404, not 500.

plone.restapi's ``UsersGet`` collects every path segment after ``@users`` and raises a
bare ``Exception("Must supply exactly one parameter (user id)")`` for more than one.
"""

from plone.restapi.services.users.get import UsersGet
from zExceptions import NotFound


class SingleUserGet(UsersGet):
    def publishTraverse(self, request, name):
        if self.params:
            # The same answer for known and unknown ids (no user enumeration).
            raise NotFound(f"There is no resource {name!r} below @users.")
        return super().publishTraverse(request, name)
