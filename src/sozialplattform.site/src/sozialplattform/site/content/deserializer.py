"""JSON deserialization of the site's content: field validation, and for centres the rules
needing the State.

plone.restapi turns a field deserializer's ``ValueError`` or ``ValidationError`` into a
400 naming the field; any other error (a dict where a list belongs, ``"encoding": "foo"``,
a number as file data) escapes as a 500. ``PlatformDeserializer`` turns those into the same
400 for every content type of the site, and a refused rename (``id``) into a 403.
"""

from Acquisition import aq_base
from Acquisition import aq_inner
from Acquisition import aq_parent
from OFS.CopySupport import CopyError
from plone import api
from plone.autoform.interfaces import WRITE_PERMISSIONS_KEY
from plone.dexterity.interfaces import IDexterityContent
from plone.dexterity.utils import iterSchemata
from plone.restapi.deserializer import json_body
from plone.restapi.deserializer.dxcontent import DeserializeFromJson
from plone.restapi.interfaces import IDeserializeFromJson
from plone.restapi.interfaces import IFieldDeserializer
from plone.restapi.serializer.converters import json_compatible
from plone.supermodel.utils import mergedTaggedValueDict
from sozialplattform.site import _
from sozialplattform.site.content import fields
from sozialplattform.site.content.interfaces import ICounsellingCentre
from sozialplattform.site.content.interfaces import IPlatformContent
from sozialplattform.site.content.interfaces import IState
from sozialplattform.site.content.layout import LayoutGuard
from sozialplattform.site.content.rules import centre_errors
from sozialplattform.site.content.rules import RULE_FIELDS
from sozialplattform.site.content.rules import switched_on_flags
from sozialplattform.site.content.types import containing_state
from sozialplattform.site.interfaces import ISozialplattformLayer
from sozialplattform.site.overrides.search import check_sort_on
from zExceptions import BadRequest
from zExceptions import Forbidden
from zope.component import adapter
from zope.component import queryMultiAdapter
from zope.i18n import translate
from zope.interface import implementer
from zope.publisher.interfaces.browser import IBrowserRequest
from zope.schema import getFields
from zope.schema import ValidationError
from zope.schema.interfaces import IBool


#: What a field deserializer raises for a value of the wrong shape, besides ValueError.
SHAPE_ERRORS = (TypeError, AttributeError, LookupError)
RENAME_REFUSED = _(
    "error_rename_refused", default="You may not change the short name (id) here."
)


def field_error(name: str, message, request) -> dict:
    return {
        "field": name,
        "message": translate(message, context=request),
        "error": "ValidationError",
    }


@implementer(IDeserializeFromJson)
@adapter(IDexterityContent, ISozialplattformLayer)
class PlatformDeserializer(DeserializeFromJson):
    """plone.restapi's deserializer with every bad field value a 400 (see module)."""

    def __call__(
        self, validate_all=False, data=None, create=False, mask_validation_errors=True
    ):
        if data is None:
            data = json_body(self.request)
        errors = self._null_booleans(data)
        if errors:
            raise BadRequest(errors)
        try:
            return super().__call__(
                validate_all=validate_all,
                data=data,
                create=create,
                mask_validation_errors=mask_validation_errors,
            )
        except SHAPE_ERRORS:
            # Only now find the field(s): the values are deserialized once more, each
            # on its own. The transaction is aborted by the 400, so nothing is kept.
            errors = self._shape_errors(data)
            if not errors:
                raise
            raise BadRequest(errors) from None
        except CopyError:
            # the shortname behaviour renames on set; OFS refuses without permission
            raise Forbidden(translate(RENAME_REFUSED, context=self.request)) from None

    def handle_ordering(self, data: dict):
        """``ordering`` and ``sort`` of a folder: the wrong shape, an unknown item or an
        index that cannot sort is a 400 (plone.restapi's mixin indexes them blindly)."""
        if not ordering_errors(self.context, data):
            try:
                return super().handle_ordering(data)
            except ValueError:  # unknown obj_id or subset_ids
                pass
        message = fields.InvalidOrdering.__doc__
        name = "ordering" if "ordering" in data else "sort"
        raise BadRequest([field_error(name, message, self.request)])

    def _fields(self, data: dict):
        for schema in iterSchemata(self.context):
            for name, field in getFields(schema).items():
                if name in data and not field.readonly:
                    yield name, field

    def _null_booleans(self, data: dict) -> list[dict]:
        """``null`` for a boolean of the platform's content is refused (plone.restapi
        would store None for a field that is not required)."""
        if not IPlatformContent.providedBy(self.context):
            return []
        return [
            field_error(name, fields.NotABoolean.__doc__, self.request)
            for name, field in self._fields(data)
            if IBool.providedBy(field) and data[name] is None
        ]

    def _shape_errors(self, data: dict) -> list[dict]:
        errors = []
        for name, field in self._fields(data):
            if data[name] is None:
                continue
            deserializer = queryMultiAdapter(
                (field, self.context, self.request), IFieldDeserializer
            )
            if deserializer is None:
                continue
            try:
                deserializer(data[name])
            except SHAPE_ERRORS:
                message = fields.InvalidValue.__doc__
                errors.append(field_error(name, message, self.request))
            except (ValueError, ValidationError):
                pass  # reported by plone.restapi once the shape errors are fixed
        return errors


