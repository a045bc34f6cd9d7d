"""REST writes of ``layout``: the Classic UI permission and a real view, or nothing.

plone.restapi's deserializer calls ``setLayout`` with whatever a client with "Modify portal
content" sends (``manage_main`` sends visitors to the login). The Classic UI display menu
asks for "Modify view template" and offers the type's available views only; so does this
deserializer for States, centres and offers (``content.deserializer``).
"""

from plone.restapi.deserializer import json_body
from sozialplattform.site import _
from zExceptions import BadRequest
from zExceptions import Forbidden
from zope.i18n import translate


MODIFY_VIEW_TEMPLATE = "Modify view template"


def check_layout(context, request, data) -> None:
    """Forbidden/BadRequest for a ``layout`` in ``data`` that the user may not set."""
    if not isinstance(data, dict) or "layout" not in data:
        return
    layout = data["layout"]
    if layout == context.getLayout():
        return  # a client sending the object back unchanged
    if not context.portal_membership.checkPermission(MODIFY_VIEW_TEMPLATE, context):
        raise Forbidden(
            translate(
                _(
                    "error_layout_not_allowed",
                    default="You may not change the view (layout) of this item.",
                ),
                context=request,
            )
        )
    available = [view_id for view_id, _title in context.getAvailableLayouts()]
    if layout not in available:
        raise BadRequest(
            [
                {
                    "field": "layout",
                    "message": translate(
                        _(
                            "error_layout_unknown",
                            default="Choose one of the views: ${views}.",
                            mapping={"views": ", ".join(available)},
                        ),
                        context=request,
                    ),
                    "error": "ValidationError",
                }
            ]
        )


class LayoutGuard:
    """Mixin for deserializers: checks ``layout`` before plone.restapi sets it."""

    def __call__(self, validate_all=False, data=None, create=False, **kwargs):
        if data is None:
            data = json_body(self.request)
        check_layout(self.context, self.request, data)
        return super().__call__(
            validate_all=validate_all, data=data, create=create, **kwargs
        )
