"""The visitor's booking page ``<centre>/@@booking`` (``functions.BOOKING.view``).

Classic UI, server-rendered, no JavaScript needed; every step is a plain GET link or
a form post, so the page works on any phone and with any assistive technology:

1. ``@@booking``: the centre's appointment types (skipped when there is only one);
2. ``?type=<id>[&from=YYYY-MM-DD]``: the type's free slots of 14 days, one heading per
   day, each slot a link with its full accessible name, "Weitere Termine" for the next
   14 days (``slots.free_slots`` on the centre's calendar, as ``@slots``);
3. ``?type=<id>&start=<ISO>``: the form; it posts back with Plone's authenticator, the
   same rate limit as ``@book`` (``throttle.BOOKING``) and the same checks
   (``booker.parse``, ``booker.free_slot``, ``booker.book``, ``mails.booked``). Field
   errors come back as messages at the fields and a summary on top; a slot taken
   meanwhile leads back to the slot list with a message;
4. ``?token=<manage token>``: the confirmation (post/redirect/get, 303), with the
   manage link and the calendar file. Pages carrying the token send
   ``Referrer-Policy: no-referrer`` and ``Cache-Control: private, no-store``.

A centre that does not take bookings now answers 404 with a page that says so and
links to the centre's own booking tool, if it has one.
"""

from datetime import date
from datetime import datetime
from datetime import timedelta
from plone.protect import CheckAuthenticator
from Products.Five.browser import BrowserView
from secrets import token_urlsafe
from sozialplattform.site import _
from sozialplattform.site.anonymous import throttle
from sozialplattform.site.booking import booker
from sozialplattform.site.booking import calendar
from sozialplattform.site.booking import ics
from sozialplattform.site.booking import idempotency
from sozialplattform.site.booking import mails
from sozialplattform.site.booking import manage
from sozialplattform.site.booking.interfaces import CHANNEL_TITLES
from sozialplattform.site.booking.interfaces import MESSAGE_LENGTH
from sozialplattform.site.booking.services.guard import links as token_links
from sozialplattform.site.booking.services.guard import token_headers
from sozialplattform.site.booking.slots import free_slots
from sozialplattform.site.booking.slots import next_free_slot
from sozialplattform.site.booking.slots import slot_at
from sozialplattform.site.booking.slots import ZONE
from sozialplattform.site.booking.views import DONE_MESSAGES
from sozialplattform.site.booking.views import slot_label
from sozialplattform.site.booking.views import STATUS_TITLES
from sozialplattform.site.booking.views import WEEKDAYS
from sozialplattform.site.functions import BOOKING
from sozialplattform.site.functions.gating import available
from sozialplattform.site.timeformat import in_site_zone
from urllib.parse import urlencode
from zExceptions import BadRequest
from zope.i18n import translate
import pytz


#: days per page of the slot list
DAYS_PER_PAGE = 14
#: the form's fields in the order of the page (the error summary follows it)
FORM_FIELDS = ("name", "email", "phone", "message", "language", "consent")
#: the fields' names in the error summary ("Name or pseudonym: Required input is missing.")
FIELD_LABELS = {
    "name": _("label_booker_name", default="Name or pseudonym"),
    "email": _("label_email", default="E-mail"),
    "phone": _("label_phone", default="Phone"),
    "message": _("label_booking_message", default="Message"),
    "language": _("label_booker_language", default="Language of the mails"),
    "consent": _("booking_label_consent_short", default="Consent"),
}
NOTICES = {
    "taken": DONE_MESSAGES["taken"],
    "gone": _(
        "booking_page_not_a_slot",
        default="This time cannot be booked (any more). Please choose one of the "
        "times offered.",
    ),
}


def _as_text(value) -> str:
    if isinstance(value, list):  # a field sent twice
        value = value[0] if value else ""
    return value.strip() if isinstance(value, str) else ""


