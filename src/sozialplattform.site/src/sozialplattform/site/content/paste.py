"""The rules of a State for a centre pasted into it (copy or move), as on creation.

``State._verifyObjectPaste`` (OFS calls it for every pasted object before anything is
copied or moved) raises ``PasteRefused`` for a centre whose postcode lies in another State
or whose switched-on functions the State does not offer. Classic UI's paste shows the
message; ``@copy``/``@move`` answer 400 with the field errors (``overrides/copymove.py``).
"""

from sozialplattform.site.content.rules import centre_errors
from sozialplattform.site.content.rules import RULE_FIELDS
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
