"""The finder's ``bookable`` filter and each result's ``next_free_slot`` (booking).

Both read the centres' booking summaries from their catalog records
(``booking.summary``): a centre counts when booking is available for it now (its State,
its grant and its switch, read as for the function links) and its summary names a free
slot of the wanted channels up to the last day asked for. A centre whose summary cannot
tell (time has passed its listed slots) is computed live, once per query.
"""

from BTrees.IIBTree import IISet
from BTrees.IIBTree import intersection
from dataclasses import dataclass
from dataclasses import field
from datetime import date
from datetime import datetime
from datetime import timedelta
from plone import api
from sozialplattform.site.booking import summary
from sozialplattform.site.booking.slots import ZONE
from sozialplattform.site.functions import BOOKING
from sozialplattform.site.functions.gating import grants
from sozialplattform.site.functions.gating import is_available
from sozialplattform.site.functions.gating import state_participation
import pytz


#: what the gating reads of a record to decide on booking
GATING_COLUMNS = ("state", "granted_functions", BOOKING.switch)


def booking_available(record: dict, states: dict) -> bool:
    """``gating.available(record, states)["booking"]``, for booking alone: the finder
    asks it for up to thousands of records per query."""
    participates = states.get(record["state"], {}).get(BOOKING.name, False)
    return is_available(
        BOOKING.name, participates, grants(record), record[BOOKING.switch]
    )


@dataclass
class SlotWindow:
    """The question of one query: a free slot of ``channels`` (None: any) from ``now``
    to ``last_day`` (included); ``found`` keeps the answers per record id."""

    now: datetime
    last_day: date
    channels: frozenset[str] | None = None
    states: dict | None = None
    found: dict[int, int | None] = field(default_factory=dict)


def window(query, states, now: datetime | None = None) -> SlotWindow:
    """The window of a ``FinderQuery``: its ``within_days``; the ``channel`` filter
    names the channels when the query asks for ``bookable`` centres."""
    now = now or datetime.now(pytz.utc)
    channels = query.tokens.get("channel") if query.bookable else None
    return SlotWindow(
        now,
        now.astimezone(ZONE).date() + timedelta(days=query.within_days),
        frozenset(channels) if channels else None,
        state_participation() if states is None else states,
    )


def first_free(sets, rid: int, slots: SlotWindow) -> int | None:
    """UTC seconds of the record's first free slot in the window, or None."""
    if rid in slots.found:
        return slots.found[rid]
    data = sets.data[rid]
    stored = data[sets.positions[summary.COLUMN]]
    start = None
    if stored:
        record = {name: data[sets.positions[name]] for name in GATING_COLUMNS}
        if booking_available(record, slots.states):
            known, start = summary.first_free(
                stored, slots.channels, slots.now, slots.last_day
            )
            if not known:
                centre = api.portal.get().unrestrictedTraverse(sets.path(rid))
                start = summary.live_first_free(
                    centre, slots.channels, slots.now, slots.last_day
                )
    slots.found[rid] = start
    return start


def bookable(sets, candidates: IISet, slots: SlotWindow) -> IISet:
    """The candidates with a free slot in the window."""
    taking = intersection(candidates, sets.value(summary.INDEX, True))
    return IISet([rid for rid in taking if first_free(sets, rid, slots) is not None])


def next_free_slot(sets, rid: int, slots: SlotWindow) -> str | None:
    """The item's ``next_free_slot``: ISO datetime in Europe/Berlin, or None."""
    start = first_free(sets, rid, slots)
    return None if start is None else summary.as_datetime(start).isoformat()
