"""Build the finder benchmark's database: a site with N generated, published centres.

Run by scripts/bench.py through the maintenance runner:
`python -m sozialplattform.site.maintenance <bench zope.conf> run scripts/bench_build.py N`.
Centres get real postcodes spread over all states (seeded, so every build is the same) and
are imported through the bulk importer's fast path. Prints the figures as JSON on the last
line.
"""

from datetime import datetime
from datetime import timedelta
from plone import api
from plone.distribution.api import site as site_api
from sozialplattform.site.booking import booker
from sozialplattform.site.booking import calendar
from sozialplattform.site.booking.slots import iter_free_slots
from sozialplattform.site.booking.slots import ZONE
from sozialplattform.site.bulk.columns import LIST_SEPARATOR
from sozialplattform.site.bulk.importer import import_file
from sozialplattform.site.geo import all_postcodes
from sozialplattform.site.geo import lookup
from zope.component.hooks import setSite
import csv
import json
import os
import pytz
import random
import sys
import tempfile
import time
import transaction


TOPICS = [
    "schulden",
    "arbeit",
    "wohnen",
    "familie",
    "schwangerschaft",
    "sucht",
    "psyche",
    "gewalt",
    "migration",
    "behinderung",
    "pflege",
    "gesundheit",
    "bildung",
    "recht",
    "jugend",
    "trennung",
]
GROUPS = [
    "kinder",
    "jugendliche",
    "eltern",
    "familien",
    "frauen",
    "maenner",
    "senioren",
    "migranten",
    "menschen_mit_behinderung",
    "angehoerige",
    "lgbtiq",
    "fachkraefte",
]
LANGUAGES = [
    "de",
    "en",
    "tr",
    "ar",
    "ru",
    "uk",
    "pl",
    "fa",
    "fr",
    "es",
    "ro",
    "bg",
    "ku",
]
CHANNELS = ["on_site", "phone", "video", "chat", "email"]
KINDS = [
    "Schuldnerberatung",
    "Familienberatung",
    "Suchtberatung",
    "Migrationsberatung",
    "Erziehungsberatung",
    "Frauenberatung",
    "Pflegeberatung",
    "Jugendberatung",
    "Müttergenesung",
    "Lebensberatung",
    "Wohnungsnotfallhilfe",
    "Sozialberatung",
]
CARRIERS = [
    "Sozialwerk Lindenhof e.V.",
    "Hilfeverbund Am Anger gGmbH",
    "Beratungsverein Musterstadt e.V.",
    "Netzwerk Nachbarschaft e.V.",
]


def rows(count: int, seed: int = 20261128):
    rng = random.Random(seed)
    postcodes = [p for p in all_postcodes() if lookup(p).places and lookup(p).state_ids]
    for number in range(count):
        postcode = rng.choice(postcodes)
        info = lookup(postcode)
        kind = rng.choice(KINDS)
        yield {
            "external_id": f"bench-{number:06d}",
            "title": f"{kind} {info.places[0]} {number}",
            "description": f"{kind} für {info.places[0]} und Umgebung.",
            "carrier": rng.choice(CARRIERS),
            "street": f"Lindenstraße {rng.randint(1, 120)}",
            "postcode": postcode,
            "city": info.places[0][:100],
            "phone": f"030 23125 {rng.randint(100, 999)}",
            "email": f"kontakt{number}@beispiel.example",
            "topics": LIST_SEPARATOR.join(rng.sample(TOPICS, rng.randint(1, 3))),
            "target_groups": LIST_SEPARATOR.join(rng.sample(GROUPS, rng.randint(1, 3))),
            "languages": LIST_SEPARATOR.join(
                ["de", *rng.sample(LANGUAGES[1:], rng.randint(0, 2))]
            ),
            "channels": LIST_SEPARATOR.join(rng.sample(CHANNELS, rng.randint(1, 3))),
            "accessible": "ja" if rng.random() < 0.6 else "nein",
            "free_of_charge": "ja" if rng.random() < 0.8 else "nein",
            "anonymous": "ja" if rng.random() < 0.3 else "nein",
            "nationwide": "ja" if rng.random() < 0.01 else "nein",
        }


