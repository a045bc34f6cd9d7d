"""``POST`` (add content): the keys plone.restapi reads before deserializing are strings.

``FolderPost`` reads ``@type``, ``id``, ``title``, ``UID``, ``language`` and
``translation_of`` itself and uses them as strings (``@type: 5`` fails on ``.lower()``
with a 500); here another JSON type is a 400 naming the key, before anything is created.
"""

from plone.restapi.deserializer import json_body
from plone.restapi.services.content.add import FolderPost
from sozialplattform.site.content import fields
from sozialplattform.site.content.deserializer import field_error
from zExceptions import BadRequest


#: Keys FolderPost reads itself; ``@type`` is also required (plone.restapi's own 400).
STRING_KEYS = ("@type", "id", "title", "UID", "language", "translation_of")


class CheckedFolderPost(FolderPost):
    def reply(self):
        data = json_body(self.request)
        errors = [
            field_error(key, fields.InvalidValue.__doc__, self.request)
            for key in STRING_KEYS
            if data.get(key) is not None and not isinstance(data[key], str)
        ]
        if errors:
            raise BadRequest(errors)
        return super().reply()
