"""Classic UI form support: field validators needing the State, opening hours as lines."""

from plone.app.contenttypes.behaviors.richtext import IRichTextBehavior
from sozialplattform.site.content import fields
from sozialplattform.site.content import openinghours
from sozialplattform.site.content.behaviors import IPostalAddress
from sozialplattform.site.content.interfaces import ICounsellingCentre
from sozialplattform.site.content.interfaces import IOpeningHoursField
from sozialplattform.site.content.interfaces import IPlatformContent
from sozialplattform.site.content.interfaces import IState
from sozialplattform.site.content.rules import centre_errors
from sozialplattform.site.content.rules import coordinates_error
from sozialplattform.site.content.rules import switched_on_flags
from sozialplattform.site.content.types import containing_state
from z3c.form import validator
from z3c.form.converter import BaseDataConverter
from z3c.form.converter import FormatterValidationError
from z3c.form.interfaces import ITextAreaWidget
from z3c.form.interfaces import NO_VALUE
from zope.component import adapter
from zope.interface import Invalid


def edited_centre(context) -> ICounsellingCentre | None:
    """The centre an edit form changes; None in an add form (its context is the State)."""
    return context if ICounsellingCentre.providedBy(context) else None


class StateRuleValidator(validator.SimpleFieldValidator):
    """Postcode in the right State; functions only where the State takes part."""

    def rule_values(self, value) -> dict:
        return {self.field.__name__: value}

    def validate(self, value):
        super().validate(value)
        name = self.field.__name__
        for field, message in centre_errors(
            self.rule_values(value), containing_state(self.context)
        ):
            if field == name:
                raise Invalid(message)


class PostcodeValidator(StateRuleValidator):
    """The postcode lies in the centre's State (an onboarding request's may lie anywhere:
    the field is shared through ``IPostalAddress``, the rule is the centre's)."""

    def validate(self, value):
        if edited_centre(self.context) or IState.providedBy(self.context):
            super().validate(value)
        else:
            validator.SimpleFieldValidator.validate(self, value)


class FunctionFlagValidator(StateRuleValidator):
    """Switching a function on needs the State to take part; a stored True may stay."""

    def rule_values(self, value) -> dict:
        name = self.field.__name__
        return {
            name: switched_on_flags({name: value}, edited_centre(self.context))[name]
        }


class BookingEnabledValidator(FunctionFlagValidator):
    """Online booking only where the State takes part."""


class OnlineCounsellingEnabledValidator(FunctionFlagValidator):
    """Online counselling only where the State takes part."""


class CoordinateValidator(validator.SimpleFieldValidator):
    """Latitude and longitude come as a pair (``rules.coordinates_error``).

    Both fields sit in the same fieldset, so the form (or group) holding this field's
    widget also holds the other one; the error goes to the field left empty.
    """

    def other_value(self, name: str):
        widgets = getattr(self.view, "widgets", None)
        widget = widgets.get(name) if widgets is not None else None
        if widget is None:
            centre = edited_centre(self.context)
            return getattr(centre, name, None)
        raw = widget.extract()
        if raw is NO_VALUE or not str(raw).strip():
            return None
        return raw

    def validate(self, value):
        super().validate(value)
        name = self.field.__name__
        other = "longitude" if name == "latitude" else "latitude"
        pair = coordinates_error({name: value, other: self.other_value(other)})
        if pair is not None and pair[0] == name:
            raise Invalid(pair[1])


class LatitudeValidator(CoordinateValidator):
    """Latitude only together with a longitude."""


class LongitudeValidator(CoordinateValidator):
    """Longitude only together with a latitude."""


class RichTextLengthValidator(validator.SimpleFieldValidator):
    """At most ``fields.MAX_RICH_TEXT_LENGTH`` characters of HTML in ``text``."""

    def validate(self, value):
        super().validate(value)
        fields.rich_text_length(value)


validator.WidgetValidatorDiscriminators(
    PostcodeValidator, field=IPostalAddress["postcode"]
)
validator.WidgetValidatorDiscriminators(
    BookingEnabledValidator, field=ICounsellingCentre["booking_enabled"]
)
validator.WidgetValidatorDiscriminators(
    OnlineCounsellingEnabledValidator,
    field=ICounsellingCentre["online_counselling_enabled"],
)
validator.WidgetValidatorDiscriminators(
    LatitudeValidator, field=ICounsellingCentre["latitude"]
)
validator.WidgetValidatorDiscriminators(
    LongitudeValidator, field=ICounsellingCentre["longitude"]
)
validator.WidgetValidatorDiscriminators(
    RichTextLengthValidator, context=IPlatformContent, field=IRichTextBehavior["text"]
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
            raise FormatterValidationError(error.message(), value) from None
