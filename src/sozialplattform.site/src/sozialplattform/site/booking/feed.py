"""The staff's personal calendar subscription: ``@@termine-feed.ics?token=``.

A token is ``<centre UID>.<secret>`` with a ``secrets.token_urlsafe(24)`` secret (192
bits). Only its SHA-256 is stored, in the ``feed_tokens`` ``OOBTree`` of the centre's
booking folder (private and never versioned, unlike the centre): hash -> (user id,
created). One token per user and centre; issuing a new one revokes the old. A token
opens the feed only while its user still has ``Manage bookings`` on the centre (checked
at every request against the user's current roles, local and through groups), so
a counsellor who lost the role gets a 404 from their old URL. The feed holds the
centre's active bookings with type and status only.
"""

from BTrees.OOBTree import OOBTree
from datetime import datetime
from datetime import timedelta
from plone import api
from sozialplattform.site import _
from sozialplattform.site.booking import ACTIVE_STATES
from sozialplattform.site.booking import calendar
from sozialplattform.site.booking import ics
from sozialplattform.site.booking import manage
from sozialplattform.site.booking.booker import token_hash
from sozialplattform.site.booking.content import booking_folder
from sozialplattform.site.permissions import MANAGE_BOOKINGS
from sozialplattform.site.site_url import public_url
from zope.i18n import translate
import pytz
import secrets


ATTRIBUTE = "feed_tokens"
#: how far back the feed reaches (days)
PAST_DAYS = 30
STATUS_WORDS = {
    "requested": _("booking_feed_requested", default="requested"),
    "confirmed": _("booking_feed_confirmed", default="confirmed"),
    "completed": _("booking_feed_completed", default="took place"),
}


def _tokens(centre, create: bool = False):
    folder = booking_folder(centre, create=create)
    if folder is None:
        return None
    tree = getattr(folder, ATTRIBUTE, None)
    if tree is None and create:
        tree = OOBTree()
        setattr(folder, ATTRIBUTE, tree)
    return tree


def _entries_of(tree, userid: str) -> list[str]:
    return [key for key, (owner, _created) in tree.items() if owner == userid]


def issue(centre, userid: str, now: datetime | None = None) -> str:
    """A new feed token for ``userid`` at ``centre`` (the old one stops working)."""
    tree = _tokens(centre, create=True)
    for key in _entries_of(tree, userid):
        del tree[key]
    secret = secrets.token_urlsafe(24)
    created = (now or datetime.now(pytz.utc)).isoformat()
    tree[token_hash(secret)] = (userid, created)
    return f"{centre.UID()}.{secret}"


def revoke(centre, userid: str) -> bool:
    """Remove the user's feed token; False when there was none."""
    tree = _tokens(centre)
    if tree is None:
        return False
    keys = _entries_of(tree, userid)
    for key in keys:
        del tree[key]
    return bool(keys)


def created(centre, userid: str) -> datetime | None:
    """When the user's current feed token was issued, or None."""
    tree = _tokens(centre)
    if tree is None:
        return None
    for _key, (owner, when) in tree.items():
        if owner == userid:
            return datetime.fromisoformat(when)
    return None


def url(token: str) -> str:
    """The feed's address, from the configured site URL (never the request)."""
    return f"{public_url()}/@@termine-feed.ics?token={token}"


def resolve(token) -> tuple | None:
    """(centre, user) of a valid token whose user may still manage the centre's
    bookings, else None (unknown, malformed, revoked, user gone, role lost)."""
    if not isinstance(token, str) or token.count(".") != 1:
        return None
    uid, secret = token.split(".")
    if not uid or not secret:
        return None
    catalog = api.portal.get_tool("portal_catalog")
    brains = catalog.unrestrictedSearchResults(UID=uid, portal_type="CounsellingCentre")
    if len(brains) != 1:
        return None
    centre = brains[0]._unrestrictedGetObject()
    tree = _tokens(centre)
    if tree is None:
        return None
    # looked up by the SHA-256 of a 192-bit secret: the lookup's timing tells nothing
    entry = tree.get(token_hash(secret))
    if entry is None:
        return None
    user = api.user.get(userid=entry[0])
    if user is None:
        return None
    if not api.user.has_permission(MANAGE_BOOKINGS, user=user, obj=centre):
        return None
    return centre, user


def feed_bookings(centre, now: datetime) -> list:
    """The centre's active bookings from ``PAST_DAYS`` ago on, by start."""
    folder = booking_folder(centre, create=False)
    if folder is None:
        return []
    since = now - timedelta(days=PAST_DAYS)
    bookings = [
        booking
        for booking in folder.objectValues()
        if booking.end >= since and calendar.review_state(booking) in ACTIVE_STATES
    ]
    return sorted(bookings, key=lambda booking: booking.start)


def summary(booking, language: str) -> str:
    """ "Termin: Erstgespräch (bestätigt)": type and status, nothing of the booker."""
    appointment_type = manage.type_of(booking)
    state = calendar.review_state(booking)
    return translate(
        _(
            "booking_feed_summary",
            default="Appointment: ${type} (${status})",
            mapping={
                "type": appointment_type.Title() if appointment_type else "",
                "status": translate(STATUS_WORDS[state], target_language=language),
            },
        ),
        target_language=language,
    )


def feed_ics(centre, language: str, now: datetime | None = None) -> bytes:
    now = now or datetime.now(pytz.utc)
    name = translate(
        _(
            "booking_feed_name",
            default="Appointments: ${centre}",
            mapping={"centre": centre.Title()},
        ),
        target_language=language,
    )
    items = [
        (booking, summary(booking, language)) for booking in feed_bookings(centre, now)
    ]
    return ics.feed(items, name, now)
