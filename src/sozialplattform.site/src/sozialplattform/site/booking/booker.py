"""Make a booking from a visitor's request: validate, re-check the slot, store.

The values are checked against the ``IBooking`` fields (the schema is the source of the
limits); every problem is a ``BadRequest`` naming its field, rendered as plone.restapi's
JSON 400 by ``overrides.errors``. The slot is re-checked inside the transaction on the
bookings read there (``calendar``), and the write of the centre's calendar makes two
concurrent bookings of one centre conflict (see ``calendar.touch``).
"""

from dataclasses import dataclass
from datetime import datetime
from hashlib import sha256
from plone import api
from plone.dexterity.utils import createContentInContainer
from secrets import compare_digest
from secrets import token_urlsafe
from sozialplattform.site import _
from sozialplattform.site.anonymous.containers import random_id
from sozialplattform.site.booking import BOOKING_TYPE
from sozialplattform.site.booking import calendar
from sozialplattform.site.booking.content import booking_folder
from sozialplattform.site.booking.interfaces import IBooking
from sozialplattform.site.booking.slots import Slot
from sozialplattform.site.booking.slots import slot_at
from sozialplattform.site.content.deserializer import field_error
from sozialplattform.site.content.fields import check
from zExceptions import BadRequest


#: the keys a ``@book`` body may carry; each maps to the IBooking field that checks it
FIELDS = {"name": "title", "email": "email", "phone": "phone", "message": "message"}
KEYS = frozenset({"type", "start", "language", "consent", *FIELDS})


class SlotTaken(Exception):
    """The start was a free slot, but the last place went meanwhile (HTTP 409)."""


@dataclass
class Request:
    """A visitor's validated booking request."""

    appointment_type: object
    start: datetime
    values: dict


def parse(centre, data, request) -> Request:
    """The validated request, or ``BadRequest`` listing every problem at once."""
    if not isinstance(data, dict):
        raise BadRequest(
            [
                field_error(
                    "", _("booking_error_body", default="Send a JSON object."), request
                )
            ]
        )
    errors = [
        field_error(
            key, _("booking_error_unknown_key", default="Unknown field."), request
        )
        for key in sorted(set(data) - KEYS)
    ]
    appointment_type = None
    key = data.get("type")
    if isinstance(key, str) and key:
        appointment_type = calendar.find_type(centre, key)
    if appointment_type is None:
        errors.append(
            field_error(
                "type",
                _(
                    "booking_error_type",
                    default="Choose one of the centre's appointment types.",
                ),
                request,
            )
        )
    start = aware_datetime(data.get("start"))
    if start is None:
        errors.append(
            field_error(
                "start",
                _(
                    "booking_error_start",
                    default="Send the start as date and time with its UTC offset, "
                    "e.g. 2027-01-12T09:00:00+01:00.",
                ),
                request,
            )
        )
    values = {}
    for name, field_name in FIELDS.items():
        value = data.get(name) or None
        field = IBooking[field_name].bind(centre)
        if value is None and not field.required:
            continue
        message = check(field.validate, value)
        if message:
            errors.append(field_error(name, message, request))
        else:
            values[field_name] = value
    language = data.get("language") or "de"
    if language not in ("de", "en"):
        errors.append(
            field_error(
                "language",
                _("booking_error_language", default="Use de or en."),
                request,
            )
        )
    values["language"] = language
    if data.get("consent") is not True:
        errors.append(
            field_error(
                "consent",
                _(
                    "booking_error_consent",
                    default="Please agree to the processing of your details for the "
                    "appointment.",
                ),
                request,
            )
        )
    anonymous = appointment_type is not None and appointment_type.allow_anonymous
    given = any(data.get(name) for name in ("email", "phone"))
    if not anonymous and not given:
        errors.append(
            field_error(
                "email",
                _(
                    "booking_error_contact",
                    default="Enter an e-mail address or a phone number.",
                ),
                request,
            )
        )
    if errors:
        raise BadRequest(errors)
    return Request(appointment_type, start, values)


def aware_datetime(value) -> datetime | None:
    """An ISO 8601 date and time with its UTC offset as a datetime; None otherwise."""
    if not isinstance(value, str):
        return None
    try:
        start = datetime.fromisoformat(value)
    except ValueError:
        return None
    return start if start.tzinfo is not None else None


def free_slot(centre, booking_request: Request, now: datetime, request) -> Slot:
    """The slot the request asks for, re-checked now; ``SlotTaken`` or ``BadRequest``."""
    rules = calendar.rules_for(booking_request.appointment_type)
    slot = slot_at(
        rules, booking_request.start, now, calendar.active_bookings(centre, now)
    )
    if slot is not None:
        return slot
    if slot_at(rules, booking_request.start, now, ()) is not None:
        raise SlotTaken()
    raise BadRequest(
        [
            field_error(
                "start",
                _(
                    "booking_error_not_a_slot",
                    default="This is not a free appointment; choose one of the times "
                    "offered.",
                ),
                request,
            )
        ]
    )


def token_hash(secret: str) -> str:
    return sha256(secret.encode()).hexdigest()


def book(centre, booking_request: Request, slot: Slot, now: datetime) -> tuple:
    """Store the booking (confirmed unless the type asks for confirmation).

    Returns the booking and its manage token ``<UID>.<secret>``; only the secret's
    hash is stored, so the token is shown once.
    """
    folder = booking_folder(centre)
    appointment_type = booking_request.appointment_type
    secret = token_urlsafe(24)
    booking = createContentInContainer(
        folder,
        BOOKING_TYPE,
        checkConstraints=False,
        id=random_id(folder, "termin"),
        appointment_type=appointment_type.UID(),
        start=slot.start.astimezone(calendar.EVENT_ZONE),
        end=slot.end.astimezone(calendar.EVENT_ZONE),
        whole_day=False,
        open_end=False,
        consent_date=now,
        token_hash=token_hash(secret),
        **booking_request.values,
    )
    if not appointment_type.requires_confirmation:
        # the booker's own confirmation: ``mails.booked`` writes its mail, not the
        # staff's subscriber
        booking._v_by_booker = True
        try:
            with api.env.adopt_roles(["Manager"]):
                api.content.transition(booking, transition="confirm")
        finally:
            del booking._v_by_booker
    calendar.touch(centre)
    return booking, f"{booking.UID()}.{secret}"


def issue_reminder_token(booking) -> str:
    """A second manage token for the booking (the reminder's link); only its hash is
    stored, beside the first token's, and it replaces an earlier reminder's."""
    secret = token_urlsafe(24)
    booking.reminder_token_hash = token_hash(secret)
    return f"{booking.UID()}.{secret}"


def by_token(token) -> object | None:
    """The booking a manage token opens (the first mail's or the reminder's), or None
    (unknown, malformed, deleted or anonymised)."""
    if not isinstance(token, str) or token.count(".") != 1:
        return None
    uid, secret = token.split(".")
    catalog = api.portal.get_tool("portal_catalog")
    brains = catalog.unrestrictedSearchResults(UID=uid, portal_type=BOOKING_TYPE)
    if len(brains) != 1:
        return None
    booking = brains[0]._unrestrictedGetObject()
    given = token_hash(secret)
    for name in ("token_hash", "reminder_token_hash"):
        stored = getattr(booking, name, None)
        if stored and compare_digest(stored, given):
            return booking
    return None
