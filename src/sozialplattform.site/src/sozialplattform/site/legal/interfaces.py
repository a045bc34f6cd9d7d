"""The operator settings (registry records ``sozialplattform.operator.*``)."""

from sozialplattform.site import _
from sozialplattform.site.content import fields
from sozialplattform.site.content.schemafields import text_line
from sozialplattform.site.onboarding.interfaces import is_email
from zope import schema
from zope.interface import Interface
from zope.schema.vocabulary import SimpleTerm
from zope.schema.vocabulary import SimpleVocabulary


CONFORMANCE = SimpleVocabulary(
    [
        SimpleTerm("full", title=_("conformance_full", default="fully compliant")),
        SimpleTerm(
            "partial", title=_("conformance_partial", default="partially compliant")
        ),
        SimpleTerm("none", title=_("conformance_none", default="not compliant")),
    ]
)
METHODS = SimpleVocabulary(
    [
        SimpleTerm("self", title=_("method_self", default="self-assessment")),
        SimpleTerm(
            "third_party",
            title=_("method_third_party", default="assessment by a third party"),
        ),
    ]
)


def _text(title, description=""):
    """Several plain-text lines (an address, a name with its contact)."""
    return schema.Text(
        title=title,
        description=description,
        required=False,
        max_length=2000,
        constraint=fields.plain_text,
    )


def _choice(title, vocabulary, default, description=""):
    return schema.Choice(
        title=title,
        description=description,
        vocabulary=vocabulary,
        required=True,
        default=default,
    )


class IOperatorSettings(Interface):
    """Who runs this instance, for the Impressum, privacy and accessibility statements."""

    operator_name = text_line(
        _("label_operator_name", default="Operator"),
        _("help_operator_name", default="Name and legal form, e.g. a ministry."),
    )
    operator_address = _text(
        _("label_operator_address", default="Postal address"),
        _("help_operator_address", default="Street, postcode and town, one per line."),
    )
    representative = text_line(
        _("label_operator_representative", default="Represented by")
    )
    email = schema.TextLine(
        title=_("label_operator_email", default="Contact e-mail"),
        required=False,
        constraint=is_email,
    )
    phone = text_line(_("label_operator_phone", default="Contact phone"), max_length=50)
    content_responsible = _text(
        _(
            "label_content_responsible",
            default="Responsible for the content (§ 18 (2) MStV)",
        ),
        _("help_content_responsible", default="Name and address."),
    )
    imprint_extra = _text(
        _("label_imprint_extra", default="Further imprint details"),
        _(
            "help_imprint_extra",
            default="Register and number, VAT ID, supervisory authority of the "
            "activity, where they apply.",
        ),
    )
    consumer_dispute = _text(
        _("label_consumer_dispute", default="Consumer dispute resolution"),
        _(
            "help_consumer_dispute",
            default="Statement on dispute resolution before a consumer arbitration "
            "board (§ 36 VSBG).",
        ),
    )
    data_protection_officer = _text(
        _("label_dpo", default="Data protection officer"),
        _("help_dpo", default="Name or office and how to reach them."),
    )
    supervisory_authority = _text(
        _(
            "label_supervisory_authority",
            default="Data protection supervisory authority",
        ),
        _("help_supervisory_authority", default="Name, address and web address."),
    )
    server_log_days = schema.Int(
        title=_("label_server_log_days", default="Server logs kept (days)"),
        description=_(
            "help_server_log_days",
            default="As the hosting keeps the web server's access logs.",
        ),
        required=True,
        min=1,
        max=365,
        default=7,
    )
    accessibility_contact = _text(
        _("label_accessibility_contact", default="Feedback on accessibility"),
        _(
            "help_accessibility_contact",
            default="Who answers reports of barriers: office, e-mail, phone.",
        ),
    )
    accessibility_date = schema.Date(
        title=_("label_accessibility_date", default="Statement prepared on"),
        required=False,
    )
    accessibility_method = _choice(
        _("label_accessibility_method", default="Method of the assessment"),
        METHODS,
        "self",
    )
    conformance = _choice(
        _("label_conformance", default="Compliance status"),
        CONFORMANCE,
        "partial",
        _("help_conformance", default="Compliance with BITV 2.0 (WCAG 2.1 level AA)."),
    )
    known_barriers = schema.List(
        title=_("label_known_barriers", default="Known barriers"),
        description=_(
            "help_known_barriers",
            default="One per line: what is not accessible, and why, with any "
            "alternative.",
        ),
        value_type=text_line(
            _("label_known_barrier", default="Barrier"), max_length=500
        ),
        required=False,
        default=[],
        missing_value=[],
    )
    enforcement_body = _text(
        _("label_enforcement_body", default="Enforcement procedure"),
        _(
            "help_enforcement_body",
            default="The arbitration board under § 16 BGG, or the State's "
            "equivalent: name, address, web address.",
        ),
    )
