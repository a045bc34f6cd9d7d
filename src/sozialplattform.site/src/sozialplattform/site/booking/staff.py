"""The centre's staff pages: ``@@termine``, ``@@termine.csv`` and the calendar feed.

Only who has ``Manage bookings`` on the centre sees them (its centre editors, its
counsellors ``CentreCounsellor``, the site administrators; never state editors, other
centres or visitors): the pages are registered with that permission.

- ``@@termine``: the bookings from today on (filters: status, from, to, "vergangene
  anzeigen"), each with time, type, status, the booker's name and contact, the message
  (folded) and the actions the workflow offers the user as small POST forms with
  Plone's authenticator: confirm, decline and cancel (with a reason that the booker's
  mail names, stored in ``cancel_reason``), took place and not attended (only once the
  appointment began), and the internal ``staff_note``. ``?view=week&week=2027-W02``:
  one table per day with the previous and next week. POST, then 303 back to the same
  filters with a Plone status message.
- ``@@termine.csv``: the same filters as a CSV for German spreadsheets (UTF-8 with BOM,
  ``;``); without the booker's message and the staff note; cells starting with
  ``= + - @`` (or a tab or carriage return) get a leading ``'`` so no spreadsheet runs
  them as a formula.
- ``@@termine-feed.ics?token=`` (site root, see ``feed``): the personal feed.

The mails to the booker come from ``mails.staff_transition`` (the transition's
subscriber); this module only runs the transition.
"""

from Acquisition import aq_base
from Acquisition import aq_inner
from Acquisition import aq_parent
from dataclasses import dataclass
from dataclasses import field
from datetime import date
from datetime import datetime
from datetime import timedelta
from plone import api
from plone.protect import CheckAuthenticator
from Products.Five.browser import BrowserView
from Products.statusmessages.interfaces import IStatusMessage
from sozialplattform.site import _
from sozialplattform.site.booking import calendar
from sozialplattform.site.booking import feed
from sozialplattform.site.booking import mails
from sozialplattform.site.booking import manage
from sozialplattform.site.booking.booker import SlotTaken
from sozialplattform.site.booking.content import booking_folder
from sozialplattform.site.booking.interfaces import CHANNEL_TITLES
from sozialplattform.site.booking.services.guard import token_headers
from sozialplattform.site.booking.slots import ZONE
from sozialplattform.site.booking.views import DONE_MESSAGES
from sozialplattform.site.booking.views import slot_label
from sozialplattform.site.booking.views import STATUS_TITLES
from sozialplattform.site.booking.views import WEEKDAYS
from sozialplattform.site.finder.centre import DAYS
from sozialplattform.site.timeformat import in_site_zone
from sozialplattform.site.timeformat import site_time
from urllib.parse import urlencode
from zExceptions import BadRequest
from zope.i18n import translate
import csv
import io
import pytz
import re


STATES = ("requested", "confirmed", "completed", "cancelled", "declined", "no_show")
#: the order the actions are offered in
TRANSITIONS = ("confirm", "decline", "complete", "mark_no_show", "cancel")
TRANSITION_TITLES = {
    "confirm": _("booking_action_confirm", default="Confirm"),
    "decline": _("booking_action_decline", default="Decline"),
    "cancel": _("booking_action_cancel", default="Cancel appointment"),
    "complete": _("booking_action_complete", default="Took place"),
    "mark_no_show": _("booking_action_no_show", default="Not attended"),
}
#: transitions with a reason for the booker (sent in the mail)
REASON_TRANSITIONS = ("decline", "cancel")
#: transitions offered only once the appointment began
AFTER_START = ("complete", "mark_no_show")
#: transitions that free the slot: the centre's calendar is written (``touch``)
FREEING = ("decline", "cancel", "mark_no_show")
NOTE_LENGTH = 2000
#: at most this many bookings on one list page (the filters narrow it)
LIST_LIMIT = 500
WEEK = re.compile(r"^(\d{4})-W(\d{2})$")
DAY_NAMES = tuple(DAYS.values())
#: CSV cells starting with these are formulas in spreadsheets
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

