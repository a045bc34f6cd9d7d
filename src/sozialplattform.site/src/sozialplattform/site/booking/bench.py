"""Benchmark of the slot maths: 8 weeks of one type with 200 bookings of the centre.

``python -m sozialplattform.site.booking.bench [rounds]`` prints p50/p95/max of
``free_slots`` (``@slots`` without the HTTP and catalog parts, target far below 20 ms)
and of ``slot_at`` (the booking service's re-check). No site is needed.
"""

from datetime import date
from datetime import datetime
from datetime import timedelta
from sozialplattform.site.booking.availability import Availability
from sozialplattform.site.booking.slots import Busy
from sozialplattform.site.booking.slots import free_slots
from sozialplattform.site.booking.slots import Rules
from sozialplattform.site.booking.slots import slot_at
from sozialplattform.site.booking.slots import ZONE
import random
import statistics
import sys
import time


FIRST = date(2027, 3, 1)  # eight weeks over the spring DST switch
DAYS = 56
NOW = datetime(2027, 2, 28, 12, tzinfo=ZONE)


def scenario(bookings: int = 200) -> tuple[Rules, list[Busy]]:
    """A 30-minute type on a 15-minute grid with buffers, Mon-Sat, a holiday State, and
    ``bookings`` bookings of it and of a second type sharing the calendar."""
    weekly = [
        {"day": day, "start": start, "end": end}
        for day in ("mon", "tue", "wed", "thu", "fri")
        for start, end in (("08:00", "12:00"), ("13:00", "18:00"))
    ] + [{"day": "sat", "start": "09:00", "end": "13:00"}]
    rules = Rules(
        "counselling",
        duration=30,
        availability=Availability.parse(weekly),
        slot_interval=15,
        buffer_before=5,
        buffer_after=10,
        max_advance_days=365,
        capacity=2,
        closed_on_holidays=True,
        state_code="DE-SL",
    )
    chance = random.Random(12)
    busy = []
    for _index in range(bookings):
        day = FIRST + timedelta(days=chance.randrange(DAYS))
        start = datetime.combine(day, datetime.min.time(), ZONE) + timedelta(
            hours=chance.randrange(8, 17), minutes=chance.choice((0, 15, 30, 45))
        )
        type_id = chance.choice(("counselling", "phone"))
        busy.append(Busy(start, start + timedelta(minutes=30), type_id, 5, 10))
    return rules, busy


def measure(function, rounds: int) -> dict:
    timings = []
    for _round in range(rounds):
        started = time.perf_counter()
        function()
        timings.append((time.perf_counter() - started) * 1000)
    cuts = statistics.quantiles(timings, n=20)
    return {"p50": statistics.median(timings), "p95": cuts[-1], "max": max(timings)}


def main(rounds: int = 200) -> dict:
    rules, busy = scenario()
    last = FIRST + timedelta(days=DAYS - 1)
    found = free_slots(rules, FIRST, last, NOW, busy)  # warms the holiday cache
    probe = found[len(found) // 2].start
    figures = {
        "free_slots": measure(
            lambda: free_slots(rules, FIRST, last, NOW, busy), rounds
        ),
        "slot_at": measure(lambda: slot_at(rules, probe, NOW, busy), rounds),
    }
    print(f"Slots: {DAYS} days, {len(busy)} bookings, {len(found)} free slots")
    for name, stats in figures.items():
        print(
            f"{name:12} p50 {stats['p50']:6.2f} ms   p95 {stats['p95']:6.2f} ms   "
            f"max {stats['max']:6.2f} ms"
        )
    return figures


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 200)
