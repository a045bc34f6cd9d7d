"""Schemas of the content types. Field names are the names in plone.restapi."""

from plone.autoform import directives
from plone.namedfile.field import NamedBlobImage
from plone.schema import Email
from plone.schema import JSONField
from plone.supermodel import model
from sozialplattform.site import _
from sozialplattform.site.content import fields
from sozialplattform.site.content.behaviors import IPostalAddress
from sozialplattform.site.content.schemafields import external_booking_url_field
from sozialplattform.site.content.schemafields import external_counselling_url_field
from sozialplattform.site.content.schemafields import TAG_FIELDS
from sozialplattform.site.content.schemafields import tag_fields
from sozialplattform.site.content.schemafields import TAG_WIDGETS
from sozialplattform.site.content.schemafields import text_line
from sozialplattform.site.functions import external_urls
from sozialplattform.site.functions import switches
from sozialplattform.site.permissions import ADD_CENTRE_ID
from sozialplattform.site.permissions import MANAGE_SETTINGS_ID
from z3c.form.browser.textarea import TextAreaFieldWidget
from zope import schema
from zope.interface import implementer
from zope.interface import Interface
import json


OPENING_HOURS_SCHEMA = json.dumps(
    {
        "type": "array",
        "maxItems": 50,
        "items": {
            "type": "object",
            "additionalProperties": False,
            "required": ["day", "start", "end"],
            "properties": {
                "day": {"type": "string", "enum": list(fields.WEEKDAYS)},
                "start": {
                    "type": "string",
                    "pattern": "^([01][0-9]|2[0-3]):[0-5][0-9]$",
                },
                "end": {"type": "string", "pattern": "^([01][0-9]|2[0-3]):[0-5][0-9]$"},
            },
        },
    }
)


class IOpeningHoursField(schema.interfaces.IField):
    """Marker for the opening hours field (edited as lines in forms)."""


@implementer(IOpeningHoursField)
class OpeningHoursField(JSONField):
    """Opening hours: a JSON list of {day, start, end}."""

    def __init__(self, **kw):
        kw.setdefault("constraint", fields.opening_hours)
        super().__init__(schema=OPENING_HOURS_SCHEMA, **kw)

    def fromUnicode(self, value):
        """JSON text only (never Python literals); bad text is a validation error."""
        try:
            parsed = json.loads(value)
        except (TypeError, ValueError):
            raise fields.InvalidOpeningHours(value) from None
        self.validate(parsed)
        return parsed


class IState(model.Schema):
    """A German state (Bundesland): holds its centres and its onboarding contact."""

    title = text_line(_("label_title", default="Title"), max_length=100, required=True)
    description = schema.Text(
        title=_("label_description", default="Summary"),
        required=False,
        max_length=1000,
        constraint=fields.plain_text,
    )
    code = schema.ASCIILine(
        title=_("label_state_code", default="ISO 3166-2 code"),
        description=_("help_state_code", default="For example DE-BE."),
        required=True,
        max_length=5,
    )
    contact_name = text_line(
        _("label_contact_name", default="Responsible person"),
        _("help_contact_name", default="Contact for the onboarding of centres."),
    )
    # public on purpose: the onboarding information page names the responsible person
    contact_email = Email(
        title=_("label_contact_email", default="E-mail of the responsible person"),
        required=False,
        max_length=fields.MAX_EMAIL_LENGTH,
        constraint=fields.plain_line,
    )
    contact_phone = text_line(
        _("label_contact_phone", default="Phone of the responsible person"),
        max_length=40,
    )
    booking_participation = schema.Bool(
        title=_("label_booking_participation", default="Takes part in online booking"),
        default=False,
        required=False,
    )
    counselling_participation = schema.Bool(
        title=_(
            "label_counselling_participation",
            default="Takes part in online counselling",
        ),
        default=False,
        required=False,
    )


#: The fields of a centre's fieldsets "address", "hours" and "offer" (with TAG_FIELDS), in
#: form order: the forms, the finder's record and the bulk files share them (street,
#: postcode, city and phone come from IPostalAddress).
ADDRESS_FIELDS = (
    "street",
    "postcode",
    "city",
    "latitude",
    "longitude",
    "phone",
    "email",
    "website",
)
HOURS_FIELDS = ("opening_hours", "opening_hours_note")
OFFER_FLAGS = ("accessible", "free_of_charge", "anonymous", "nationwide")


