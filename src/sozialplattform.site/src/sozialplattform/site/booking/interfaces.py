"""Schemas of the booking: the appointment type, the private folder, the booking."""

from plone.autoform import directives
from plone.schema import Email
from plone.supermodel import model
from sozialplattform.site import _
from sozialplattform.site.booking import CHANNELS
from sozialplattform.site.booking.fields import ClosuresField
from sozialplattform.site.booking.fields import DateOverridesField
from sozialplattform.site.booking.fields import WeeklyAvailabilityField
from sozialplattform.site.content.schemafields import text_line
from sozialplattform.site.permissions import MANAGE_BOOKINGS_ID
from zope import schema
from zope.schema.vocabulary import SimpleTerm
from zope.schema.vocabulary import SimpleVocabulary


CHANNEL_TITLES = {
    "on_site": _("channel_on_site", default="On site"),
    "phone": _("channel_phone", default="By phone"),
    "video": _("channel_video", default="By video"),
    "chat": _("channel_chat", default="By chat"),
}
CHANNEL_VOCABULARY = SimpleVocabulary(
    [SimpleTerm(name, name, CHANNEL_TITLES[name]) for name in CHANNELS]
)
LANGUAGE_VOCABULARY = SimpleVocabulary(
    [
        SimpleTerm("de", "de", _("language_de", default="German")),
        SimpleTerm("en", "en", _("language_en", default="English")),
    ]
)
MESSAGE_LENGTH = 2000


def _minutes(title, default, min=0, max=240, required=True):
    return schema.Int(title=title, default=default, min=min, max=max, required=required)


class IAppointmentType(model.Schema):
    """What can be booked at a centre, for how long, through which channel and when.

    Title and description come from ``plone.basic``. The hours are JSON values in the
    shapes of ``docs/api/booking.md``, parsed strictly by ``availability``.
    """

    duration = _minutes(_("label_duration", default="Duration (minutes)"), 50, min=10)
    channel = schema.Choice(
        title=_("label_channel", default="Channel"),
        vocabulary=CHANNEL_VOCABULARY,
        default="on_site",
    )
    instructions = schema.Text(
        title=_("label_instructions", default="Instructions"),
        description=_(
            "help_instructions",
            default="For phone, video and chat: how the appointment takes place. On "
            "site appointments take place at the centre's address.",
        ),
        max_length=2000,
        required=False,
    )
    slot_interval = _minutes(
        _("label_slot_interval", default="Start every … minutes"),
        None,
        min=5,
        required=False,
    )
    buffer_before = _minutes(
        _("label_buffer_before", default="Free time before (minutes)"), 0
    )
    buffer_after = _minutes(
        _("label_buffer_after", default="Free time after (minutes)"), 0
    )
    min_notice_hours = schema.Int(
        title=_("label_min_notice_hours", default="Book at least … hours ahead"),
        default=24,
        min=0,
        max=24 * 90,
    )
    max_advance_days = schema.Int(
        title=_("label_max_advance_days", default="Book at most … days ahead"),
        default=60,
        min=1,
        max=365,
    )
    capacity = schema.Int(
        title=_("label_capacity", default="Bookings per slot"),
        description=_("help_capacity", default="More than one for group appointments."),
        default=1,
        min=1,
        max=100,
    )
    requires_confirmation = schema.Bool(
        title=_(
            "label_requires_confirmation",
            default="Bookings are requests that the centre confirms",
        ),
        default=False,
        required=False,
    )
    availability = WeeklyAvailabilityField(
        title=_("label_availability", default="Weekly hours"),
        description=_(
            "help_rows_weekly",
            default="One row per time window; several rows for the same weekday are "
            "allowed. Until 00:00 means until midnight.",
        ),
    )
    date_overrides = DateOverridesField(
        title=_("label_date_overrides", default="Changed hours on a date"),
        description=_(
            "help_rows_overrides",
            default="A date with times replaces that day's weekly hours; several rows for "
            "the same date are allowed. A date without times closes the day.",
        ),
    )
    closures = ClosuresField(
        title=_("label_closures", default="Closed"),
        description=_(
            "help_rows_closures",
            default="From the first to the last day, both closed (holidays, leave). For a "
            "single day leave the last day empty.",
        ),
    )
    closed_on_holidays = schema.Bool(
        title=_(
            "label_closed_on_holidays",
            default="Closed on the public holidays of the centre's State",
        ),
        default=True,
        required=False,
    )
    allow_anonymous = schema.Bool(
        title=_(
            "label_allow_anonymous",
            default="Visitors may book with a pseudonym and no contact data",
        ),
        default=False,
        required=False,
    )


class IBookingFolder(model.Schema):
    """The private folder ``<centre>/termine`` holding a centre's bookings."""


class IBooking(model.Schema):
    """A booked appointment; start and end come from ``plone.eventbasic``."""

    directives.omitted("appointment_type", "consent_date")
    appointment_type = schema.ASCIILine(
        title=_("label_appointment_type", default="Appointment type (UID)"),
        required=True,
    )
    title = text_line(
        _("label_booker_name", default="Name or pseudonym"),
        max_length=100,
        required=True,
    )
    email = Email(title=_("label_email", default="E-mail"), required=False)
    phone = text_line(_("label_phone", default="Phone"), max_length=50)
    message = schema.Text(
        title=_("label_booking_message", default="Message"),
        max_length=MESSAGE_LENGTH,
        required=False,
    )
    language = schema.Choice(
        title=_("label_booker_language", default="Language of the mails"),
        vocabulary=LANGUAGE_VOCABULARY,
        default="de",
    )
    consent_date = schema.Datetime(
        title=_("label_consent_date", default="Privacy consent given"), required=False
    )
    directives.write_permission(staff_note=MANAGE_BOOKINGS_ID)
    staff_note = schema.Text(
        title=_("label_staff_note", default="Internal note"),
        description=_(
            "help_staff_note",
            default="Only for the centre's staff; never shown or sent to the booker.",
        ),
        required=False,
    )
    directives.write_permission(cancel_reason=MANAGE_BOOKINGS_ID)
    cancel_reason = schema.Text(
        title=_("label_cancel_reason", default="Reason for the cancellation"),
        max_length=MESSAGE_LENGTH,
        required=False,
    )
