"""The booker's pages on the site root, opened by the manage token of their mail.

``@@termin?token=``: the booking's details, "Termin absagen" (optional reason) and
"Termin verschieben" (the next free slots of the same type as a server-rendered list);
a cancelled booking says so and links to booking again. Both forms post back to the
page with the manage token and Plone's authenticator (plone.protect's check, also for
anonymous visitors), then redirect (303) to the page with a status message. No
JavaScript is needed. ``@@termin.ics?token=`` is the booking as ``text/calendar``.

Every answer sends ``Referrer-Policy: no-referrer`` and ``Cache-Control: private,
no-store``: the token in the URL must reach neither other sites nor a cache.
"""

from datetime import datetime
from plone.protect import CheckAuthenticator
from Products.Five.browser import BrowserView
from sozialplattform.site import _
from sozialplattform.site.booking import booker
from sozialplattform.site.booking import ics
from sozialplattform.site.booking import mails
from sozialplattform.site.booking import manage
from sozialplattform.site.booking.calendar import review_state
from sozialplattform.site.booking.interfaces import CHANNEL_TITLES
from sozialplattform.site.booking.services.guard import token_headers
from sozialplattform.site.booking.slots import ZONE
from sozialplattform.site.functions import BOOKING
from sozialplattform.site.functions.gating import available
from sozialplattform.site.functions.gating import links
from sozialplattform.site.timeformat import in_site_zone
from sozialplattform.site.timeformat import WEEKDAYS
from urllib.parse import urlencode
from zExceptions import BadRequest
from zope.i18n import translate
import pytz


STATUS_TITLES = {
    "requested": _("booking_status_requested", default="Requested, not yet confirmed"),
    "confirmed": _("booking_status_confirmed", default="Confirmed"),
    "completed": _("booking_status_completed", default="Took place"),
    "cancelled": _("booking_status_cancelled", default="Cancelled"),
    "declined": _("booking_status_declined", default="Declined by the centre"),
    "no_show": _("booking_status_no_show", default="Not attended"),
}
DONE_MESSAGES = {
    "cancelled": _("booking_done_cancelled", default="Your appointment is cancelled."),
    "moved": _("booking_done_moved", default="Your appointment was moved."),
    "taken": _(
        "booking_done_taken",
        default="This time was booked meanwhile. Please choose another.",
    ),
    "unchanged": _(
        "booking_done_unchanged", default="This appointment can no longer be changed."
    ),
    "choose": _("booking_done_choose", default="Please choose a new time."),
}


def slot_label(start, end, request) -> str:
    """ "Di 12.01., 09:00–09:50" (the full accessible name of a slot)."""
    start, end = in_site_zone(start), in_site_zone(end)
    weekday = translate(WEEKDAYS[start.weekday()], context=request)
    return f"{weekday} {start:%d.%m.}, {start:%H:%M}–{end:%H:%M}"


class ManageView(BrowserView):
    """``@@termin?token=``: the booker manages their booking."""

    booking = None
    token = None

    def page_title(self):
        return _("heading_booking_manage", default="Your appointment")

    def __call__(self):
        token_headers(self.request)
        self.token = self.request.form.get("token")
        self.booking = booker.by_token(self.token)
        if self.booking is None:
            self.request.response.setStatus(404)
            return self.index()
        if self.request.get("REQUEST_METHOD") == "POST":
            return self.handle_post()
        return self.index()

    def page_url(self, **params) -> str:
        query = urlencode({"token": self.token, **params})
        return f"{self.context.absolute_url()}/@@termin?{query}"

    def handle_post(self):
        CheckAuthenticator(self.request)
        now = datetime.now(pytz.utc)
        form = self.request.form
        done = "unchanged"
        if "form.buttons.cancel" in form:
            try:
                reason = manage.check_reason(form.get("reason"), self.request)
            except BadRequest:
                reason = (form.get("reason") or "")[: manage.REASON_LENGTH]
            try:
                if manage.cancel(self.booking, reason, now):
                    mails.cancelled(self.booking, self.token)
                done = "cancelled"
            except manage.NotChangeable:
                done = "unchanged"
        elif "form.buttons.move" in form:
            done = self.move(form.get("start"), now)
        self.request.response.redirect(self.page_url(done=done), status=303)
        return ""

    def move(self, value, now) -> str:
        if not value:
            return "choose"
        if not available(manage.centre_of(self.booking))[BOOKING.name]:
            return "unchanged"
        try:
            start = manage.parse_start(value, self.request)
            old_start = manage.reschedule(self.booking, start, now, self.request)
        except manage.NotChangeable:
            return "unchanged"
        except (booker.SlotTaken, BadRequest):
            return "taken"
        if old_start is not None:
            mails.moved(self.booking, self.token, old_start)
        return "moved"

    # for the template

    def done_message(self):
        return DONE_MESSAGES.get(self.request.form.get("done"))

    def state(self) -> str:
        return review_state(self.booking)

    def status_title(self):
        return STATUS_TITLES.get(self.state(), self.state())

    def is_cancelled(self) -> bool:
        return self.state() in ("cancelled", "declined")

    def details(self) -> dict:
        booking = self.booking
        appointment_type = manage.type_of(booking)
        centre = manage.centre_of(booking)
        channel = appointment_type.channel if appointment_type else None
        return {
            "type": appointment_type.Title() if appointment_type else "",
            "when": slot_label(booking.start, booking.end, self.request)
            + f" ({in_site_zone(booking.start):%Y})",
            "start_iso": booking.start.astimezone(ZONE).isoformat(),
            "channel": CHANNEL_TITLES.get(channel) if channel else None,
            "on_site": channel == "on_site",
            "location": ics.location(booking),
            "centre": centre.Title() if centre else "",
            "centre_url": centre.absolute_url() if centre else None,
        }

    def changeable(self) -> bool:
        return manage.is_changeable(self.booking, datetime.now(pytz.utc))

    def slots(self) -> list[dict]:
        if not available(manage.centre_of(self.booking))[BOOKING.name]:
            return []
        now = datetime.now(pytz.utc)
        return [
            {
                "value": slot.start.isoformat(),
                "label": slot_label(slot.start, slot.end, self.request),
                "id": f"slot-{index}",
            }
            for index, slot in enumerate(manage.next_free_slots(self.booking, now))
        ]

    def book_again_url(self) -> str | None:
        centre = manage.centre_of(self.booking)
        if centre is None:
            return None
        return links(centre, self.request).get("booking") or centre.absolute_url()

    def video_url(self) -> str | None:
        """The room page, for a video appointment that is not cancelled."""
        from sozialplattform.site.booking import video

        if self.is_cancelled() or not video.offers_room(self.booking):
            return None
        query = urlencode({"token": self.token})
        return f"{self.context.absolute_url()}/@@video?{query}"

    def ics_url(self) -> str:
        query = urlencode({"token": self.token})
        return f"{self.context.absolute_url()}/@@termin.ics?{query}"

    def reason_length(self) -> int:
        return manage.REASON_LENGTH


class ICSView(BrowserView):
    """``@@termin.ics?token=``: the booking as an iCalendar file (REQUEST or CANCEL)."""

    def __call__(self):
        token_headers(self.request)
        response = self.request.response
        booking = booker.by_token(self.request.form.get("token"))
        if booking is None:
            response.setStatus(404)
            response.setHeader("Content-Type", "text/plain; charset=utf-8")
            return "Not found"
        response.setHeader("Content-Type", "text/calendar; charset=utf-8")
        response.setHeader(
            "Content-Disposition", f'attachment; filename="{ics.filename(booking)}"'
        )
        return ics.ics(booking)