DONE = {
    "confirm": _("booking_staff_done_confirm", default="The booking is confirmed."),
    "decline": _("booking_staff_done_decline", default="The request is declined."),
    "cancel": _("booking_staff_done_cancel", default="The appointment is cancelled."),
    "complete": _(
        "booking_staff_done_complete", default="The appointment is marked as held."
    ),
    "mark_no_show": _(
        "booking_staff_done_no_show", default="The appointment is marked as missed."
    ),
    "move": _(
        "booking_staff_done_move",
        default="The appointment is moved; the booker gets a mail with the new time.",
    ),
    "move-choose": DONE_MESSAGES["choose"],
    "move-taken": DONE_MESSAGES["taken"],
    "move-unchanged": DONE_MESSAGES["unchanged"],
}


@dataclass
class Filters:
    """The page's query: what to list, checked; ``errors`` maps a field to a message."""

    today: date
    view: str = "list"
    status: str = ""
    start: date | None = None
    end: date | None = None
    past: bool = False
    week: date | None = None
    errors: dict = field(default_factory=dict)

    @classmethod
    def parse(cls, form, today: date) -> "Filters":
        filters = cls(today=today)
        filters.view = "week" if form.get("view") == "week" else "list"
        status = form.get("status", "")
        if status == "" or (isinstance(status, str) and status in STATES):
            filters.status = status
        else:
            filters.errors["status"] = _(
                "booking_filter_error_status", default="Choose a status from the list."
            )
        for name, attribute in (("from", "start"), ("to", "end")):
            value = form.get(name, "")
            if value == "":
                continue
            try:
                setattr(filters, attribute, date.fromisoformat(value))
            except (TypeError, ValueError):
                filters.errors[name] = _(
                    "booking_filter_error_date",
                    default="Enter a date such as 2027-01-12.",
                )
        if filters.start and filters.end and filters.end < filters.start:
            filters.errors["to"] = _(
                "booking_filter_error_range",
                default="The end must not be before the start.",
            )
            filters.end = None
        filters.past = bool(form.get("past"))
        week = form.get("week", "")
        monday = today - timedelta(days=today.weekday())
        if week:
            match = WEEK.match(week) if isinstance(week, str) else None
            try:
                monday = date.fromisocalendar(
                    int(match.group(1)), int(match.group(2)), 1
                )
            except (AttributeError, ValueError):
                filters.errors["week"] = _(
                    "booking_filter_error_week",
                    default="Enter a week such as 2027-W02.",
                )
        filters.week = monday
        return filters

    def first_day(self) -> date | None:
        """The list's first day: the chosen start, none with "past", else today."""
        if self.start is not None:
            return self.start
        return None if self.past else self.today

    def query(self, **changes) -> dict:
        """The filters as query parameters (only those set)."""
        values = {
            "view": self.view if self.view == "week" else "",
            "status": self.status,
            "from": self.start.isoformat() if self.start else "",
            "to": self.end.isoformat() if self.end else "",
            "past": "1" if self.past else "",
            "week": iso_week(self.week) if self.view == "week" else "",
        }
        values.update(changes)
        return {key: value for key, value in values.items() if value}


def iso_week(monday: date) -> str:
    year, week, _day = monday.isocalendar()
    return f"{year}-W{week:02d}"


def local_day(value) -> date:
    return in_site_zone(value).date()


def select(centre, filters: Filters, first: date | None, last: date | None) -> list:
    """The centre's bookings with a start (in the site's zone) from ``first`` to
    ``last`` (both included, None: open) and the filter's status, by start."""
    folder = booking_folder(centre, create=False)
    if folder is None:
        return []
    result = []
    for booking in folder.objectValues():
        day = local_day(booking.start)
        if first is not None and day < first:
            continue
        if last is not None and day > last:
            continue
        if filters.status and calendar.review_state(booking) != filters.status:
            continue
        result.append(booking)
    return sorted(result, key=lambda booking: booking.start)