def ordering_errors(context, data: dict) -> bool:
    """``ordering``/``sort`` in ``data`` have a shape other than plone.restapi's."""
    ordering, sort = data.get("ordering"), data.get("sort")
    if "ordering" in data:
        if not isinstance(ordering, dict) or not isinstance(
            ordering.get("obj_id"), str
        ):
            return True
        ids = set(context.objectIds())
        if ordering["obj_id"] not in ids:
            return True
        delta, subset = ordering.get("delta"), ordering.get("subset_ids")
        if delta not in ("top", "bottom") and not whole_number(delta):
            return True
        if subset is not None and not (
            isinstance(subset, list)
            and all(isinstance(i, str) and i in ids for i in subset)
        ):
            return True
    if "sort" in data:
        if not isinstance(sort, dict) or not isinstance(sort.get("order"), str):
            return True
        if not isinstance(sort.get("on"), str):
            return True
        try:
            check_sort_on(api.portal.get_tool("portal_catalog"), sort["on"])
        except BadRequest:
            return True
    return False


def whole_number(value) -> bool:
    if isinstance(value, bool) or not isinstance(value, int | str):
        return False
    try:
        int(value)
    except ValueError:
        return False
    return True


@implementer(IDeserializeFromJson)
@adapter(IPlatformContent, IBrowserRequest)
class GuardedDeserializer(LayoutGuard, PlatformDeserializer):
    """The platform's types: the layout check (``layout``) on top of the above."""


@implementer(IDeserializeFromJson)
@adapter(ICounsellingCentre, IBrowserRequest)
class CentreDeserializer(LayoutGuard, PlatformDeserializer):
    def __call__(
        self, validate_all=False, data=None, create=False, mask_validation_errors=True
    ):
        if data is None:
            data = json_body(self.request)
        refused = self._refused_fields(data)
        if refused:
            raise Forbidden(
                f"You may not change these fields: {', '.join(refused)}. Leave them out "
                "or send their current values."
            )
        state = self._state()
        values = {name: getattr(self.context, name, None) for name in RULE_FIELDS}
        values.update({name: data[name] for name in RULE_FIELDS if name in data})
        # Only flags switched on in this request are checked: a centre whose state
        # leaves a function can still be edited (and keeps a stored True).
        values.update(switched_on_flags(data, self.context))
        errors = [
            {
                "field": field,
                "message": translate(message, context=self.request),
                "error": "ValidationError",
            }
            for field, message in centre_errors(values, state)
        ]
        if errors:
            raise BadRequest(errors)
        return super().__call__(
            validate_all=validate_all,
            data=data,
            create=create,
            mask_validation_errors=mask_validation_errors,
        )

    def _refused_fields(self, data: dict) -> list[str]:
        """Fields in ``data`` the user may not write, sent with a value other than the
        stored one (plone.restapi would drop them silently)."""
        refused = []
        for schema in iterSchemata(self.context):
            permissions = mergedTaggedValueDict(schema, WRITE_PERMISSIONS_KEY)
            for name, permission in permissions.items():
                if name not in data or self.check_permission(permission):
                    continue
                field = schema.get(name)
                current = getattr(aq_base(self.context), name, None)
                if field is not None and current is None:
                    current = field.missing_value
                if json_compatible(current) != data[name]:
                    refused.append(name)
        return sorted(refused)

    def _state(self):
        state = containing_state(self.context)
        if state is None:
            # POST: the new centre is not in its container yet.
            parent = aq_parent(aq_inner(self.context))
            parents = [parent, *self.request.get("PARENTS", [])]
            for candidate in parents:
                if candidate is not None and IState.providedBy(candidate):
                    return candidate
        return state
