"""REST error bodies: field errors as JSON, ``DeserializationError`` as a 400.

``BadRequestHandling``: plone.restapi raises ``BadRequest([{"field", "message", "error"},
...])`` for invalid fields and plone.rest renders ``str(exception)``, a Python literal that
clients cannot parse (plone/plone.restapi#496, plone/plone.rest#176). For such errors the
answer keeps ``type`` and ``context`` and carries

- ``message``: one readable line, "field: message; field: message",
- ``errors``: the list itself, every value a string.

``DeserializationErrorHandling``: ``json_body()`` raises ``DeserializationError`` for a body
that is no JSON object (``[]``, ``{bad``); services that do not catch it themselves
(``@login`` among them) let it through, and plone.rest renders any unknown exception class
with status 500. Here it is rendered as the BadRequest it is.
"""

from plone.rest.errors import ErrorHandling
from plone.rest.interfaces import IAPIRequest
from plone.restapi.exceptions import DeserializationError
from zExceptions import BadRequest
from zope.component import adapter
from zope.i18n import translate


def field_errors(exception: BadRequest, request) -> list[dict] | None:
    """The ``{field, message, error}`` records of a BadRequest, or None for other ones."""
    errors = exception.args[0] if exception.args else None
    if not isinstance(errors, list | tuple) or not errors:
        return None
    if not all(isinstance(error, dict) and "message" in error for error in errors):
        return None
    return [
        {
            key: translate(value, context=request) if key == "message" else str(value)
            for key, value in error.items()
            if key in ("field", "message", "error")
        }
        for error in errors
    ]


@adapter(BadRequest, IAPIRequest)
class BadRequestHandling(ErrorHandling):
    """index.html of a BadRequest in a REST request."""

    def render_exception(self, exception):
        result = super().render_exception(exception)
        errors = field_errors(exception, self.request)
        if errors is not None:
            result["errors"] = errors
            result["message"] = "; ".join(
                f"{error['field']}: {error['message']}"
                if error.get("field")
                else error["message"]
                for error in errors
            )
        return result


@adapter(DeserializationError, IAPIRequest)
class DeserializationErrorHandling(BadRequestHandling):
    """index.html of a DeserializationError: rendered as the BadRequest it is."""

    def __call__(self):
        message = getattr(self.context, "msg", None) or str(self.context)
        self.context = BadRequest(str(message))
        return super().__call__()
