"""Zope's form converters raise a BadRequest (400), not a ValueError (500).

ZPublisher applies converters named in parameter names (``?b_size:int=abc``,
``radius:float=abc``, ``d:date=x``) while it processes the request's inputs, before
traversal; their ``ValueError`` reaches the client as a 500 on every URL, views and REST
services alike. Zope offers no hook there, so the converters of
``ZPublisher.Converters.type_converters`` (the registry ZPublisher looks them up in) are
wrapped: a failing conversion raises ``InvalidValue``, which is a ``BadRequest`` for the
publisher and still a ``ValueError`` for code that calls the converters itself
(PropertyManager, GenericSetup, PlonePAS).
"""

from .messages import text
from DateTime.interfaces import DateTimeError
from sozialplattform.site import _
from ZPublisher import Converters
import functools
import zExceptions


class InvalidValue(zExceptions.BadRequest, ValueError):
    """A form value its converter refused."""


# ZPublisher maps an exception class to its HTTP status by the class name
# (HTTPResponse.setStatus): the name must stay "BadRequest" for a 400.
InvalidValue.__name__ = "BadRequest"

_WRAPPED = "_sozialplattform_wrapped"


def refusing(converter, name: str = ""):
    """``converter`` (``:name``) raising ``InvalidValue`` where it raised a value error.

    The message is translated for the request's browser languages: the site's language
    is not known yet (the request has not been traversed)."""

    @functools.wraps(converter)
    def convert(value):
        try:
            return converter(value)
        except InvalidValue:
            raise
        except (ValueError, TypeError, DateTimeError) as error:
            message = text(
                _(
                    "error_form_converter",
                    default="“${value}” cannot be read as ${converter} (:${converter} in the "
                    "parameter name).",
                    mapping={"value": str(value)[:100], "converter": name},
                )
            )
            raise InvalidValue(message) from error

    setattr(convert, _WRAPPED, True)
    return convert


def install() -> None:
    """Wrap every registered converter once (idempotent)."""
    for name, converter in list(Converters.type_converters.items()):
        if not getattr(converter, _WRAPPED, False):
            Converters.type_converters[name] = refusing(converter, name)
