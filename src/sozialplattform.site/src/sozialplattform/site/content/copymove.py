"""Copy and move of centres: the rules of the target State apply, as on creation.

``State._verifyObjectPaste`` (OFS calls it for every pasted object before anything is
copied or moved) raises ``PasteRefused`` for a centre whose postcode lies in another State
or whose switched-on functions the State does not offer: Classic UI's paste shows the
message, ``@copy``/``@move`` answer 400 with the field errors. Other refused pastes (an
offer into a State: "Disallowed subobject type") answer 400 there too instead of 500.
"""

from OFS.CopySupport import CopyError
from plone.restapi.services.copymove.copymove import Copy
from plone.restapi.services.copymove.copymove import Move
from sozialplattform.site import _
from sozialplattform.site.content.rules import centre_errors
from sozialplattform.site.content.rules import RULE_FIELDS
from zExceptions import BadRequest
from zExceptions import Forbidden
from zope.i18n import translate


class PasteRefused(ValueError):
    """A centre cannot be pasted into this State; ``errors`` are (field, message)."""

    def __init__(self, errors, request=None):
        self.errors = errors
        super().__init__(
            "; ".join(translate(message, context=request) for _, message in errors)
        )


def paste_errors(centre, state) -> list:
    """The rules of ``state`` for ``centre`` as a new centre there."""
    values = {name: getattr(centre, name, None) for name in RULE_FIELDS}
    return centre_errors(values, state)


class CheckedPasteMixin:
    def reply(self):
        try:
            return super().reply()
        except PasteRefused as error:
            raise BadRequest(
                [
                    {
                        "field": field,
                        "message": translate(message, context=self.request),
                        "error": "ValidationError",
                    }
                    for field, message in error.errors
                ]
            ) from None
        except ValueError as error:  # CMF: "Disallowed subobject type: ..."
            message = _(
                "error_paste_not_allowed",
                default="This item cannot be placed here: ${reason}",
                mapping={"reason": str(error)},
            )
            raise BadRequest(translate(message, context=self.request)) from None
        except CopyError:
            message = _(
                "error_paste_refused", default="The items cannot be pasted here."
            )
            raise Forbidden(translate(message, context=self.request)) from None


class CheckedCopy(CheckedPasteMixin, Copy):
    """``@copy`` with the refusals above as 400/403."""


class CheckedMove(CheckedPasteMixin, Move):
    """``@move`` with the refusals above as 400/403."""
