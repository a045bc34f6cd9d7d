"""REST ``@login`` with the site's login transform (case-insensitive e-mail logins).

PlonePAS's ``authenticate`` skips ``login_transform`` (plone.restapi issue #522), so the
Classic UI login form accepts "Erika.Test@Example.org" while ``@login`` refused it.
"""

from plone import api
from plone.restapi.deserializer import json_body
from plone.restapi.services.auth.login import Login
import json


class TransformingLogin(Login):
    def reply(self):
        data = json_body(self.request)
        login = data.get("login")
        users = api.portal.get_tool("acl_users")
        if isinstance(login, str) and getattr(users, "login_transform", ""):
            data["login"] = users.applyTransform(login)
            self.request.other["BODY"] = json.dumps(data).encode("utf-8")
        return super().reply()