class BookingView(BrowserView):
    """``<centre>/@@booking``: a visitor books an appointment."""

    step = None  # unavailable, no_types, types, slots, form, done, invalid
    appointment_type = None
    start = None
    slot = None
    booking = None
    token = None
    errors = ()
    notice = None
    values = None

    def page_title(self):
        if self.step == "done":
            return _("heading_booking_done", default="Your booking")
        return _("heading_booking_page", default="Book an appointment")

    # the flow

    def __call__(self):
        self.values = {"language": self.default_language()}
        form = self.request.form
        if form.get("token") is not None:
            return self.show_booking(_as_text(form.get("token")))
        if not available(self.context)[BOOKING.name]:
            self.step = "unavailable"
            self.request.response.setStatus(404)
            return self.index()
        types = calendar.appointment_types(self.context)
        if not types:
            self.step = "no_types"
            return self.index()
        key = _as_text(form.get("type"))
        self.appointment_type = calendar.find_type(self.context, key) if key else None
        if self.appointment_type is None and len(types) == 1:
            self.appointment_type = types[0]
        if self.appointment_type is None:
            self.step = "types"
            return self.index()
        if self.request.get("REQUEST_METHOD") == "POST":
            return self.handle_post()
        self.notice = NOTICES.get(_as_text(form.get("notice")))
        start = self._start(form.get("start"))
        if start is not None:
            self.slot = self.free_slot(start)
            if self.slot is not None:
                self.step = "form"
                return self.index()
            self.notice = NOTICES["gone"]
        self.step = "slots"
        return self.index()

    def handle_post(self):
        CheckAuthenticator(self.request)
        form = self.request.form
        start = self._start(form.get("start"))
        self.values.update(
            {name: _as_text(form.get(name)) for name in FORM_FIELDS[:-1]}
        )
        # browsers send a textarea's line breaks as CRLF but count them as one character
        # (maxlength): count them as one here too
        self.values["message"] = self.values["message"].replace("\r\n", "\n")
        self.values["consent"] = bool(form.get("consent"))
        self.step = "form"
        try:
            throttle.check(self.request, throttle.BOOKING)
        except throttle.RateLimited as exc:
            self.notice = throttle.refuse(self.request, exc)
            self.slot = self.free_slot(start) if start is not None else None
            if self.slot is None:
                self.step = "slots"
            return self.index()
        # the form's own key: a second click on "book" (the first answer still on
        # its way) gets the first booking's confirmation, not "taken"
        key = _as_text(form.get("form_key"))[: idempotency.MAX_KEY_LENGTH]
        store = idempotency.Store(self.context, self.request, key) if key else None
        if store is not None:
            try:
                answer = store.answer()
            except BadRequest:  # the key came with other values: book them anew
                answer = None
            if answer is not None:
                return self.confirm(answer[1]["token"])
        data = {
            "type": self.appointment_type.getId(),
            "start": start.isoformat() if start is not None else None,
            "name": self.values["name"],
            "message": self.values["message"],
            "language": self.values["language"],
            "consent": self.values["consent"],
        }
        if not self.anonymous():
            data["email"] = self.values["email"]
            data["phone"] = self.values["phone"]
        now = datetime.now(pytz.utc)
        try:
            request = booker.parse(self.context, data, self.request)
            slot = booker.free_slot(self.context, request, now, self.request)
        except booker.SlotTaken:
            return self.back_to_slots("taken")
        except BadRequest as error:
            errors = error.args[0] if error.args else []
            if any(item.get("field") in ("type", "start") for item in errors):
                return self.back_to_slots("gone")
            self.slot = self.free_slot(start)
            if self.slot is None:  # the form is wrong, and the time is gone too
                return self.back_to_slots("taken")
            self.errors = self._ordered(errors)
            self.request.response.setStatus(400)
            return self.index()
        booking, token = booker.book(self.context, request, slot, now)
        mails.booked(booking, token)
        if store is not None:
            store.remember(303, {"token": token}, token.split(".", 1)[1])
        return self.confirm(token)

    def confirm(self, token: str):
        token_headers(self.request)
        self.request.response.redirect(self.page_url(token=token), status=303)
        return ""

    def back_to_slots(self, notice: str):
        self.request.response.redirect(
            self.page_url(type=self.appointment_type.getId(), notice=notice),
            status=303,
        )
        return ""

    def show_booking(self, token: str):
        token_headers(self.request)
        self.token = token
        booking = booker.by_token(token)
        centre = manage.centre_of(booking) if booking is not None else None
        if centre is None or centre.UID() != self.context.UID():
            booking = None  # a token opens its own centre's page only
        if booking is None:
            self.step = "invalid"
            self.request.response.setStatus(404)
            return self.index()
        self.booking = booking
        self.step = "done"
        return self.index()

    # helpers

    @staticmethod
    def _start(value) -> datetime | None:
        return booker.aware_datetime(_as_text(value) or None)

    def _ordered(self, errors) -> list[dict]:
        def position(item):
            field = item.get("field")
            return FORM_FIELDS.index(field) if field in FORM_FIELDS else -1

        def label(field):
            if field == "name" and self.anonymous():
                return translate(
                    _("label_pseudonym", default="Pseudonym"), context=self.request
                )
            title = FIELD_LABELS.get(field)
            return translate(title, context=self.request) if title else ""

        return sorted(
            (
                {
                    "field": item.get("field"),
                    "label": label(item.get("field")),
                    "message": item.get("message"),
                }
                for item in errors
            ),
            key=position,
        )

    def now(self) -> datetime:
        return datetime.now(pytz.utc)

    def free_slot(self, start: datetime):
        now = self.now()
        return slot_at(
            calendar.rules_for(self.appointment_type),
            start,
            now,
            calendar.active_bookings(self.context, now),
        )

    def default_language(self) -> str:
        language = str(getattr(self.request, "LANGUAGE", "") or "de")[:2]
        return "en" if language == "en" else "de"

    def page_url(self, **params) -> str:
        url = f"{self.context.absolute_url()}/@@booking"
        return f"{url}?{urlencode(params)}" if params else url

    def anonymous(self) -> bool:
        return bool(self.appointment_type and self.appointment_type.allow_anonymous)

    def channel_title(self, appointment_type) -> str:
        title = CHANNEL_TITLES.get(appointment_type.channel)
        return translate(title, context=self.request) if title else ""

    def type_summary(self, appointment_type) -> str:
        """ "50 Minuten, Vor Ort" """
        minutes = translate(
            _(
                "booking_duration_minutes",
                default="${minutes} minutes",
                mapping={"minutes": appointment_type.duration},
            ),
            context=self.request,
        )
        return ", ".join(
            part for part in (minutes, self.channel_title(appointment_type)) if part
        )

    # for the template: step 1

    def types(self) -> list[dict]:
        now = self.now()
        busy = calendar.active_bookings(self.context, now)
        items = []
        for appointment_type in calendar.appointment_types(self.context):
            slot = next_free_slot(calendar.rules_for(appointment_type), now, busy)
            items.append(
                {
                    "title": appointment_type.Title(),
                    "description": appointment_type.Description(),
                    "summary": self.type_summary(appointment_type),
                    "url": self.page_url(type=appointment_type.getId()),
                    "next": slot_label(slot.start, slot.end, self.request)
                    if slot
                    else None,
                    "anonymous": bool(appointment_type.allow_anonymous),
                }
            )
        return items

    def several_types(self) -> bool:
        return len(calendar.appointment_types(self.context)) > 1

    # step 2

    def first_day(self) -> date:
        today = self.now().astimezone(ZONE).date()
        value = _as_text(self.request.form.get("from"))
        try:
            first = date.fromisoformat(value) if value else today
        except ValueError:
            first = today
        return max(first, today)

    def horizon(self) -> date:
        rules = calendar.rules_for(self.appointment_type)
        latest = self.now() + timedelta(days=rules.max_advance_days)
        return latest.astimezone(ZONE).date()

    def day_heading(self, day: date) -> str:
        weekday = translate(WEEKDAYS[day.weekday()], context=self.request)
        return f"{weekday} {day:%d.%m.%Y}"

    def slot_days(self) -> dict:
        """The days of the page with their slots, and the links to the neighbours."""
        first = self.first_day()
        last = first + timedelta(days=DAYS_PER_PAGE - 1)
        now = self.now()
        slots = free_slots(
            calendar.rules_for(self.appointment_type),
            first,
            last,
            now,
            calendar.active_bookings(self.context, now),
        )
        suffix = ", ".join(
            part
            for part in (
                self.appointment_type.Title(),
                self.channel_title(self.appointment_type),
            )
            if part
        )
        days = {}
        for index, slot in enumerate(slots):
            start, end = in_site_zone(slot.start), in_site_zone(slot.end)
            day = start.date()
            if day not in days:
                days[day] = {
                    "heading": self.day_heading(day),
                    "id": f"booking-day-{day.isoformat()}",
                    "slots": [],
                }
            label = slot_label(slot.start, slot.end, self.request)
            days[day]["slots"].append(
                {
                    "url": self.page_url(
                        type=self.appointment_type.getId(),
                        start=slot.start.isoformat(),
                    ),
                    "time": f"{start:%H:%M}–{end:%H:%M}",
                    # the full accessible name, the visible time in it (WCAG 2.5.3)
                    "name": f"{label}, {suffix}",
                    "id": f"booking-slot-{index}",
                }
            )
        today = now.astimezone(ZONE).date()
        later = last + timedelta(days=1)
        earlier = max(first - timedelta(days=DAYS_PER_PAGE), today)
        type_id = self.appointment_type.getId()
        return {
            "days": list(days.values()),
            "range": f"{first:%d.%m.%Y}–{last:%d.%m.%Y}",
            "later": self.page_url(type=type_id, **{"from": later.isoformat()})
            if later <= self.horizon()
            else None,
            "earlier": self.page_url(type=type_id, **{"from": earlier.isoformat()})
            if first > today
            else None,
        }

    # step 3

    def chosen(self) -> dict:
        return {
            "label": slot_label(self.slot.start, self.slot.end, self.request)
            + f" ({in_site_zone(self.slot.start):%Y})",
            "start": self.slot.start.isoformat(),
            "type": self.appointment_type.Title(),
            "summary": self.type_summary(self.appointment_type),
            "type_id": self.appointment_type.getId(),
            "requested": bool(self.appointment_type.requires_confirmation),
            "change_url": self.page_url(type=self.appointment_type.getId()),
        }

    def form_key(self) -> str:
        """The key of this rendering of the form (kept when it comes back with errors)."""
        return _as_text(self.request.form.get("form_key")) or token_urlsafe(18)

    def error_for(self, field: str) -> str | None:
        for item in self.errors:
            if item["field"] == field:
                return item["message"]
        return None

    def field_id(self, field: str) -> str:
        return f"booking-{field}"

    def external_url(self) -> str | None:
        return getattr(self.context, "external_booking_url", None) or None

    def privacy_url(self) -> str:
        return mails.privacy_url(self.context)

    def message_length(self) -> int:
        return MESSAGE_LENGTH

    # step 4

    def done(self) -> dict:
        booking = self.booking
        appointment_type = manage.type_of(booking)
        state = calendar.review_state(booking)
        channel = appointment_type.channel if appointment_type else None
        urls = token_links(self.token)
        return {
            "state": state,
            "status": STATUS_TITLES.get(state, state),
            "requested": state == "requested",
            "cancelled": state in ("cancelled", "declined"),
            "type": appointment_type.Title() if appointment_type else "",
            "when": slot_label(booking.start, booking.end, self.request)
            + f" ({in_site_zone(booking.start):%Y})",
            "start_iso": booking.start.astimezone(ZONE).isoformat(),
            "channel": CHANNEL_TITLES.get(channel) if channel else None,
            "on_site": channel == "on_site",
            "location": ics.location(booking),
            "manage_url": urls["manage_url"],
            "ics_url": urls["ics_url"],
        }
