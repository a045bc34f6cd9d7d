"""Example appointment types and bookings, read from ``examplebookings.json``.

Two published centres of a State that takes part in online booking (by postcode) get
the file's appointment types and switch booking (and online counselling, for the video
rooms) on; a few of the first free slots are
booked through the booker's own path (``booking.booker``), confirmed or still
requested, without mails. So a newcomer sees the function after ``make start``: the
finder's "free appointment" filter, the booking buttons and the staff's bookings.
"""

from datetime import datetime
from datetime import timedelta
from functools import cache
from itertools import islice
from pathlib import Path
from plone import api
from sozialplattform.site.booking import booker
from sozialplattform.site.booking import calendar
from sozialplattform.site.booking import TYPE_TYPE
from sozialplattform.site.booking.slots import iter_free_slots
from sozialplattform.site.booking.slots import ZONE
from sozialplattform.site.counselling.envelopes import prepare_folder
import json
import logging
import pytz


logger = logging.getLogger(__name__)
DATA_FILE = Path(__file__).parent / "sozialplattform" / "examplebookings.json"
BOOKER_FIELDS = ("email", "phone")


@cache
def load() -> dict:
    return json.loads(DATA_FILE.read_text(encoding="utf-8"))


def example_centres(site) -> list:
    """The published centres the file names (state, postcode), one per entry."""
    catalog = api.portal.get_tool("portal_catalog")
    found = []
    for wanted in load()["centres"]:
        state = site["beratungsstellen"][wanted["state"]]
        brains = catalog.unrestrictedSearchResults(
            portal_type="CounsellingCentre",
            path="/".join(state.getPhysicalPath()),
            postcode=wanted["postcode"],
            review_state="published",
            sort_on="getId",
        )
        taken = {centre.getId() for centre in found}
        brain = next((b for b in brains if b.getId not in taken), None)
        if brain is not None:
            found.append(brain._unrestrictedGetObject())
    return found


def add_types(centre) -> dict:
    """The file's appointment types in ``centre`` (existing ids are kept); id -> type."""
    centre.booking_enabled = True
    # the video type's bookings get their room where the State takes part in online
    # counselling (Berlin in the example content)
    centre.online_counselling_enabled = True
    prepare_folder(centre)
    types = {}
    for item in load()["types"]:
        values = dict(item)
        type_id = values.pop("id")
        types[type_id] = centre.get(type_id) or api.content.create(
            container=centre, type=TYPE_TYPE, id=type_id, **values
        )
    centre.reindexObject()
    return types


def add_bookings(centre, types: dict, now: datetime) -> list:
    """The file's bookings at the ``slot``-th free slot of their type from ``now``;
    confirmed at once, or requested where the type asks for confirmation (``status``
    in the file says which, for the reader)."""
    made = []
    for item in load()["bookings"]:
        appointment_type = types[item["type"]]
        rules = calendar.rules_for(appointment_type)
        today = now.astimezone(ZONE).date()
        free = iter_free_slots(
            rules,
            today,
            today + timedelta(days=rules.max_advance_days),
            now,
            calendar.active_bookings(centre, now),
        )
        slot = next(islice(free, item["slot"] - 1, None), None)
        if slot is None:
            continue
        values = {"title": item["name"], "language": "de"}
        values.update({name: item[name] for name in BOOKER_FIELDS if name in item})
        request = booker.Request(appointment_type, slot.start, values)
        booking, _token = booker.book(centre, request, slot, now)
        made.append(booking)
    return made


def create_bookings(site, now: datetime | None = None) -> list:
    """Appointment types and bookings for the example centres; returns the bookings."""
    now = now or datetime.now(pytz.utc)
    made = []
    for centre in example_centres(site):
        made.extend(add_bookings(centre, add_types(centre), now))
    logger.info("%d example bookings created", len(made))
    return made
