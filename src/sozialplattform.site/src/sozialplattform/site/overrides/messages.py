"""The guards' error messages: gettext messages (domain ``sozialplattform.site``)
translated for the request, so that the German site answers in German."""

from zExceptions import BadRequest
from zope.globalrequest import getRequest
from zope.i18n import translate
from zope.i18nmessageid import Message


def text(message: Message) -> str:
    """``message`` translated for the current request."""
    return translate(message, context=getRequest())


def bad_request(message: Message) -> BadRequest:
    """A BadRequest with ``message`` translated for the current request."""
    return BadRequest(text(message))
