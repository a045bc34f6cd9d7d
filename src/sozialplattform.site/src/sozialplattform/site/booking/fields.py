"""Schema fields for an appointment type's availability, date overrides and closures.

plone.schema ``JSONField``s, so plone.restapi stores and sends the plain JSON and lists
the JSON schema in ``@types`` for headless clients. Validation is the strict parser of
``availability`` (German messages naming the entry, overlaps, ``24:00``, real dates),
not jsonschema, whose English messages name neither.
"""

from plone.schema import JSONField
from sozialplattform.site import _
from sozialplattform.site.booking import availability
from zope.schema import Field
import json


_TIME = "^(([01][0-9]|2[0-3]):[0-5][0-9]|24:00)$"
_DATE = "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"


def _objects(properties: dict, limit: int) -> dict:
    """A JSON schema: a list of at most ``limit`` objects with exactly ``properties``."""
    return {
        "type": "array",
        "maxItems": limit,
        "items": {
            "type": "object",
            "additionalProperties": False,
            "required": sorted(properties),
            "properties": properties,
        },
    }


_WINDOW = {
    "start": {"type": "string", "pattern": _TIME},
    "end": {"type": "string", "pattern": _TIME},
}
WEEKLY_SCHEMA = _objects(
    {"day": {"type": "string", "enum": list(availability.DAYS)}, **_WINDOW},
    availability.MAX_WINDOWS,
)
DATE_OVERRIDES_SCHEMA = _objects(
    {
        "date": {"type": "string", "pattern": _DATE},
        "windows": _objects(_WINDOW, availability.MAX_WINDOWS),
    },
    availability.MAX_OVERRIDES,
)
CLOSURES_SCHEMA = _objects(
    {
        "start": {"type": "string", "pattern": _DATE},
        "end": {"type": "string", "pattern": _DATE},
    },
    availability.MAX_CLOSURES,
)


class _ParsedJSONField(JSONField):
    """A JSONField validated by ``parser(value, field_name)``."""

    json_schema_value: dict
    parser: staticmethod

    def __init__(self, **kw):
        kw.setdefault("required", False)
        kw.setdefault("default", [])
        super().__init__(schema=json.dumps(self.json_schema_value), **kw)

    def _validate(self, value):
        # Field's checks (type, constraint), then the parser instead of jsonschema
        Field._validate(self, value)
        if self.__name__:
            self.parser(value, self.__name__)
        else:
            self.parser(value)

    def fromUnicode(self, value):
        """JSON text only (never Python literals)."""
        try:
            parsed = json.loads(value)
        except ValueError:
            raise availability.BookingInputError(
                self.__name__,
                _("booking_error_json", default="Send the value as JSON."),
            ) from None
        self.validate(parsed)
        return parsed


class WeeklyAvailabilityField(_ParsedJSONField):
    """``availability``: weekly windows."""

    json_schema_value = WEEKLY_SCHEMA
    parser = staticmethod(availability.parse_weekly)


class DateOverridesField(_ParsedJSONField):
    """``date_overrides``: a date's windows instead of the week's."""

    json_schema_value = DATE_OVERRIDES_SCHEMA
    parser = staticmethod(availability.parse_date_overrides)


class ClosuresField(_ParsedJSONField):
    """``closures``: closed date ranges."""

    json_schema_value = CLOSURES_SCHEMA
    parser = staticmethod(availability.parse_closures)
