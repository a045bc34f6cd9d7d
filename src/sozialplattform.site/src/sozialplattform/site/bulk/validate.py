"""Validate rows with the rules of the forms and the REST API.

Each value goes through its schema field bound to the State (so the vocabularies of
topics, languages ... resolve as in the forms), then ``content.rules.centre_errors`` checks
the rules that need more than one field or the State.
"""

from plone.schema.jsonfield import IJSONField
from sozialplattform.site import _
from sozialplattform.site.bulk import columns
from sozialplattform.site.bulk.reader import Error
from sozialplattform.site.content import fields
from sozialplattform.site.content.interfaces import ICounsellingCentre
from sozialplattform.site.content.rules import centre_errors
from sozialplattform.site.content.rules import RULE_FIELDS
from sozialplattform.site.content.rules import switched_on_flags
from sozialplattform.site.geo import lookup
from sozialplattform.site.messages import too_long_message
from typing import Any
from zope.i18nmessageid import Message
from zope.interface import Invalid
from zope.schema.interfaces import IChoice
from zope.schema.interfaces import IField
from zope.schema.interfaces import RequiredMissing
from zope.schema.interfaces import TooLong
from zope.schema.interfaces import ValidationError
from zope.schema.interfaces import WrongContainedType
import json


def state_id_for_postcode(postcode: Any) -> str | None:
    """The id of the State a new centre with ``postcode`` goes to, or None."""
    info = lookup(postcode) if isinstance(postcode, str) else None
    return info.state_id if info is not None else None


def no_state_error(postcode: str) -> Message:
    return _(
        "error_postcode_no_state",
        default="Postcode ${postcode} lies in no German state.",
        mapping={"postcode": postcode},
    )


def _unknown_values(field: IField, value: list) -> Message | None:
    value_type = getattr(field, "value_type", None)
    if not IChoice.providedBy(value_type) or value_type.vocabulary is None:
        return None
    vocabulary = value_type.vocabulary
    unknown = [item for item in value if item not in vocabulary]
    if not unknown:
        return None
    return _(
        "error_unknown_values",
        default="Unknown values: ${values}. Allowed: ${allowed}.",
        mapping={
            "values": ", ".join(unknown),
            "allowed": ", ".join(term.token for term in vocabulary),
        },
    )


def field_error(field: IField, value: Any) -> Message | str | None:
    """The message of ``field.validate(value)`` failing, or None."""
    try:
        field.validate(value)
    except WrongContainedType as error:
        return _unknown_values(field, value) or error.doc()
    except TooLong as error:
        if isinstance(value, str):
            return too_long_message(field.max_length, len(value))
        return error.doc()
    except ValidationError as error:
        return error.doc()
    except Invalid as error:
        return str(error)
    return None


def required_error() -> Message:
    return RequiredMissing().doc()


class Validator:
    """Validates rows; fields are bound once per State and kept for the whole import."""

    def __init__(self):
        self._bound: dict[tuple, IField] = {}
        self._outcomes: dict[tuple, Message | str | None] = {}

    def field_error(self, field: IField, value: Any) -> Message | str | None:
        """``field_error``; outcomes for JSON values (opening hours) are remembered.

        plone.schema's JSONField checks its JSON schema itself on every call (3 ms);
        opening hours repeat a lot, and the outcome only depends on the value.
        """
        if not IJSONField.providedBy(field):
            return field_error(field, value)
        key = (field.interface, field.__name__, json.dumps(value, sort_keys=True))
        if key not in self._outcomes:
            self._outcomes[key] = field_error(field, value)
        return self._outcomes[key]

    def bound(self, field: IField, context) -> IField:
        key = (field.interface, field.__name__, "/".join(context.getPhysicalPath()))
        if key not in self._bound:
            self._bound[key] = field.bind(context)
        return self._bound[key]

    def centre_errors(
        self, values: dict, state, existing=None, context=None
    ) -> list[Error]:
        """Errors of a centre's ``values`` stored in ``state`` (None: no State known).

        ``existing`` is the centre a row updates; its stored values complete the rules.
        ``context`` binds the fields when there is no State.
        """
        errors: list[Error] = []
        for name, value in values.items():
            field = ICounsellingCentre["external_id"] if name == columns.KEY else None
            field = field or columns.centre_field(name)
            message = self.field_error(self.bound(field, state or context), value)
            if message is None and name == "text":
                message = fields.check(fields.rich_text_length, value)
            if message is not None:
                errors.append((name, message))
        if existing is None:
            errors.extend(
                (name, required_error())
                for name in columns.REQUIRED_FOR_NEW
                if name not in values
            )
        if state is None:
            return errors
        rule_values = {name: getattr(existing, name, None) for name in RULE_FIELDS}
        rule_values.update(
            {name: values[name] for name in RULE_FIELDS if name in values}
        )
        # As in the REST API: only flags this row switches on are checked.
        rule_values.update(switched_on_flags(values, existing))
        failed = {name for name, _message in errors}
        errors.extend(
            (name, message)
            for name, message in centre_errors(rule_values, state)
            if name not in failed
        )
        return errors

    def offer_errors(
        self, position: int, values: dict, context, existing=None
    ) -> list[Error]:
        """Errors of the offer at ``position`` (from 1) of a row."""
        errors: list[Error] = []
        prefix = f"{columns.OFFERS}[{position}]."
        for name, value in values.items():
            message = self.field_error(
                self.bound(columns.offer_field(name), context), value
            )
            if message is not None:
                errors.append((prefix + name, message))
        if existing is None and "title" not in values:
            errors.append((prefix + "title", required_error()))
        return errors
