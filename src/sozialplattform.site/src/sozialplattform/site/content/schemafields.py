"""Field factories shared by the content and onboarding schemas (same limits everywhere)."""

from sozialplattform.site import _
from sozialplattform.site.content import fields
from z3c.form.browser.checkbox import CheckBoxFieldWidget
from zope import schema


TAG_FIELDS = ("topics", "target_groups", "languages", "channels")
TAG_WIDGETS = dict.fromkeys(TAG_FIELDS, CheckBoxFieldWidget)


def text_line(title, description="", max_length=200, required=False, constraint=None):
    """A plain-text line: no markup, a length limit, optionally one more constraint."""

    def check(value):
        # replaces TextLine's own constraint, so line breaks are refused here
        return fields.plain_line(value) and (constraint is None or constraint(value))

    return schema.TextLine(
        title=title,
        description=description,
        max_length=max_length,
        required=required,
        constraint=check,
    )


def choices(title, vocabulary, description=""):
    """A list of tokens of a named vocabulary."""
    return schema.List(
        title=title,
        description=description,
        value_type=schema.Choice(vocabulary=vocabulary),
        unique=True,
        required=False,
        default=[],
        missing_value=[],
    )


def tag_fields():
    """topics, target_groups, languages, channels: the finder's facets, as checkboxes.

    Call in a schema's class body; fields take their order from where they are created.
    Directives must stand in the class body itself (they record into the calling frame)::

        directives.widget(**TAG_WIDGETS)
        topics, target_groups, languages, channels = tag_fields()
    """
    return (
        choices(
            _("label_topics", default="Topics and life situations"),
            "sozialplattform.topics",
        ),
        choices(
            _("label_target_groups", default="Target groups"),
            "sozialplattform.target_groups",
        ),
        choices(_("label_languages", default="Languages"), "sozialplattform.languages"),
        choices(
            _("label_channels", default="Counselling channels"),
            "sozialplattform.channels",
        ),
    )


def external_booking_url_field():
    return schema.URI(
        title=_("label_external_booking_url", default="Booking tool already in use"),
        required=False,
        max_length=500,
        constraint=fields.web_address,
    )


def external_counselling_url_field():
    return schema.URI(
        title=_(
            "label_external_counselling_url", default="Counselling tool already in use"
        ),
        required=False,
        max_length=500,
        constraint=fields.web_address,
    )