BOOKABLE_EVERY = 10  # 2,000 of 20,000 centres take bookings
BOOKING_CHANNELS = ["on_site", "phone", "video", "chat"]
WEEKLY = [
    {"day": day, "start": start, "end": end}
    for day in ("mon", "tue", "wed", "thu", "fri")
    for start, end in (("09:00", "12:00"), ("13:00", "17:00"))
]
#: the centre whose type gets ``SLOTS_BOOKINGS`` bookings (the @slots benchmark)
SLOTS_CENTRE_INDEX = 0
SLOTS_BOOKINGS = 200


def add_booking(site) -> dict:
    """Every State takes part; every ``BOOKABLE_EVERY``-th centre (by id) switches
    booking on with one appointment type (channels in turn); the first of them gets
    ``SLOTS_BOOKINGS`` bookings spread over eight weeks. Returns the figures."""
    for state in site["beratungsstellen"].objectValues():
        state.booking_participation = True
        state.reindexObject()
    catalog = api.portal.get_tool("portal_catalog")
    brains = catalog.unrestrictedSearchResults(
        portal_type="CounsellingCentre", sort_on="getId"
    )
    started = time.perf_counter()
    chosen = []
    for number, brain in enumerate(brains):
        if number % BOOKABLE_EVERY:
            continue
        centre = brain._unrestrictedGetObject()
        centre.booking_enabled = True
        api.content.create(
            container=centre,
            type="AppointmentType",
            id="termin",
            title="Beratungstermin",
            duration=50,
            slot_interval=60,
            buffer_after=10,
            channel=BOOKING_CHANNELS[len(chosen) % len(BOOKING_CHANNELS)],
            min_notice_hours=0,
            max_advance_days=90,
            closed_on_holidays=True,
            availability=WEEKLY,
        )
        centre.reindexObject()
        chosen.append(centre)
        if len(chosen) % 200 == 0:
            transaction.commit()
            print(f"{len(chosen)} centres take bookings", file=sys.stderr)
    transaction.commit()
    types_seconds = time.perf_counter() - started
    centre = chosen[SLOTS_CENTRE_INDEX]
    appointment_type = centre["termin"]
    now = datetime.now(pytz.utc)
    today = now.astimezone(ZONE).date()
    rules = calendar.rules_for(appointment_type)
    free = list(iter_free_slots(rules, today, today + timedelta(days=55), now, ()))
    rng = random.Random(200)
    for slot in sorted(
        rng.sample(free, min(SLOTS_BOOKINGS, len(free))), key=lambda s: s.start
    ):
        request = booker.Request(
            appointment_type, slot.start, {"title": "Bench", "language": "de"}
        )
        booker.book(centre, request, slot, now)
    transaction.commit()
    return {
        "bookable_centres": len(chosen),
        "booking_setup_seconds": types_seconds,
        "slots_centre": "/".join(centre.getPhysicalPath()[2:]),
        "bookable_paths": ["/".join(c.getPhysicalPath()[2:]) for c in chosen[1:10]],
    }


def main(app, count: int) -> None:
    """``app``: the Zope root with a request, as the system user (the runner's)."""
    if "Plone" not in app.objectIds():
        answers = {
            "site_id": "Plone",
            "title": "Sozialplattform Benchmark",
            "default_language": "de",
            "portal_timezone": "Europe/Berlin",
            "setup_content": False,
        }
        site_api.create(app, "sozialplattform", answers)
        transaction.commit()
    site = app["Plone"]
    setSite(site)
    with tempfile.NamedTemporaryFile(
        "w", suffix=".csv", newline="", delete=False
    ) as handle:
        generated = list(rows(count))
        writer = csv.DictWriter(handle, fieldnames=list(generated[0]))
        writer.writeheader()
        writer.writerows(generated)
    started = time.perf_counter()
    report = import_file(site, handle.name, publish=True, progress_stream=sys.stderr)
    seconds = time.perf_counter() - started
    transaction.commit()
    booking = add_booking(site)
    storage = app._p_jar.db().storage
    unpacked = os.path.getsize(storage.getName())
    app._p_jar.db().pack()
    packed = os.path.getsize(storage.getName())
    print(
        json.dumps(
            {
                "rows": count,
                "seconds": seconds,
                "errors": len(report.errors),
                "size_unpacked_mb": unpacked / 1e6,
                "size_packed_mb": packed / 1e6,
                **booking,
            }
        )
    )


if __name__ == "__main__":
    main(app, int(sys.argv[-1]))  # noqa: F821 - `app` comes from the runner