def offered_transitions(booking, now: datetime) -> list[str]:
    """The transitions the workflow offers the current user, in ``TRANSITIONS`` order;
    took place / not attended only once the appointment began."""
    workflow = api.portal.get_tool("portal_workflow")
    ids = {item["id"] for item in workflow.getTransitionsFor(booking)}
    return [
        transition
        for transition in TRANSITIONS
        if transition in ids and (transition not in AFTER_START or booking.start <= now)
    ]


def run_transition(booking, transition: str, reason: str | None) -> None:
    """The staff's transition (as the current user; the workflow's guard checks
    ``Manage bookings``). ``staff_transition`` mails the booker."""
    if transition in REASON_TRANSITIONS:
        booking.cancel_reason = reason
    api.content.transition(obj=booking, transition=transition)
    booking.reindexObject()
    if transition in FREEING:
        calendar.touch(manage.centre_of(booking))


def csv_cell(value) -> str:
    """A CSV cell that no spreadsheet runs as a formula."""
    text = "" if value is None else str(value)
    if text.startswith(FORMULA_START):
        return "'" + text
    return text


class StaffView(BrowserView):
    """``@@termine`` on a centre: the list, the week, the actions, the feed."""

    filters = None
    new_feed_url = None
    truncated = False

    def page_title(self):
        return _("heading_booking_staff", default="Appointments")

    def __call__(self):
        self.now = datetime.now(pytz.utc)
        self.today = self.now.astimezone(ZONE).date()
        form = self.request.form
        self.filters = Filters.parse(form, self.today)
        # the page needs the width; the columns' portlets (the events portlet lists
        # bookings to their staff) stay off it
        self.request.set("disable_plone.leftcolumn", True)
        self.request.set("disable_plone.rightcolumn", True)
        if self.request.get("REQUEST_METHOD") == "POST":
            return self.handle_post()
        if self.filters.errors:
            self.request.response.setStatus(400)
        return self.index()

    # POST

    def message(self, text, kind="info") -> None:
        IStatusMessage(self.request).add(
            translate(text, context=self.request), type=kind
        )

    def page_url(self, **changes) -> str:
        query = urlencode(self.filters.query(**changes))
        url = f"{self.context.absolute_url()}/@@termine"
        return f"{url}?{query}" if query else url

    def back(self, anchor: str = ""):
        url = self.page_url()
        self.request.response.redirect(
            url + (f"#{anchor}" if anchor else ""), status=303
        )
        return ""

    def userid(self) -> str:
        return api.user.get_current().getId()

    def find(self, uid):
        """The booking of this centre with ``uid`` (a catalog lookup; a booking of
        another centre, or anything else, is None)."""
        folder = booking_folder(self.context, create=False)
        if folder is None or not isinstance(uid, str) or not uid:
            return None
        booking = api.content.get(UID=uid)
        if booking is None or aq_base(aq_parent(aq_inner(booking))) is not aq_base(
            folder
        ):
            return None
        return booking

    def handle_post(self):
        CheckAuthenticator(self.request)
        form = self.request.form
        action = form.get("action")
        if action == "feed-new":
            token = feed.issue(self.context, self.userid(), self.now)
            self.new_feed_url = feed.url(token)
            # the address is shown once, on this answer: never cached, never referred
            token_headers(self.request)
            return self.index()
        if action == "feed-revoke":
            if feed.revoke(self.context, self.userid()):
                self.message(
                    _(
                        "booking_feed_revoked",
                        default="The calendar address is revoked; it no longer works.",
                    )
                )
            return self.back("booking-feed")
        booking = self.find(form.get("booking"))
        if booking is None:
            self.message(
                _("booking_staff_not_found", default="This booking no longer exists."),
                "error",
            )
            return self.back()
        if action == "note":
            return self.save_note(booking, form.get("staff_note", ""))
        if action == "transition":
            return self.transition(booking, form.get("transition"), form.get("reason"))
        if action == "move":
            return self.move(booking, form.get("start"))
        self.message(
            _("booking_staff_unknown_action", default="Nothing was changed."), "error"
        )
        return self.back()

    def save_note(self, booking, note):
        if not isinstance(note, str) or len(note) > NOTE_LENGTH:
            self.message(
                _(
                    "booking_staff_note_too_long",
                    default="The note may have at most ${length} characters; it was "
                    "not saved.",
                    mapping={"length": NOTE_LENGTH},
                ),
                "error",
            )
            return self.back(self.anchor(booking))
        booking.staff_note = note.strip() or None
        self.message(_("booking_staff_note_saved", default="The note is saved."))
        return self.back(self.anchor(booking))

    def transition(self, booking, transition, reason):
        if transition not in offered_transitions(booking, self.now):
            self.message(
                _(
                    "booking_staff_not_offered",
                    default="This step is not possible for this booking (any more).",
                ),
                "error",
            )
            return self.back(self.anchor(booking))
        if reason is not None and (
            not isinstance(reason, str) or len(reason) > manage.REASON_LENGTH
        ):
            self.message(
                _(
                    "booking_error_reason",
                    default="Send the reason as text of at most ${length} characters.",
                    mapping={"length": manage.REASON_LENGTH},
                ),
                "error",
            )
            return self.back(self.anchor(booking))
        reason = (reason or "").strip() or None
        run_transition(booking, transition, reason)
        self.message(DONE[transition])
        return self.back(self.anchor(booking))

    def move(self, booking, start):
        """Move the booking to a free slot of its type (the booker's mail follows)."""
        try:
            start = manage.parse_start(start, self.request)
            old_start = manage.reschedule(booking, start, self.now, self.request)
        except BadRequest:
            self.message(DONE["move-choose"], "error")
            return self.back(self.anchor(booking))
        except SlotTaken:
            self.message(DONE["move-taken"], "error")
            return self.back(self.anchor(booking))
        except manage.NotChangeable:
            self.message(DONE["move-unchanged"], "error")
            return self.back(self.anchor(booking))
        if old_start is not None:
            mails.moved(booking, None, old_start)
        self.message(DONE["move"])
        return self.back(self.anchor(booking))

    def move_slots(self, booking) -> list[dict] | None:
        """The free slots to move the booking to, for the booking the page was opened
        with (``?move=<UID>``); None for the others (the list stays cheap)."""
        if self.request.form.get("move") != booking.UID():
            return None
        return [
            {
                "value": slot.start.isoformat(),
                "label": slot_label(slot.start, slot.end, self.request),
                "id": f"move-{booking.UID()}-{number}",
            }
            for number, slot in enumerate(manage.next_free_slots(booking, self.now))
        ]

    def when(self, booking) -> str:
        """ "Di 12.01.2027, 09:00–09:50"."""
        start, end = in_site_zone(booking.start), in_site_zone(booking.end)
        weekday = translate(WEEKDAYS[start.weekday()], context=self.request)
        return f"{weekday} {start:%d.%m.%Y}, {start:%H:%M}–{end:%H:%M}"

    @staticmethod
    def anchor(booking) -> str:
        return f"booking-{booking.UID()}"

    # for the template

    def is_week(self) -> bool:
        return self.filters.view == "week"

    def error(self, name: str) -> str | None:
        message = self.filters.errors.get(name)
        return translate(message, context=self.request) if message else None

    def status_options(self) -> list[dict]:
        options = [
            {
                "value": "",
                "title": translate(
                    _("booking_filter_all", default="All"), context=self.request
                ),
            }
        ]
        for state in STATES:
            options.append(
                {
                    "value": state,
                    "title": translate(STATUS_TITLES[state], context=self.request),
                }
            )
        for option in options:
            option["selected"] = option["value"] == self.filters.status
        return options

    def hidden_filters(self) -> list[dict]:
        """The filters as hidden fields of the action forms (the redirect keeps them)."""
        return [
            {"name": name, "value": value}
            for name, value in self.filters.query().items()
        ]

    def item(self, booking) -> dict:
        appointment_type = manage.type_of(booking)
        channel = appointment_type.channel if appointment_type else None
        state = calendar.review_state(booking)
        uid = booking.UID()
        start = in_site_zone(booking.start)
        transitions = [
            {
                "id": transition,
                "title": translate(TRANSITION_TITLES[transition], context=self.request),
                "reason": transition in REASON_TRANSITIONS,
                "form_id": f"{transition}-{uid}",
            }
            for transition in offered_transitions(booking, self.now)
        ]
        return {
            "uid": uid,
            "anchor": self.anchor(booking),
            "when": self.when(booking),
            "time": f"{start:%H:%M}–{in_site_zone(booking.end):%H:%M}",
            "start_iso": booking.start.astimezone(ZONE).isoformat(),
            "type": appointment_type.Title() if appointment_type else "",
            "channel": translate(CHANNEL_TITLES[channel], context=self.request)
            if channel
            else "",
            "state": state,
            "status": translate(STATUS_TITLES.get(state, state), context=self.request),
            "name": booking.Title(),
            "email": getattr(booking, "email", None) or "",
            "phone": getattr(booking, "phone", None) or "",
            "message": getattr(booking, "message", None) or "",
            "note": getattr(booking, "staff_note", None) or "",
            "reason": getattr(booking, "cancel_reason", None) or "",
            "can_move": manage.is_changeable(booking, self.now),
            "move_url": self.page_url(move=uid) + f"#{self.anchor(booking)}",
            "move_slots": self.move_slots(booking),
            "video_url": self.video_url(booking, state),
            "simple": [t for t in transitions if not t["reason"]],
            "with_reason": [t for t in transitions if t["reason"]],
        }

    def video_url(self, booking, state: str) -> str | None:
        """The room page of a confirmed video appointment (``jitsi``)."""
        from sozialplattform.site.booking import video

        if state != "confirmed" or not video.offers_room(booking):
            return None
        return f"{booking.absolute_url()}/@@video"

    def items(self) -> list[dict]:
        """The list's bookings (at most ``LIST_LIMIT``; ``truncated`` says so)."""
        bookings = select(
            self.context, self.filters, self.filters.first_day(), self.filters.end
        )
        self.truncated = len(bookings) > LIST_LIMIT
        return [self.item(booking) for booking in bookings[:LIST_LIMIT]]

    def week(self) -> dict:
        monday = self.filters.week
        sunday = monday + timedelta(days=6)
        bookings = select(self.context, self.filters, monday, sunday)
        days = []
        for offset in range(7):
            day = monday + timedelta(days=offset)
            days.append(
                {
                    "id": f"day-{day.isoformat()}",
                    "label": translate(DAY_NAMES[offset], context=self.request)
                    + f", {day:%d.%m.%Y}",
                    "today": day == self.today,
                    "bookings": [
                        self.item(booking)
                        for booking in bookings
                        if local_day(booking.start) == day
                    ],
                    "list_url": self.page_url(
                        view="",
                        week="",
                        **{"from": day.isoformat(), "to": day.isoformat()},
                    ),
                }
            )
        year, number, _day = monday.isocalendar()
        this_monday = self.today - timedelta(days=self.today.weekday())
        return {
            "title": translate(
                _(
                    "booking_week_title",
                    default="Week ${week}/${year}: ${first} – ${last}",
                    mapping={
                        "week": number,
                        "year": year,
                        "first": f"{monday:%d.%m.}",
                        "last": f"{sunday:%d.%m.%Y}",
                    },
                ),
                context=self.request,
            ),
            "days": days,
            "previous_url": self.page_url(
                view="week", week=iso_week(monday - timedelta(days=7))
            ),
            "next_url": self.page_url(
                view="week", week=iso_week(monday + timedelta(days=7))
            ),
            "this_url": self.page_url(view="week", week=iso_week(this_monday)),
        }

    def list_url(self) -> str:
        return self.page_url(view="", week="")

    def week_url(self) -> str:
        return self.page_url(view="week", week=iso_week(self.filters.week))

    def csv_url(self) -> str:
        query = urlencode(self.filters.query(view="", week=""))
        url = f"{self.context.absolute_url()}/@@termine.csv"
        return f"{url}?{query}" if query else url

    def feed_created(self) -> str | None:
        when = feed.created(self.context, self.userid())
        return site_time(when) if when else None

    def note_length(self) -> int:
        return NOTE_LENGTH

    def reason_length(self) -> int:
        return manage.REASON_LENGTH


