"""Benchmark of the bulk import on a throw-away site.

    .venv/bin/python scripts/bench_import.py --rows 2000 [--publish] [--versions]

Starts Zope on a temporary FileStorage, creates a site from the `sozialplattform`
distribution (without example content), writes N valid rows at real postcodes spread over
all states to a CSV file and imports it exactly as `make import` does. Prints rows/s, the
total time and the time per 1,000 rows. The temporary directory is removed afterwards
(--keep keeps it).
"""

from pathlib import Path
import argparse
import csv
import os
import random
import shutil
import sys
import tempfile
import time


TOPICS = ["schulden", "arbeit", "wohnen", "familie", "sucht", "psyche", "migration"]
GROUPS = ["kinder", "jugendliche", "eltern", "familien", "frauen", "senioren"]
LANGUAGES = ["de", "en", "tr", "ar", "ru", "uk"]
CHANNELS = ["on_site", "phone", "video", "chat", "email"]
CARRIERS = ["Caritas", "Diakonie", "AWO", "DRK", "Paritätischer", "Stadt"]
KINDS = ["Schuldnerberatung", "Familienberatung", "Suchtberatung", "Migrationsberatung"]

SITE_ZCML = """<configure xmlns="http://namespaces.zope.org/zope"
    xmlns:five="http://namespaces.zope.org/five">
  <include package="Zope2.App" />
  <five:loadProducts file="meta.zcml" />
  <five:loadProducts />
  <five:loadProductsOverrides />
</configure>
"""

ZOPE_CONF = """%define INSTANCEHOME {home}
instancehome $INSTANCEHOME
%define CLIENTHOME {home}
clienthome $CLIENTHOME
debug-mode off
security-policy-implementation C
default-zpublisher-encoding utf-8
<environment>
  CHAMELEON_CACHE {home}/cache
  zope_i18n_compile_mo_files true
</environment>
<zodb_db main>
  cache-size 30000
  <filestorage>
    path {home}/Data.fs
    blob-dir {home}/blobs
  </filestorage>
  mount-point /
</zodb_db>
"""


def postcodes_by_state() -> dict[str, list[str]]:
    """Real postcodes of every state (by their main state)."""
    from sozialplattform.site.geo import all_postcodes
    from sozialplattform.site.geo import lookup

    by_state: dict[str, list[str]] = {}
    for postcode in all_postcodes():
        info = lookup(postcode)
        if info is not None and info.state_id:
            by_state.setdefault(info.state_id, []).append(postcode)
    return by_state


def generate_rows(count: int, seed: int = 1) -> list[dict[str, str]]:
    """``count`` valid CSV rows, round robin over the 16 states, all columns filled."""
    from sozialplattform.site.geo import lookup

    rng = random.Random(seed)
    by_state = postcodes_by_state()
    states = sorted(by_state)
    rows = []
    for number in range(1, count + 1):
        postcode = rng.choice(by_state[states[number % len(states)]])
        info = lookup(postcode)
        city = info.places[0] if info.places else "Ort"
        kind = KINDS[number % len(KINDS)]
        rows.append(
            {
                "external_id": f"BENCH-{number:06d}",
                "title": f"{kind} {city} {number}",
                "description": f"{kind} für Menschen in {city} und Umgebung.",
                "carrier": f"{rng.choice(CARRIERS)} {city} e. V.",
                "street": f"Hauptstraße {number % 200 + 1}",
                "postcode": postcode,
                "city": city,
                "phone": f"+49 30 {number:07d}",
                "email": f"beratung{number}@example.org",
                "website": f"https://beratung-{number}.example.org",
                "opening_hours": "Mo 09:00-12:00; Di 14:00-18:00; Do 09:00-16:00",
                "opening_hours_note": "Termine nach Vereinbarung.",
                "topics": "|".join(rng.sample(TOPICS, 2)),
                "target_groups": "|".join(rng.sample(GROUPS, 2)),
                "languages": "|".join(["de", *rng.sample(LANGUAGES[1:], 1)]),
                "channels": "|".join(rng.sample(CHANNELS, 2)),
                "accessible": rng.choice(["ja", "nein"]),
                "free_of_charge": "ja",
                "anonymous": rng.choice(["x", ""]),
                "nationwide": "nein",
                "text": f"Wir beraten vertraulich.\n\n{kind} in {city}: "
                "Bitte bringen Sie Ihre Unterlagen mit.",
            }
        )
    return rows


def write_csv(rows: list[dict[str, str]], path: Path) -> None:
    with path.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.DictWriter(stream, fieldnames=list(rows[0]), delimiter=";")
        writer.writeheader()
        writer.writerows(rows)


def start_zope(home: Path):
    """Zope on a FileStorage in ``home``; returns the application root."""
    (home / "etc").mkdir(parents=True)
    (home / "cache").mkdir()
    (home / "etc" / "site.zcml").write_text(SITE_ZCML)
    (home / "etc" / "zope.conf").write_text(ZOPE_CONF.format(home=home))
    from AccessControl.SecurityManagement import newSecurityManager
    from AccessControl.SpecialUsers import system
    from sozialplattform.site.maintenance import open_app

    app = open_app(str(home / "etc" / "zope.conf"))
    newSecurityManager(None, system)  # for the rest of this process
    return app


def create_site(app):
    from plone.distribution.api import site as site_api
    from zope.component.hooks import setSite
    import transaction

    answers = {
        "site_id": "Plone",
        "title": "Sozialplattform",
        "description": "",
        "default_language": "de",
        "portal_timezone": "Europe/Berlin",
        "setup_content": False,
    }
    site = site_api.create(app, "sozialplattform", answers)
    setSite(site)
    transaction.commit()
    return site


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=2000)
    parser.add_argument("--batch-size", type=int, default=500)
    parser.add_argument("--publish", action="store_true")
    parser.add_argument("--versions", action="store_true")
    parser.add_argument(
        "--keep", action="store_true", help="keep the temporary directory"
    )
    options = parser.parse_args(argv)

    home = Path(tempfile.mkdtemp(prefix="bench-import-"))
    try:
        started = time.perf_counter()
        app = start_zope(home)
        site = create_site(app)
        print(f"Site created in {time.perf_counter() - started:.1f} s ({home}).")
        path = home / "centres.csv"
        write_csv(generate_rows(options.rows), path)

        from sozialplattform.site.bulk.importer import import_file

        started = time.perf_counter()
        report = import_file(
            site,
            path,
            publish=options.publish,
            versions=options.versions,
            batch_size=options.batch_size,
            progress_stream=sys.stderr,
        )
        elapsed = time.perf_counter() - started
        print(report.lines("en")[-1])
        flags = ", ".join(
            name for name in ("publish", "versions") if getattr(options, name)
        )
        print(
            f"{options.rows} rows{f' ({flags})' if flags else ''}: {elapsed:.1f} s, "
            f"{options.rows / elapsed:.1f} rows/s, "
            f"{elapsed / options.rows * 1000:.1f} s per 1,000 rows; "
            f"Data.fs {os.path.getsize(home / 'Data.fs') / 2**20:.0f} MiB"
        )
        return 1 if report.failed else 0
    finally:
        if options.keep:
            print(f"Kept {home}")
        else:
            shutil.rmtree(home, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