class ICounsellingCentre(model.Schema):
    """A counselling centre (Beratungsstelle) inside a State."""

    title = text_line(_("label_name", default="Name"), required=True)
    description = schema.Text(
        title=_("label_description", default="Summary"),
        required=False,
        max_length=1000,
        constraint=fields.plain_text,
    )
    # carrier, street, postcode, city, phone: behaviour sozialplattform.postal_address

    model.fieldset(
        "address",
        label=_("fieldset_address", default="Address and contact"),
        fields=[name for name in ADDRESS_FIELDS if name not in IPostalAddress],
    )
    latitude = schema.Float(
        title=_("label_latitude", default="Latitude"),
        description=_(
            "help_coordinates",
            default="Filled from the postcode when empty; correct it if needed.",
        ),
        required=False,
        min=47.0,
        max=55.5,
        constraint=fields.finite,
    )
    longitude = schema.Float(
        title=_("label_longitude", default="Longitude"),
        required=False,
        min=5.5,
        max=15.5,
        constraint=fields.finite,
    )
    email = Email(
        title=_("label_email", default="E-mail"),
        required=False,
        max_length=fields.MAX_EMAIL_LENGTH,
        constraint=fields.plain_line,
    )
    website = schema.URI(
        title=_("label_website", default="Website"),
        required=False,
        max_length=500,
        constraint=fields.web_address,
    )

    model.fieldset(
        "hours",
        label=_("fieldset_opening_hours", default="Opening hours"),
        fields=list(HOURS_FIELDS),
    )
    directives.widget("opening_hours", TextAreaFieldWidget)
    opening_hours = OpeningHoursField(
        title=_("label_opening_hours", default="Opening hours"),
        description=_(
            "help_opening_hours",
            default="One line per time span, for example: Mo 09:00-12:00",
        ),
        required=False,
        default=[],
        missing_value=[],
    )
    opening_hours_note = schema.Text(
        title=_("label_opening_hours_note", default="Note on opening hours"),
        required=False,
        max_length=500,
        constraint=fields.plain_text,
    )

    model.fieldset(
        "offer",
        label=_("fieldset_offer", default="Offer"),
        fields=[*TAG_FIELDS, *OFFER_FLAGS],
    )
    directives.widget(**TAG_WIDGETS)
    topics, target_groups, languages, channels = tag_fields()
    accessible = schema.Bool(
        title=_("label_accessible", default="Accessible (barrier-free)"),
        required=False,
        default=False,
    )
    free_of_charge = schema.Bool(
        title=_("label_free_of_charge", default="Free of charge"),
        required=False,
        default=False,
    )
    anonymous = schema.Bool(
        title=_("label_anonymous", default="Anonymous counselling possible"),
        required=False,
        default=False,
    )
    # a nationwide entry appears in every search in Germany: the state editors decide
    directives.write_permission(nationwide=ADD_CENTRE_ID)
    nationwide = schema.Bool(
        title=_("label_nationwide", default="Nationwide online offer"),
        description=_(
            "help_nationwide",
            default="The centre counsels people from all over Germany online.",
        ),
        required=False,
        default=False,
    )

    model.fieldset(
        "functions",
        label=_("fieldset_functions", default="Booking and online counselling"),
        fields=[
            *switches(),
            *external_urls(),
            "privacy_url",
            "last_reviewed",
            "logo",
        ],
    )
    # the editors' settings; everyone sees ``available_functions`` (functions.gating)
    directives.read_permission(**dict.fromkeys(switches(), "cmf.ModifyPortalContent"))
    booking_enabled = schema.Bool(
        title=_(
            "label_booking_enabled", default="Online booking on the Sozialplattform"
        ),
        description=_(
            "help_state_participation",
            default="Only available when the centre's state takes part.",
        ),
        required=False,
        default=False,
    )
    online_counselling_enabled = schema.Bool(
        title=_(
            "label_online_counselling_enabled",
            default="Online counselling on the Sozialplattform",
        ),
        description=_(
            "help_state_participation",
            default="Only available when the centre's state takes part.",
        ),
        required=False,
        default=False,
    )
    external_booking_url = external_booking_url_field()
    external_counselling_url = external_counselling_url_field()
    privacy_url = schema.URI(
        title=_("label_privacy_url", default="Privacy notice of the centre"),
        description=_(
            "help_privacy_url",
            default="The web address of your own privacy notice: the booking form and "
            "the booking mails link it (you are the data controller). Without it they "
            "link the platform's privacy policy.",
        ),
        required=False,
        max_length=500,
        constraint=fields.web_address,
    )
    directives.omitted("last_reviewed")
    # set through @@confirm-data / @confirm-data only, so the date cannot be faked
    directives.write_permission(last_reviewed=MANAGE_SETTINGS_ID)
    last_reviewed = schema.Date(
        title=_("label_last_reviewed", default="Data last confirmed"),
        required=False,
    )
    logo = NamedBlobImage(
        title=_("label_logo", default="Logo"),
        description=_(
            "help_logo", default="PNG, JPEG, WebP or GIF image of at most 2 MB."
        ),
        required=False,
        constraint=fields.logo,
    )
    directives.omitted("external_id")
    directives.write_permission(external_id=MANAGE_SETTINGS_ID)
    external_id = schema.ASCIILine(
        title=_("label_external_id", default="External id"),
        description=_(
            "help_external_id",
            default="Id of the centre in a ministry's directory (bulk import).",
        ),
        required=False,
        max_length=100,
    )


class ICounsellingOffer(model.Schema):
    """An offer (Beratungsangebot) of a centre."""

    title = text_line(_("label_title", default="Title"), required=True)
    description = schema.Text(
        title=_("label_description", default="Summary"),
        required=False,
        max_length=1000,
        constraint=fields.plain_text,
    )
    directives.widget(**TAG_WIDGETS)
    topics, target_groups, languages, channels = tag_fields()
    costs = text_line(
        _("label_costs", default="Costs"),
        _("help_costs", default="For example: free of charge, or 20 € per session."),
    )


#: The schemata holding a centre's own fields: its type schema and its behaviours'.
CENTRE_SCHEMATA = (ICounsellingCentre, IPostalAddress)


def centre_field(name: str) -> schema.interfaces.IField:
    """The field ``name`` of a centre (from ``CENTRE_SCHEMATA``); KeyError if none."""
    for interface in CENTRE_SCHEMATA:
        if name in interface:
            return interface[name]
    raise KeyError(name)


class IPlatformContent(Interface):
    """Marker of the platform's own content (State, centre, offer).

    Its REST field deserializers and form validators are stricter than Plone's defaults.
    """


class ICentreFolder(Interface):
    """Marker for the folder holding the states (/beratungsstellen)."""
