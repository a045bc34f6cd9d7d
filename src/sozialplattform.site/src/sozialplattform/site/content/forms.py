"""Classic UI form support: field validators needing the State, opening hours as lines."""

from sozialplattform.site import _
from sozialplattform.site.content import openinghours
from sozialplattform.site.content.interfaces import ICounsellingCentre
from sozialplattform.site.content.interfaces import IOpeningHoursField
from sozialplattform.site.content.rules import centre_errors
from sozialplattform.site.content.types import containing_state
from z3c.form import validator
from z3c.form.converter import BaseDataConverter
from z3c.form.converter import FormatterValidationError
from z3c.form.interfaces import ITextAreaWidget
from zope.component import adapter
from zope.interface import Invalid


class StateRuleValidator(validator.SimpleFieldValidator):
    """Postcode in the right State; functions only where the State takes part."""

    def validate(self, value):
        super().validate(value)
        name = self.field.__name__
        for field, message in centre_errors(
            {name: value}, containing_state(self.context)
        ):
            if field == name:
                raise Invalid(message)


class PostcodeValidator(StateRuleValidator):
    """The postcode lies in the centre's State."""


class BookingEnabledValidator(StateRuleValidator):
    """Online booking only where the State takes part."""


class OnlineCounsellingEnabledValidator(StateRuleValidator):
    """Online counselling only where the State takes part."""


validator.WidgetValidatorDiscriminators(
    PostcodeValidator, field=ICounsellingCentre["postcode"]
)
validator.WidgetValidatorDiscriminators(
    BookingEnabledValidator, field=ICounsellingCentre["booking_enabled"]
)
validator.WidgetValidatorDiscriminators(
    OnlineCounsellingEnabledValidator,
    field=ICounsellingCentre["online_counselling_enabled"],
)


@adapter(IOpeningHoursField, ITextAreaWidget)
class OpeningHoursConverter(BaseDataConverter):
    """Edit the opening hours as "Mo 09:00-12:00" lines."""

    def toWidgetValue(self, value):
        return openinghours.format_lines(value or [])

    def toFieldValue(self, value):
        try:
            return openinghours.parse(value)
        except openinghours.OpeningHoursSyntaxError as error:
            raise FormatterValidationError(
                _(
                    "error_opening_hours_line",
                    default='Line ${number} is not like "Mo 09:00-12:00": ${line}',
                    mapping={"number": error.line_number, "line": error.line},
                ),
                value,
            ) from None
