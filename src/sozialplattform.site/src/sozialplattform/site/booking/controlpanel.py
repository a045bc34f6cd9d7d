"""Control panel "Terminbuchung": retention period and reminder time of the bookings."""

from plone.app.registry.browser.controlpanel import ControlPanelFormWrapper
from plone.app.registry.browser.controlpanel import RegistryEditForm
from plone.z3cform import layout
from sozialplattform.site import _
from sozialplattform.site.booking.settings import CONFIGLET_ID
from sozialplattform.site.booking.settings import IBookingSettings
from sozialplattform.site.booking.settings import RECORD_PREFIX
from sozialplattform.site.overrides.controlpanels import ISettingsControlpanel
from sozialplattform.site.overrides.controlpanels import SettingsControlpanel
from zope.interface import implementer


TITLE = _("booking_controlpanel_title", default="Appointment booking")


class BookingControlPanelForm(RegistryEditForm):
    schema = IBookingSettings
    schema_prefix = RECORD_PREFIX
    id = "sozialplattform-booking-controlpanel"
    label = TITLE
    description = _(
        "booking_controlpanel_description",
        default="Settings of the online appointment booking for all counselling "
        "centres. The booking limit per visitor is set by the operator "
        "(SOZIALPLATTFORM_RATE_LIMIT_BOOKING).",
    )


BookingControlPanelView = layout.wrap_form(
    BookingControlPanelForm, ControlPanelFormWrapper
)


class IBookingControlpanel(ISettingsControlpanel):
    """The ``@controlpanels/sozialplattform-booking`` panel (PATCH: Manage settings)."""


@implementer(IBookingControlpanel)
class BookingControlpanel(SettingsControlpanel):
    form = BookingControlPanelForm
    configlet_id = CONFIGLET_ID
