"""Field errors of a REST 400 as JSON, not as the Python text of a list.

plone.restapi raises ``BadRequest([{"field", "message", "error"}, ...])`` for invalid
fields, and plone.rest renders ``str(exception)``: a Python literal that clients cannot parse.
For such errors the answer keeps ``type`` and ``context`` and carries

- ``message``: one readable line, "field: message; field: message",
- ``errors``: the list itself, every value a string.
"""

from plone.rest.errors import ErrorHandling
from plone.rest.interfaces import IAPIRequest
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
