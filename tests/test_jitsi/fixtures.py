"""A Berlin centre with a video appointment type and online counselling on, its staff,
and bookings at chosen times (made directly, so that a test sets the window)."""

from datetime import datetime
from datetime import timedelta
from plone import api
from plone.dexterity.utils import createContentInContainer
from secrets import token_urlsafe
from sozialplattform.site.anonymous import throttle
from sozialplattform.site.booking import BOOKING_TYPE
from sozialplattform.site.booking import calendar
from sozialplattform.site.booking import COUNSELLOR_ROLE
from sozialplattform.site.booking import TYPE_TYPE
from sozialplattform.site.booking.booker import token_hash
from sozialplattform.site.booking.content import booking_folder
from sozialplattform.site.content.structure import CENTRE_EDITOR_ROLE
from sozialplattform.site.jitsi import settings
from test_booking.test_book import ALL_DAY
from test_permissions.fixtures import PASSWORD
import os
import pytz


DOMAIN = "meet.test.example"
APP_ID = "sozialplattform-test"
SECRET = "test-secret-" + "x" * 40
STAFF = "beraterin"
OTHER_STAFF = "fremdberater"
STATE_EDITOR = "landesredaktion"
DATA_EDITOR = "datenpflege"


def configure(secret: str | None = SECRET) -> None:
    """The Jitsi settings of the tests: registry values and the secret's variable."""
    api.portal.set_registry_record(f"{settings.RECORD_PREFIX}.domain", DOMAIN)
    api.portal.set_registry_record(f"{settings.RECORD_PREFIX}.app_id", APP_ID)
    if secret:
        os.environ[settings.SECRET_VARIABLE] = secret
    else:
        os.environ.pop(settings.SECRET_VARIABLE, None)


def unconfigure() -> None:
    os.environ.pop(settings.SECRET_VARIABLE, None)


def centre(portal, centre_id="lindenhof", channel="video", **type_values):
    """A published Berlin centre (booking and counselling on) with type ``video``."""
    throttle.reset()
    berlin = portal["beratungsstellen"]["berlin"]
    berlin.booking_participation = True
    berlin.counselling_participation = True
    obj = api.content.create(
        container=berlin,
        type="CounsellingCentre",
        id=centre_id,
        title="Beratung Lindenhof",
        postcode="10115",
        city="Berlin",
        booking_enabled=True,
        online_counselling_enabled=True,
    )
    api.content.transition(obj, transition="publish")
    api.content.create(
        container=obj,
        type=TYPE_TYPE,
        id="video",
        title="Videoberatung",
        **{
            "duration": 50,
            "slot_interval": 60,
            "min_notice_hours": 0,
            "availability": ALL_DAY,
            "closed_on_holidays": False,
            "channel": channel,
            **type_values,
        },
    )
    return obj


def staff(portal, centre, other_centre=None) -> None:
    """The centre's counsellor, a data editor, the State's editor, another centre's
    counsellor."""
    for username in (STAFF, OTHER_STAFF, STATE_EDITOR, DATA_EDITOR):
        if api.user.get(username=username) is None:
            api.user.create(
                email=f"{username}@example.org",
                username=username,
                password=PASSWORD,
                properties={"fullname": username.capitalize()},
            )
    api.user.grant_roles(username=STAFF, roles=[COUNSELLOR_ROLE], obj=centre)
    api.user.grant_roles(username=DATA_EDITOR, roles=[CENTRE_EDITOR_ROLE], obj=centre)
    api.user.grant_roles(
        username=STATE_EDITOR,
        roles=["StateEditor"],
        obj=portal["beratungsstellen"]["berlin"],
    )
    if other_centre is not None:
        api.user.grant_roles(
            username=OTHER_STAFF, roles=[COUNSELLOR_ROLE], obj=other_centre
        )


def booking(
    centre,
    starts_in: timedelta,
    minutes=50,
    *,
    state="confirmed",
    name="Sonne",
    at=None,
):
    """A booking of the type ``video`` starting ``starts_in`` from now (or ``at``);
    returns it and its manage token."""
    folder = booking_folder(centre)
    start = at or datetime.now(pytz.utc).replace(microsecond=0) + starts_in
    secret = token_urlsafe(24)
    obj = createContentInContainer(
        folder,
        BOOKING_TYPE,
        checkConstraints=False,
        appointment_type=centre["video"].UID(),
        start=start.astimezone(calendar.EVENT_ZONE),
        end=(start + timedelta(minutes=minutes)).astimezone(calendar.EVENT_ZONE),
        whole_day=False,
        open_end=False,
        title=name,
        email="sonne@example.org",
        consent_date=start,
        token_hash=token_hash(secret),
        language="de",
    )
    with api.env.adopt_roles(["Manager"]):
        if state in ("confirmed", "cancelled", "completed"):
            api.content.transition(obj, transition="confirm")
        if state == "cancelled":
            api.content.transition(obj, transition="cancel")
        if state == "declined":
            api.content.transition(obj, transition="decline")
    return obj, f"{obj.UID()}.{secret}"
