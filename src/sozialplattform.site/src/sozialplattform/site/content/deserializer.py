"""JSON deserialization of centres: field validation plus the rules needing the State."""

from Acquisition import aq_base
from Acquisition import aq_inner
from Acquisition import aq_parent
from plone.autoform.interfaces import WRITE_PERMISSIONS_KEY
from plone.dexterity.utils import iterSchemata
from plone.restapi.deserializer import json_body
from plone.restapi.deserializer.dxcontent import DeserializeFromJson
from plone.restapi.interfaces import IDeserializeFromJson
from plone.restapi.serializer.converters import json_compatible
from plone.supermodel.utils import mergedTaggedValueDict
from sozialplattform.site.content.interfaces import ICounsellingCentre
from sozialplattform.site.content.interfaces import IState
from sozialplattform.site.content.layout import LayoutGuard
from sozialplattform.site.content.rules import centre_errors
from sozialplattform.site.content.rules import switched_on_flags
from sozialplattform.site.content.types import containing_state
from zExceptions import BadRequest
from zExceptions import Forbidden
from zope.component import adapter
from zope.i18n import translate
from zope.interface import implementer
from zope.publisher.interfaces.browser import IBrowserRequest


RULE_FIELDS = (
    "postcode",
    "latitude",
    "longitude",
    "booking_enabled",
    "online_counselling_enabled",
)


@implementer(IDeserializeFromJson)
@adapter(ICounsellingCentre, IBrowserRequest)
class CentreDeserializer(LayoutGuard, DeserializeFromJson):
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
