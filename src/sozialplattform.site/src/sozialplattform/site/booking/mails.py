"""The booking's mails, through ``mail.message.send`` (they leave on commit).

The booker (in the booking's language, de or en; only with an e-mail address):

- ``booked``: "Anfrage eingegangen" for a type that asks for confirmation, else
  "Termin bestätigt" with the ICS (METHOD:REQUEST);
- ``cancelled`` / ``moved``: the ICS as METHOD:CANCEL / an updated REQUEST;
- ``staff_transition`` (a subscriber): the centre confirmed (REQUEST), declined or
  cancelled (CANCEL) in its own pages or through ``@workflow``.

Each mail names the time and place, links the manage page (when the token is at hand:
it is stored hashed only, so a mail caused by the staff points to the first mail) and the
centre's privacy notice. The centre (its e-mail, in the site's language) gets one
notification per new, cancelled or moved booking, with a link to the booking for its
staff and without the booker's message. No subject names the topic (the type or the
centre), a pseudonym or a postcode: only what happened and when.
"""

from sozialplattform.site import _
from sozialplattform.site import logger
from sozialplattform.site.booking import calendar
from sozialplattform.site.booking import ics
from sozialplattform.site.booking import manage
from sozialplattform.site.booking.interfaces import CHANNEL_TITLES
from sozialplattform.site.booking.services.guard import links
from sozialplattform.site.language import site_language
from sozialplattform.site.mail.message import Attachment
from sozialplattform.site.mail.message import send
from sozialplattform.site.site_url import public_url
from sozialplattform.site.timeformat import in_site_zone
from sozialplattform.site.timeformat import site_time
from zope.i18n import translate
from zope.i18nmessageid import Message


def _t(message, language: str, **mapping) -> str:
    if mapping:
        message = Message(message, mapping=mapping)
    return translate(message, target_language=language)


def when(booking, start=None, end=None) -> str:
    """ "12.01.2027 09:00–09:50" in the site's time zone."""
    start = booking.start if start is None else start
    end = booking.end if end is None else end
    return f"{site_time(start)}–{in_site_zone(end).strftime('%H:%M')}"


def privacy_url(centre) -> str:
    """The centre's own privacy notice (the centre is the data controller); the
    platform's privacy page while the centre has none."""
    return getattr(centre, "privacy_url", None) or f"{public_url()}/datenschutz"


def book_again_url(centre) -> str:
    return public_url(centre)


def details(booking, language: str, start=None, end=None) -> str:
    """The lines naming what, when, how, where and with whom."""
    appointment_type = manage.type_of(booking)
    centre = manage.centre_of(booking)
    lines = [
        _t(
            _("booking_mail_type", default="Appointment: ${title}"),
            language,
            title=appointment_type.Title() if appointment_type else "",
        ),
        _t(
            _("booking_mail_when", default="When: ${when}"),
            language,
            when=when(booking, start, end),
        ),
    ]
    if appointment_type is not None:
        lines.append(
            _t(
                _("booking_mail_channel", default="How: ${channel}"),
                language,
                channel=_t(CHANNEL_TITLES[appointment_type.channel], language),
            )
        )
    place = ics.location(booking)
    if place:
        lines.append(
            _t(
                _("booking_mail_where", default="Where: ${place}"),
                language,
                place=place,
            )
        )
    if centre is not None:
        lines.append(
            _t(
                _("booking_mail_centre", default="Counselling centre: ${title}"),
                language,
                title=centre.Title(),
            )
        )
    return "\n".join(lines)


def _ics_attachment(booking) -> Attachment:
    return Attachment(
        ics.filename(booking),
        ics.ics(booking).decode("utf-8"),
        ics.MIMETYPE,
        params=(("method", ics.method_for(booking)),),
    )


def _manage_paragraph(token: str | None, language: str) -> str:
    if token is None:
        return _t(
            _(
                "booking_mail_manage_first_mail",
                default="To cancel or move the appointment, use the link in the first "
                "mail about this booking.",
            ),
            language,
        )
    return _t(
        _(
            "booking_mail_manage",
            default="Cancel or move the appointment: ${url}",
        ),
        language,
        url=links(token)["manage_url"],
    )


