"""The branding settings (registry records ``sozialplattform.branding.*``)."""

from math import floor
from sozialplattform.site import _
from sozialplattform.site.branding import contrast
from sozialplattform.site.content import fields
from zope import schema
from zope.globalrequest import getRequest
from zope.i18nmessageid import Message
from zope.interface import Interface
from zope.schema import ValidationError


DEFAULT_SITE_NAME = "Sozialplattform"
#: The shipped brand colours: petrol and berry, each 7.3:1 against white.
DEFAULT_PRIMARY = "#005e7a"
DEFAULT_ACCENT = "#a3195b"


class InvalidColour(ValidationError):
    __doc__ = _(
        "error_colour_format",
        default="Enter the colour as a hex value: # and six digits 0-9 or letters "
        "a-f, e.g. #005e7a.",
    )


class TooLittleContrast(ValidationError):
    """A colour below 4.5:1 against white (the message with the ratio in ``args[0]``)."""

    def doc(self):
        return self.args[0]


def _ratio_text(ratio: float) -> str:
    """Rounded down (4.49 never shows as 4.5), with a decimal comma in German."""
    text = f"{floor(ratio * 100) / 100:.2f}"
    request = getRequest()
    language = (request.get("LANGUAGE", "") if request is not None else "") or ""
    return text.replace(".", ",") if language.startswith("de") else text


def accessible_colour(value: str) -> bool:
    """A hex colour that white text on it, and it as text on white, can be read in."""
    try:
        colour = contrast.normalize(value)
    except ValueError:
        raise InvalidColour(value) from None
    ratio = contrast.contrast_ratio(colour, contrast.WHITE)
    if ratio < contrast.AA_TEXT:
        raise TooLittleContrast(
            Message(
                _(
                    "error_colour_contrast",
                    default="This colour has a contrast of only ${ratio}:1 with white. "
                    "Links and text in it on a white background, and white text on it "
                    "(buttons, navigation), need at least 4.5:1 (WCAG 2.2 AA). Choose a "
                    "darker colour.",
                ),
                mapping={"ratio": _ratio_text(ratio)},
            )
        )
    return True


def _colour(title, description, default):
    return schema.TextLine(
        title=title,
        description=description,
        required=True,
        default=default,
        max_length=7,
        constraint=accessible_colour,
    )


class IBrandingSettings(Interface):
    """How the platform looks for this operator."""

    site_name = schema.TextLine(
        title=_("label_brand_site_name", default="Name in the header"),
        description=_(
            "help_brand_site_name",
            default="Shown next to the logo on every page, e.g. "
            '"Sozialplattform Sachsen".',
        ),
        required=True,
        default=DEFAULT_SITE_NAME,
        max_length=60,
        constraint=fields.plain_line,
    )
    primary_colour = _colour(
        _("label_brand_primary_colour", default="Primary colour"),
        _(
            "help_brand_primary_colour",
            default="Navigation bar, buttons and the name in the header. A hex value "
            "such as #005e7a with at least 4.5:1 contrast against white.",
        ),
        DEFAULT_PRIMARY,
    )
    accent_colour = _colour(
        _("label_brand_accent_colour", default="Accent and link colour"),
        _(
            "help_brand_accent_colour",
            default="Links in the text. A hex value such as #a3195b with at least "
            "4.5:1 contrast against white.",
        ),
        DEFAULT_ACCENT,
    )
