"""GET <centre>/@slots: free slots of an appointment type (anonymous).

``?type=<id or UID>&start=YYYY-MM-DD&end=YYYY-MM-DD`` lists the type's free slots of
those days (Europe/Berlin, both included, at most 62 days); without ``type``, every
type of the centre with its next free slot (the next 14 days).
"""

from datetime import date
from datetime import datetime
from datetime import timedelta
from plone.restapi.services import Service
from sozialplattform.site import _
from sozialplattform.site.booking import calendar
from sozialplattform.site.booking.availability import BookingInputError
from sozialplattform.site.booking.services.guard import require_booking
from sozialplattform.site.booking.slots import free_slots
from sozialplattform.site.booking.slots import next_free_slot
from sozialplattform.site.booking.slots import ZONE
from sozialplattform.site.content.deserializer import field_error
from zExceptions import BadRequest
import pytz


def slot_json(slot) -> dict:
    return {
        "start": slot.start.isoformat(),
        "end": slot.end.isoformat(),
        "available": slot.available,
    }


def _day(request, name: str, default: date) -> date:
    value = request.form.get(name)
    if value is None:
        return default
    if isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    raise BadRequest(
        [
            field_error(
                name,
                _("booking_error_date", default="Send a date as YYYY-MM-DD."),
                request,
            )
        ]
    )


class SlotsGet(Service):
    def reply(self) -> dict:
        require_booking(self.context, self.request)
        now = datetime.now(pytz.utc)
        key = self.request.form.get("type")
        if key is None:
            return {"items": self.next_slots(now), "timezone": ZONE.key}
        appointment_type = (
            calendar.find_type(self.context, key) if isinstance(key, str) else None
        )
        if appointment_type is None:
            raise BadRequest(
                [
                    field_error(
                        "type",
                        _(
                            "booking_error_type",
                            default="Choose one of the centre's appointment types.",
                        ),
                        self.request,
                    )
                ]
            )
        today = now.astimezone(ZONE).date()
        first = _day(self.request, "start", today)
        last = _day(self.request, "end", first + timedelta(days=13))
        busy = calendar.active_bookings(self.context, now)
        try:
            slots = free_slots(
                calendar.rules_for(appointment_type), first, last, now, busy
            )
        except BookingInputError as error:
            raise BadRequest(
                [field_error(error.field_name, error.message, self.request)]
            ) from None
        return {"items": [slot_json(slot) for slot in slots], "timezone": ZONE.key}

    def next_slots(self, now) -> list[dict]:
        busy = calendar.active_bookings(self.context, now)
        items = []
        for appointment_type in calendar.appointment_types(self.context):
            slot = next_free_slot(calendar.rules_for(appointment_type), now, busy)
            items.append(
                {
                    "type": appointment_type.getId(),
                    "UID": appointment_type.UID(),
                    "title": appointment_type.Title(),
                    "duration": appointment_type.duration,
                    "channel": appointment_type.channel,
                    "next_free_slot": slot_json(slot) if slot else None,
                }
            )
        return items
