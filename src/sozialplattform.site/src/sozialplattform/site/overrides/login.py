"""REST ``@login``: the site's login transform, and only strings as credentials.

PlonePAS's ``authenticate`` skips ``login_transform`` (plone.restapi issue #522), so the
Classic UI login form accepts "Erika.Test@Example.org" while ``@login`` refused it.
A ``login`` or ``password`` that is no string (``{"login": 5}``) ended in a TypeError
(500) inside PAS; it is a 400. A body that is no JSON object is a 400 through
``errors.DeserializationErrorHandling``.
"""

from .messages import bad_request
from plone import api
from plone.restapi.deserializer import json_body
from plone.restapi.services.auth.login import Login
from sozialplattform.site import _
import json


class TransformingLogin(Login):
    def reply(self):
        data = json_body(self.request)
        for key in ("login", "password"):
            if key in data and not isinstance(data[key], str):
                raise bad_request(
                    _(
                        "error_must_be_string",
                        default="${name} must be a string.",
                        mapping={"name": key},
                    )
                )
        login = data.get("login")
        users = api.portal.get_tool("acl_users")
        if isinstance(login, str) and getattr(users, "login_transform", ""):
            data["login"] = users.applyTransform(login)
            self.request.other["BODY"] = json.dumps(data).encode("utf-8")
        return super().reply()