class CSVView(BrowserView):
    """``@@termine.csv``: the filtered bookings for a spreadsheet."""

    COLUMNS = (
        _("booking_csv_start", default="Start"),
        _("booking_csv_end", default="End"),
        _("booking_csv_type", default="Appointment type"),
        _("booking_csv_channel", default="Channel"),
        _("booking_csv_status", default="Status"),
        _("booking_csv_name", default="Name or pseudonym"),
        _("booking_csv_email", default="E-mail"),
        _("booking_csv_phone", default="Phone"),
        _("booking_csv_language", default="Language"),
    )

    def __call__(self):
        now = datetime.now(pytz.utc)
        today = now.astimezone(ZONE).date()
        filters = Filters.parse(self.request.form, today)
        response = self.request.response
        response.setHeader("Cache-Control", "private, no-store")
        if filters.errors:
            response.setStatus(400)
            response.setHeader("Content-Type", "text/plain; charset=utf-8")
            return "\n".join(
                f"{name}: {translate(message, context=self.request)}"
                for name, message in filters.errors.items()
            )
        bookings = select(self.context, filters, filters.first_day(), filters.end)
        out = io.StringIO()
        writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
        writer.writerow(
            [translate(title, context=self.request) for title in self.COLUMNS]
        )
        for booking in bookings:
            writer.writerow([csv_cell(value) for value in self.row(booking)])
        response.setHeader("Content-Type", "text/csv; charset=utf-8")
        response.setHeader(
            "Content-Disposition",
            f'attachment; filename="termine-{self.context.getId()}-{today}.csv"',
        )
        return ("\ufeff" + out.getvalue()).encode("utf-8")

    def row(self, booking) -> list:
        appointment_type = manage.type_of(booking)
        channel = appointment_type.channel if appointment_type else None
        state = calendar.review_state(booking)
        return [
            site_time(booking.start),
            site_time(booking.end),
            appointment_type.Title() if appointment_type else "",
            translate(CHANNEL_TITLES[channel], context=self.request) if channel else "",
            translate(STATUS_TITLES.get(state, state), context=self.request),
            booking.Title(),
            getattr(booking, "email", None) or "",
            getattr(booking, "phone", None) or "",
            getattr(booking, "language", None) or "",
        ]


class FeedView(BrowserView):
    """``@@termine-feed.ics?token=`` on the site root: the personal, read-only feed."""

    def __call__(self):
        token_headers(self.request)
        response = self.request.response
        found = feed.resolve(self.request.form.get("token"))
        if found is None:
            response.setStatus(404)
            response.setHeader("Content-Type", "text/plain; charset=utf-8")
            return "Not found"
        centre, _user = found
        language = api.portal.get_registry_record(
            "plone.default_language", default="de"
        )
        language = language if language in ("de", "en") else "de"
        response.setHeader("Content-Type", "text/calendar; charset=utf-8")
        response.setHeader("Content-Disposition", 'inline; filename="termine.ics"')
        return feed.feed_ics(centre, language)
