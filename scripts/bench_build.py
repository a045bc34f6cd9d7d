"""Build the finder benchmark's database: a site with N generated, published centres.

Run by scripts/bench.py through the maintenance runner:
`python -m sozialplattform.site.maintenance <bench zope.conf> run scripts/bench_build.py N`.
Centres get real postcodes spread over all states (seeded, so every build is the same) and
are imported through the bulk importer's fast path. Prints the figures as JSON on the last
line.
"""

from plone.distribution.api import site as site_api
from sozialplattform.site.bulk.columns import LIST_SEPARATOR
from sozialplattform.site.bulk.importer import import_file
from sozialplattform.site.geo import all_postcodes
from sozialplattform.site.geo import lookup
from zope.component.hooks import setSite
import csv
import json
import os
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
            }
        )
    )


if __name__ == "__main__":
    main(app, int(sys.argv[-1]))  # noqa: F821 - `app` comes from the runner
