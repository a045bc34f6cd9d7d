"""plone.restapi's ``DeserializationError`` answers 400, not 500.

``json_body()`` raises it for a body that is no JSON object (``[]``, ``{bad``); services
that do not catch it themselves (``@login`` among them) let it through, and plone.rest
renders any unknown exception class with status 500.
"""

from plone.rest.interfaces import IAPIRequest
from plone.restapi.exceptions import DeserializationError
from sozialplattform.site.services.errors import BadRequestHandling
from zExceptions import BadRequest
from zope.component import adapter


@adapter(DeserializationError, IAPIRequest)
class DeserializationErrorHandling(BadRequestHandling):
    """index.html of a DeserializationError: rendered as the BadRequest it is."""

    def __call__(self):
        message = getattr(self.context, "msg", None) or str(self.context)
        self.context = BadRequest(str(message))
        return super().__call__()
