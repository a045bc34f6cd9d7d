"""Schemas of the onboarding: the request, its private folder, the settings, the form action."""

from collective.easyform.interfaces import IAction
from plone.app.z3cform.widgets.relateditems import RelatedItemsFieldWidget
from plone.autoform import directives
from plone.namedfile.field import NamedBlobFile
from plone.schema import Email
from plone.supermodel import model
from sozialplattform.site import _
from sozialplattform.site.content import fields
from sozialplattform.site.content.schemafields import external_booking_url_field
from sozialplattform.site.content.schemafields import external_counselling_url_field
from sozialplattform.site.content.schemafields import text_line
from sozialplattform.site.permissions import MANAGE_ONBOARDING_ID
from z3c.form.browser.checkbox import CheckBoxFieldWidget
from zope import schema
from zope.interface import Interface


FUNCTIONS_VOCABULARY = "sozialplattform.onboarding_functions"


def _functions(title, description=""):
    return schema.List(
        title=title,
        description=description,
        value_type=schema.Choice(vocabulary=FUNCTIONS_VOCABULARY),
        required=False,
        default=[],
        missing_value=[],
    )


class IOnboardingFolder(model.Schema):
    """The private folder ``<state>/anbindung`` holding a State's onboarding requests."""


class IOnboardingRequest(model.Schema):
    """A counselling centre's request to be connected (Anbindung)."""

    title = text_line(
        _("label_onboarding_centre_name", default="Name of the counselling centre"),
        required=True,
    )
    # carrier, street, postcode, city, phone come from the behaviour
    # sozialplattform.postal_address, after the type's own fields: these follow them
    # (title, carrier, street, postcode, city, contact_name, email, phone, ...)
    directives.order_after(
        contact_name="city",
        email="contact_name",
        wanted_functions="phone",
        external_booking_url="wanted_functions",
        external_counselling_url="external_booking_url",
        message="external_counselling_url",
        notes="message",
    )
    contact_name = text_line(
        _("label_onboarding_contact_name", default="Contact person"), required=True
    )
    # the applicant's address and future login (emaillock.py), not the centre's public
    # address: required, and not part of the shared behaviour
    email = Email(title=_("label_email", default="E-mail"), required=True)
    directives.widget("wanted_functions", CheckBoxFieldWidget)
    wanted_functions = _functions(
        _("label_wanted_functions", default="Wanted functions")
    )
    external_booking_url = external_booking_url_field()
    external_counselling_url = external_counselling_url_field()
    message = schema.Text(
        title=_("label_onboarding_message", default="Message"),
        required=False,
        max_length=5000,
        constraint=fields.plain_text,
    )
    notes = schema.Text(
        title=_("label_onboarding_notes", default="Notes"),
        description=_(
            "help_onboarding_notes",
            default="Internal notes; repeated submissions of the form are added here.",
        ),
        required=False,
        max_length=50000,
        constraint=fields.plain_text,
    )
    directives.omitted("consent_date")
    consent_date = schema.Datetime(
        title=_("label_consent_date", default="Privacy consent given"),
        required=False,
        readonly=True,
    )

    model.fieldset(
        "avv",
        label=_("fieldset_avv", default="Data processing agreement (AVV)"),
        fields=["centre_signature_date", "state_signature_date", "signed_avv"],
    )
    directives.write_permission(centre_signature_date=MANAGE_ONBOARDING_ID)
    centre_signature_date = schema.Date(
        title=_("label_centre_signature_date", default="Signed by the centre on"),
        required=False,
    )
    directives.write_permission(state_signature_date=MANAGE_ONBOARDING_ID)
    state_signature_date = schema.Date(
        title=_(
            "label_state_signature_date",
            default="Signed by the responsible person on",
        ),
        required=False,
    )
    directives.read_permission(signed_avv=MANAGE_ONBOARDING_ID)
    directives.write_permission(signed_avv=MANAGE_ONBOARDING_ID)
    signed_avv = NamedBlobFile(
        title=_("label_signed_avv", default="Signed AVV (PDF)"),
        description=_(
            "help_signed_avv",
            default="Only the state editors and the site administrators see this file.",
        ),
        required=False,
        constraint=fields.pdf,
    )

    model.fieldset(
        "access",
        label=_("fieldset_access", default="Access"),
        fields=["granted_functions", "centre_uid", "user_id"],
    )
    directives.write_permission(granted_functions=MANAGE_ONBOARDING_ID)
    directives.widget("granted_functions", CheckBoxFieldWidget)
    granted_functions = _functions(
        _("label_granted_functions", default="Granted functions"),
        _(
            "help_granted_functions",
            default="Filled when access is granted: the finder & self-service, plus the "
            "wanted functions the state takes part in. Online booking and online "
            "counselling also need the state's participation and the centre's switch.",
        ),
    )
    directives.omitted("centre_uid", "user_id")
    centre_uid = schema.ASCIILine(
        title=_("label_onboarding_centre_uid", default="Centre"),
        required=False,
        readonly=True,
    )
    user_id = schema.TextLine(
        title=_("label_onboarding_user_id", default="User account"),
        required=False,
        readonly=True,
    )


class InvalidEmail(schema.ValidationError):
    __doc__ = _("error_email", default="Enter a valid e-mail address.")


class NotAFile(schema.ValidationError):
    __doc__ = _("error_avv_not_a_file", default="Choose a file of this site.")


def is_email(value: str) -> bool:
    if value:
        try:
            Email().validate(value)
        except schema.ValidationError:
            raise InvalidEmail(value) from None
    return True


def _is_file_uid(value: str) -> bool:
    from plone import api

    if value and getattr(api.content.get(UID=value), "portal_type", None) != "File":
        raise NotAFile(value)
    return True


class IOnboardingSettings(Interface):
    """Registry records ``sozialplattform.onboarding.*`` (control panel "Onboarding")."""

    fallback_email = schema.TextLine(
        title=_("label_onboarding_fallback_email", default="Fallback e-mail address"),
        description=_(
            "help_onboarding_fallback_email",
            default="Receives the onboarding requests of states without a responsible "
            "person's e-mail address.",
        ),
        required=False,
        constraint=is_email,
    )
    retention_days = schema.Int(
        title=_("label_onboarding_retention_days", default="Retention period (days)"),
        description=_(
            "help_onboarding_retention_days",
            default="Rejected and withdrawn requests are deleted, with all personal data, "
            "this many days after their last transition.",
        ),
        default=90,
        min=1,
        max=3650,
        required=True,
    )
    directives.widget(
        "avv_file_uid",
        RelatedItemsFieldWidget,
        vocabulary="plone.app.vocabularies.Catalog",
        pattern_options={"selectableTypes": ["File"], "maximumSelectionSize": 1},
    )
    avv_file_uid = schema.TextLine(
        title=_("label_onboarding_avv_file", default="AVV document"),
        description=_(
            "help_onboarding_avv_file",
            default="The file mailed to the centre when the state editor sends the AVV.",
        ),
        required=False,
        constraint=_is_file_uid,
    )


class IOnboardingAction(IAction):
    """easyform action: store the submission as an OnboardingRequest and send the mails."""