def video_paragraphs(booking, token: str | None, language: str) -> list[str]:
    """The way into the video room, for a video booking where the platform runs it."""
    from sozialplattform.site.booking import video  # it reads this module's neighbours
    from sozialplattform.site.jitsi.settings import get_settings

    if not video.offers_room(booking):
        return []
    minutes = get_settings().open_before_minutes
    if token is None:
        return [
            _t(
                _(
                    "booking_mail_video_first_mail",
                    default="Join the video counselling with the link in the first mail "
                    "about this booking; the room opens ${minutes} minutes before the "
                    "start.",
                ),
                language,
                minutes=minutes,
            )
        ]
    return [
        _t(
            _(
                "booking_mail_video",
                default="Join the video counselling (the room opens ${minutes} minutes "
                "before the start): ${url}",
            ),
            language,
            minutes=minutes,
            url=video.video_url(token),
        )
    ]


def _privacy_paragraph(centre, language: str) -> str:
    return _t(
        _(
            "booking_mail_privacy",
            default="The counselling centre's privacy notice: ${url}",
        ),
        language,
        url=privacy_url(centre),
    )


def _to_booker(booking, subject, paragraphs, attach: bool) -> None:
    if not getattr(booking, "email", None):
        return
    centre = manage.centre_of(booking)
    send(
        booking.email,
        subject,
        paragraphs,
        reply_to=getattr(centre, "email", None) or None,
        attachments=[_ics_attachment(booking)] if attach else (),
    )


def _to_centre(booking, subject, lead: str) -> None:
    centre = manage.centre_of(booking)
    address = getattr(centre, "email", None)
    if not address:
        logger.info("No booking notification: %s has no e-mail", centre)
        return
    language = site_language()
    send(
        address,
        subject,
        [
            lead,
            details(booking, language),
            _t(
                _("booking_mail_booked_by", default="Booked by: ${name}"),
                language,
                name=booking.Title(),
            ),
            _t(
                _(
                    "booking_mail_staff_link",
                    default="The booking (for the centre's staff): ${url}",
                ),
                language,
                url=public_url(booking),
            ),
        ],
    )


def booked(booking, token: str) -> None:
    """A new booking: the booker's confirmation or request receipt, the centre's
    notification."""
    language = booking.language or "de"
    centre = manage.centre_of(booking)
    requested = calendar.review_state(booking) == "requested"
    greeting = _t(_("booking_mail_greeting", default="Hello,"), language)
    if requested:
        subject = _t(
            _("booking_mail_subject_requested", default="Booking request received"),
            language,
        )
        lead = _t(
            _(
                "booking_mail_requested",
                default="we have passed on your booking request. The counselling "
                "centre confirms it; you will then receive another mail with the "
                "calendar entry.",
            ),
            language,
        )
    else:
        subject = _t(
            _("booking_mail_subject_confirmed", default="Appointment confirmed"),
            language,
        )
        lead = _t(
            _(
                "booking_mail_confirmed",
                default="your appointment is confirmed. The calendar entry is "
                "attached.",
            ),
            language,
        )
    _to_booker(
        booking,
        subject,
        [
            greeting,
            lead,
            details(booking, language),
            _manage_paragraph(token, language),
            *video_paragraphs(booking, token, language),
            _privacy_paragraph(centre, language),
        ],
        attach=not requested,
    )
    site = site_language()
    _to_centre(
        booking,
        _t(
            _("booking_mail_centre_subject_new", default="New booking: ${when}")
            if not requested
            else _(
                "booking_mail_centre_subject_request",
                default="New booking request: ${when}",
            ),
            site,
            when=when(booking),
        ),
        _t(
            _(
                "booking_mail_centre_new",
                default="An appointment was booked online.",
            )
            if not requested
            else _(
                "booking_mail_centre_request",
                default="An appointment was requested online; please confirm or "
                "decline it.",
            ),
            site,
        ),
    )


