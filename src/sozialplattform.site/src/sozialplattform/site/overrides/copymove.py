"""``@copy`` and ``@move``: refused pastes are a 400/403, not a 500.

plone.restapi lets the errors of ``manage_pasteObjects`` through: the State's
``PasteRefused`` (``content/paste.py``, the rules of the target State) becomes a 400 with
the field errors, CMF's "Disallowed subobject type" (an offer into a State) a 400, OFS's
``CopyError`` a 403. No upstream issue covers them yet.
"""

from OFS.CopySupport import CopyError
from plone.restapi.services.copymove.copymove import Copy
from plone.restapi.services.copymove.copymove import Move
from sozialplattform.site import _
from sozialplattform.site.content.deserializer import field_error
from sozialplattform.site.content.paste import PasteRefused
from zExceptions import BadRequest
from zExceptions import Forbidden
from zope.i18n import translate


class CheckedPasteMixin:
    def reply(self):
        try:
            return super().reply()
        except PasteRefused as error:
            raise BadRequest(
                [
                    field_error(field, message, self.request)
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