def cancelled(booking, token: str | None) -> None:
    """The booker cancelled: CANCEL to the booker, a notification to the centre."""
    language = booking.language or "de"
    centre = manage.centre_of(booking)
    _to_booker(
        booking,
        _t(
            _("booking_mail_subject_cancelled", default="Appointment cancelled"),
            language,
        ),
        [
            _t(_("booking_mail_greeting", default="Hello,"), language),
            _t(
                _(
                    "booking_mail_cancelled",
                    default="your appointment is cancelled. The attachment removes it "
                    "from your calendar.",
                ),
                language,
            ),
            details(booking, language),
            _t(
                _("booking_mail_book_again", default="Book a new appointment: ${url}"),
                language,
                url=book_again_url(centre),
            ),
            _privacy_paragraph(centre, language),
        ],
        attach=True,
    )
    site = site_language()
    _to_centre(
        booking,
        _t(
            _(
                "booking_mail_centre_subject_cancelled",
                default="Booking cancelled: ${when}",
            ),
            site,
            when=when(booking),
        ),
        _t(
            _(
                "booking_mail_centre_cancelled",
                default="The booker cancelled this appointment; the time is free "
                "again.",
            ),
            site,
        ),
    )


def moved(booking, token: str | None, old_start) -> None:
    """The booker moved the booking: an updated REQUEST, a notification to the centre."""
    language = booking.language or "de"
    centre = manage.centre_of(booking)
    old_end = old_start + (booking.end - booking.start)
    previously = _t(
        _("booking_mail_previously", default="Previously: ${when}"),
        language,
        when=when(booking, old_start, old_end),
    )
    _to_booker(
        booking,
        _t(
            _("booking_mail_subject_moved", default="Appointment moved"),
            language,
        ),
        [
            _t(_("booking_mail_greeting", default="Hello,"), language),
            _t(
                _(
                    "booking_mail_moved",
                    default="your appointment was moved. The attachment updates the "
                    "entry in your calendar.",
                ),
                language,
            ),
            details(booking, language) + "\n" + previously,
            _manage_paragraph(token, language),
            *video_paragraphs(booking, token, language),
            _privacy_paragraph(centre, language),
        ],
        attach=True,
    )
    site = site_language()
    _to_centre(
        booking,
        _t(
            _("booking_mail_centre_subject_moved", default="Booking moved: ${when}"),
            site,
            when=when(booking),
        ),
        _t(
            _(
                "booking_mail_centre_moved",
                default="The booker moved this appointment (previously ${when}).",
            ),
            site,
            when=when(booking, old_start, old_end),
        ),
    )


#: a transition the staff made -> (subject, lead, the booker's ICS is attached)
STAFF_MAILS = {
    "confirm": (
        _("booking_mail_subject_confirmed", default="Appointment confirmed"),
        _(
            "booking_mail_confirmed_by_centre",
            default="the counselling centre confirmed your appointment. The calendar "
            "entry is attached.",
        ),
    ),
    "decline": (
        _("booking_mail_subject_declined", default="Booking request declined"),
        _(
            "booking_mail_declined",
            default="the counselling centre cannot offer this appointment.",
        ),
    ),
    "cancel": (
        _("booking_mail_subject_cancelled", default="Appointment cancelled"),
        _(
            "booking_mail_cancelled_by_centre",
            default="the counselling centre had to cancel your appointment. The "
            "attachment removes it from your calendar.",
        ),
    ),
}


def staff_transition(booking, event) -> None:
    """``IAfterTransitionEvent`` of a booking: mail the booker when the centre's staff
    confirmed, declined or cancelled (the booker's own actions mail themselves)."""
    transition = getattr(event.transition, "id", None)
    if transition not in STAFF_MAILS or getattr(booking, "_v_by_booker", False):
        return
    manage.bump_sequence(booking)
    language = booking.language or "de"
    centre = manage.centre_of(booking)
    subject, lead = STAFF_MAILS[transition]
    paragraphs = [
        _t(_("booking_mail_greeting", default="Hello,"), language),
        _t(lead, language),
        details(booking, language),
    ]
    if transition == "confirm":
        paragraphs.append(_manage_paragraph(None, language))
        paragraphs.extend(video_paragraphs(booking, None, language))
    else:
        if booking.cancel_reason:
            paragraphs.append(
                _t(
                    _("booking_mail_reason", default="Reason: ${reason}"),
                    language,
                    reason=booking.cancel_reason,
                )
            )
        paragraphs.append(
            _t(
                _("booking_mail_book_again", default="Book a new appointment: ${url}"),
                language,
                url=book_again_url(centre),
            )
        )
    paragraphs.append(_privacy_paragraph(centre, language))
    _to_booker(booking, _t(subject, language), paragraphs, attach=True)
