"""Finder benchmark: `make bench` (BENCH_ARGS="--centres 20000 --queries 240").

1. Builds (once; cached in var/bench/, keyed by N and a version of the data and the code
   that builds and indexes it; ``--rebuild`` forces a new build) a database with N
   generated centres at real postcodes, through the bulk importer's fast path, and
   reports the indexing time per 1,000 centres and the ZODB size.
2. Starts the instance on that database (real WSGI server) and sends a fixed, seeded mix of
   @finder queries (postcode + radius 10/25/50, with topic, language, channel, q, and
   some with two filters) over HTTP, then the same filters to plain plone.restapi @search
   (no radius). At least 200 queries.
3. Prints p50/p95/max latency of both and the ratio of the p95s.
4. Booking (10 % of the centres take bookings, every State takes part): the same @finder
   mix with ``bookable=true`` against the mix without (target p95 <= 1.5x), ``@slots``
   over 8 weeks of a type with 200 bookings (target p95 <= 20 ms), and ``@book`` from 8
   parallel clients at 8 centres (target p95 <= 150 ms; bookings per second sustained).
5. Written counselling (``scripts/bench_counselling_build.py`` sets it up on each run):
   the seeker's ``GET @messages?since=`` on a conversation with 1,000 messages (target
   p95 <= 20 ms) and 100 seekers polling every 2 s (target p95 <= 100 ms).
   ``--counselling-only`` runs just this part on a small site of its own
   (``var/bench-counselling/``).
"""

from pathlib import Path
import argparse
import hashlib
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.request


ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "var" / "bench"
BIN = ROOT / ".venv" / "bin"
TOPICS = ["schulden", "familie", "sucht", "migration", "psyche", "wohnen", "arbeit"]
LANGUAGES = ["tr", "ar", "ru", "uk", "en"]
CHANNELS = ["video", "chat", "phone", "on_site"]
WORDS = ["beratung", "schuld", "sucht", "familie", "Müttergenesung", "muettergenesung"]
MIN_QUERIES = 200
PACKAGE = ROOT / "src/sozialplattform.site/src/sozialplattform/site"
# what the built database depends on: generator, importer, indexing, catalog, postcodes
VERSION_FILES = (
    ROOT / "scripts/bench_build.py",
    PACKAGE / "bulk/importer.py",
    PACKAGE / "bulk/columns.py",
    PACKAGE / "content/indexers.py",
    PACKAGE / "content/interfaces.py",
    PACKAGE / "profiles/default/catalog.xml",
    PACKAGE / "booking/summary.py",
    PACKAGE / "geo/data/zipcodes.de.csv",
)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def bench_env(port: int, folder: Path = BENCH) -> dict:
    """The environment of a throw-away instance whose files all live in ``folder``."""
    return dict(
        os.environ,
        ZOPE_TARGET=str(folder / "instance"),
        ZOPE_DB_FILESTORAGE_LOCATION=str(folder / "Data.fs"),
        ZOPE_DB_BLOBS_LOCATION=str(folder / "blobs"),
        ZOPE_WSGI_LISTEN=f"127.0.0.1:{port}",
        ZOPE_WSGI_THREADS="2",
        # the bookings' mails stay in the throw-away folder
        ZOPE_MAIL_QUEUE_DIRECTORY=str(folder / "mailqueue"),
        # the @book benchmark books faster than any visitor may
        SOZIALPLATTFORM_RATE_LIMIT_BOOKING="off",
    )


def render(env: dict) -> None:
    subprocess.run(
        [BIN / "python", ROOT / "scripts/instance.py", "render"], env=env, check=True
    )


def files_version(paths) -> str:
    """A short hash of the names and contents of ``paths``."""
    digest = hashlib.sha256()
    for path in paths:
        digest.update(path.name.encode())
        digest.update(path.read_bytes() if path.exists() else b"-")
    return digest.hexdigest()[:12]


def build_version() -> str:
    """A short hash of the files the built database depends on."""
    return files_version(VERSION_FILES)


def build(centres: int, env: dict, rebuild: bool = False) -> dict:
    marker = BENCH / f"built-{centres}-{build_version()}.json"
    if marker.exists() and not rebuild:
        print(f"Using the cached database with {centres} centres ({marker}).")
        return json.loads(marker.read_text())
    for name in ("Data.fs", "Data.fs.index", "Data.fs.lock", "Data.fs.tmp"):
        (BENCH / name).unlink(missing_ok=True)
    for old in BENCH.glob("built-*.json"):
        old.unlink()
    print(f"Building the benchmark database with {centres} centres ...", flush=True)
    started = time.perf_counter()
    result = subprocess.run(
        [
            BIN / "python",
            "-m",
            "sozialplattform.site.maintenance",
            BENCH / "instance/etc/zope.conf",
            "run",
            ROOT / "scripts/bench_build.py",
            str(centres),
        ],
        env=env,
        check=True,
        stdout=subprocess.PIPE,
        text=True,
    )
    figures = json.loads(result.stdout.strip().splitlines()[-1])
    figures["build_seconds"] = time.perf_counter() - started
    marker.write_text(json.dumps(figures))
    return figures


def queries(count: int, seed: int = 4711) -> list[tuple[dict, dict]]:
    """Pairs of (@finder parameters, equivalent @search parameters)."""
    sys.path.insert(0, str(ROOT / "src/sozialplattform.site/src"))
    from sozialplattform.site.geo import all_postcodes

    rng = random.Random(seed)
    postcodes = all_postcodes()
    mix = []
    for number in range(count):
        finder = {"postcode": rng.choice(postcodes), "radius": [10, 25, 50][number % 3]}
        search = {"portal_type": "CounsellingCentre", "review_state": "published"}
        kind = number % 7
        if kind in (1, 5, 6):
            finder["topic"] = search["topics"] = rng.choice(TOPICS)
        if kind in (2, 5):
            finder["language"] = search["languages"] = rng.choice(LANGUAGES)
        if kind in (3, 6):
            finder["channel"] = search["channels"] = rng.choice(CHANNELS)
        if kind == 4:
            word = rng.choice(WORDS)
            finder["q"] = word
            search["SearchableText"] = f"{word}*"
        mix.append((finder, search))
    return mix


def timed_get(url: str) -> float:
    request = urllib.request.Request(url, headers={"Accept": "application/json"})
    started = time.perf_counter()
    with urllib.request.urlopen(request, timeout=60) as response:
        response.read()
        if response.status != 200:
            raise RuntimeError(f"{url}: {response.status}")
    return (time.perf_counter() - started) * 1000


def percentiles(values: list[float]) -> dict:
    ordered = sorted(values)
    return {
        "p50": statistics.median(ordered),
        "p95": ordered[max(0, int(round(0.95 * len(ordered))) - 1)],
        "max": ordered[-1],
    }


def run_queries(base: str, mix) -> tuple[dict, dict]:
    from urllib.parse import urlencode

    for finder, search in mix[:20]:  # warm caches
        timed_get(f"{base}/++api++/@finder?{urlencode(finder)}")
        timed_get(f"{base}/++api++/@search?{urlencode(search)}")
    finder_times = [
        timed_get(f"{base}/++api++/@finder?{urlencode(f)}") for f, _s in mix
    ]
    search_times = [
        timed_get(f"{base}/++api++/@search?{urlencode(s)}") for _f, s in mix
    ]
    return percentiles(finder_times), percentiles(search_times)


def run_bookable(base: str, mix) -> tuple[dict, dict]:
    """The finder mix without and with ``bookable=true``, interleaved."""
    from urllib.parse import urlencode

    plain, bookable = [], []
    for finder, _search in mix:
        plain.append(timed_get(f"{base}/++api++/@finder?{urlencode(finder)}"))
        with_slot = {**finder, "bookable": "true"}
        bookable.append(timed_get(f"{base}/++api++/@finder?{urlencode(with_slot)}"))
    return percentiles(plain), percentiles(bookable)


def run_slots(base: str, centre: str, rounds: int = 100) -> dict:
    """``@slots`` over 8 weeks of the type with 200 bookings."""
    from datetime import date
    from datetime import timedelta

    first = date.today()
    last = first + timedelta(days=55)
    url = f"{base}/{centre}/++api++/@slots?type=termin&start={first}&end={last}"
    for _round in range(10):
        timed_get(url)
    return percentiles([timed_get(url) for _round in range(rounds)])


def post_json(url: str, body: dict) -> tuple[int, float]:
    data = json.dumps(body).encode()
    request = urllib.request.Request(
        url,
        data=data,
        method="POST",
        headers={"Accept": "application/json", "Content-Type": "application/json"},
    )
    started = time.perf_counter()
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            response.read()
            status = response.status
    except urllib.error.HTTPError as error:
        status = error.code
    return status, (time.perf_counter() - started) * 1000


def book_next(base: str, centre: str, count: int) -> list[tuple[int, float]]:
    """Book the centre's next ``count`` free slots one after another."""
    request = urllib.request.Request(
        f"{base}/{centre}/++api++/@slots?type=termin",
        headers={"Accept": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=60) as response:
        slots = json.loads(response.read())["items"][:count]
    body = {
        "type": "termin",
        "name": "Bench",
        "phone": "030 23125 999",
        "consent": True,
    }
    return [
        post_json(f"{base}/{centre}/++api++/@book", {**body, "start": slot["start"]})
        for slot in slots
    ]


def run_book(base: str, centres: list[str], per_client: int = 15) -> dict:
    """``@book`` latency of one client (30 bookings), then 8 clients at 8 centres
    booking their next free slots at once: bookings per second sustained."""
    from concurrent.futures import ThreadPoolExecutor

    single = book_next(base, centres[0], 30)
    started = time.perf_counter()
    with ThreadPoolExecutor(len(centres)) as pool:
        answers = [
            answer
            for answers in pool.map(
                lambda centre: book_next(base, centre, per_client), centres[1:]
            )
            for answer in answers
        ]
    seconds = time.perf_counter() - started
    return {
        **percentiles([ms for _status, ms in single]),
        "count": len(answers),
        "clients": len(centres) - 1,
        "per_second": len(answers) / seconds,
        "parallel_p95": percentiles([ms for _status, ms in answers])["p95"],
        "statuses": sorted({status for status, _ms in single + answers}),
    }


def build_counselling(env: dict, folder: Path = BENCH) -> dict:
    """The counselling benchmark's conversations (fresh on every run): their tokens."""
    result = subprocess.run(
        [
            BIN / "python",
            "-m",
            "sozialplattform.site.maintenance",
            folder / "instance/etc/zope.conf",
            "run",
            ROOT / "scripts/bench_counselling_build.py",
        ],
        env=env,
        check=True,
        stdout=subprocess.PIPE,
        text=True,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def run_counselling(base: str, info: dict, seconds: float = 20.0) -> dict:
    """``GET @messages?since=`` on 1,000 messages; then 100 seekers polling every 2 s."""
    from concurrent.futures import ThreadPoolExecutor
    from urllib.parse import urlencode

    big = info["big"]
    since = {"token": big["token"], "since": big["cursor"] - 1}
    url = f"{base}/++api++/@messages?{urlencode(since)}"
    full = f"{base}/++api++/@messages?{urlencode({'token': big['token']})}"
    for _round in range(20):
        timed_get(url)
    one = percentiles([timed_get(url) for _round in range(200)])
    whole = percentiles([timed_get(full) for _round in range(20)])

    def poll(seeker: dict, offset: float) -> list[float]:
        query = {"token": seeker["token"], "since": seeker["cursor"]}
        poll_url = f"{base}/++api++/@messages?{urlencode(query)}"
        time.sleep(offset)
        times, deadline = [], time.monotonic() + seconds
        while time.monotonic() < deadline:
            started = time.monotonic()
            times.append(timed_get(poll_url))
            time.sleep(max(0.0, 2.0 - (time.monotonic() - started)))
        return times

    seekers = info["seekers"]
    with ThreadPoolExecutor(len(seekers)) as pool:
        offsets = [2.0 * number / len(seekers) for number in range(len(seekers))]
        polled = [t for times in pool.map(poll, seekers, offsets) for t in times]
    return {
        "since": one,
        "whole": whole,
        "polling": {
            **percentiles(polled),
            "count": len(polled),
            "seekers": len(seekers),
        },
    }


def print_counselling(stats: dict) -> None:
    print()
    print(
        "Written counselling (a conversation with 1,000 messages; 100 seekers polling)"
    )
    for name, figures in (
        ("@messages?since= (1 new)", stats["since"]),
        ("@messages (all 1,000)", stats["whole"]),
        ("@messages, 100 polling", stats["polling"]),
    ):
        print(
            f"{name:24} p50 {figures['p50']:6.1f} ms   p95 {figures['p95']:6.1f} ms   "
            f"max {figures['max']:6.1f} ms"
        )
    since, polling = stats["since"]["p95"], stats["polling"]["p95"]
    print(
        f"@messages?since= p95 target <= 20 ms: {'met' if since <= 20 else 'NOT met'}"
    )
    print(
        f"{stats['polling']['seekers']} seekers every 2 s ({stats['polling']['count']} "
        f"requests): p95 target <= 100 ms: {'met' if polling <= 100 else 'NOT met'}"
    )


def counselling_only() -> None:
    """Only the counselling part, on a small site of its own."""
    folder = ROOT / "var" / "bench-counselling"
    folder.mkdir(parents=True, exist_ok=True)
    port = free_port()
    env = bench_env(port, folder)
    render(env)
    info = build_counselling(env, folder)
    server = serve(env, port, folder)
    try:
        stats = run_counselling(f"http://127.0.0.1:{port}/Plone", info)
    finally:
        stop(server)
    print_counselling(stats)


def serve(env: dict, port: int, folder: Path = BENCH) -> subprocess.Popen:
    server = subprocess.Popen(
        [BIN / "runwsgi", folder / "instance/etc/zope.ini"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        try:
            timed_get(f"http://127.0.0.1:{port}/Plone/++api++/")
            return server
        except (urllib.error.URLError, ConnectionError):
            time.sleep(0.5)
    server.kill()
    raise SystemExit("The benchmark instance did not start within 180 s.")


def stop(server: subprocess.Popen) -> None:
    os.killpg(server.pid, 15)
    server.wait(timeout=30)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--centres", type=int, default=20000)
    parser.add_argument(
        "--queries", type=int, default=240, help=f"at least {MIN_QUERIES}"
    )
    parser.add_argument(
        "--rebuild",
        action="store_true",
        help="build the database anew even if a cached one fits",
    )
    parser.add_argument(
        "--counselling-only",
        action="store_true",
        help="only the written counselling's figures, on a small site of its own",
    )
    args = parser.parse_args()
    if args.counselling_only:
        counselling_only()
        return
    if args.queries < MIN_QUERIES:
        parser.error(f"--queries must be at least {MIN_QUERIES}")
    BENCH.mkdir(parents=True, exist_ok=True)
    port = free_port()
    env = bench_env(port)
    render(env)
    figures = build(args.centres, env, rebuild=args.rebuild)
    counselling_info = build_counselling(env)
    size_mb = (BENCH / "Data.fs").stat().st_size / 1e6
    server = serve(env, port)
    base = f"http://127.0.0.1:{port}/Plone"
    try:
        finder, search = run_queries(base, queries(args.queries))
        plain, bookable = run_bookable(base, queries(args.queries, seed=815))
        slots = run_slots(base, figures["slots_centre"])
        book = run_book(base, figures["bookable_paths"])
        counselling = run_counselling(base, counselling_info)
    finally:
        stop(server)
    per_thousand = figures["seconds"] / figures["rows"] * 1000
    print()
    print(f"Centres: {figures['rows']} (import errors: {figures['errors']})")
    print(
        f"Import + indexing: {figures['seconds']:.0f} s, {per_thousand:.1f} s per 1,000 centres"
    )
    if "size_packed_mb" in figures:
        print(
            f"ZODB size: {figures['size_unpacked_mb']:.0f} MB after the import, "
            f"{figures['size_packed_mb']:.0f} MB packed"
        )
    else:
        print(f"ZODB size: {size_mb:.0f} MB")
    print(f"Queries: {args.queries} over HTTP, after 20 warm-up requests each")
    for name, stats in (
        ("@finder (with facets)", finder),
        ("@search (no radius)", search),
    ):
        print(
            f"{name:24} p50 {stats['p50']:6.1f} ms   p95 {stats['p95']:6.1f} ms   "
            f"max {stats['max']:6.1f} ms"
        )
    print(
        f"p95 ratio @finder / @search: {finder['p95'] / search['p95']:.2f} (target <= 1.5)"
    )
    print(f"@finder p95 target <= 50 ms: {'met' if finder['p95'] <= 50 else 'NOT met'}")
    print()
    print(
        f"Booking: {figures['bookable_centres']} centres take bookings "
        f"(set up in {figures['booking_setup_seconds']:.0f} s)"
    )
    for name, stats in (
        ("@finder", plain),
        ("@finder?bookable=true", bookable),
        ("@slots (8 weeks, 200 b.)", slots),
        ("@book (one client)", book),
    ):
        print(
            f"{name:24} p50 {stats['p50']:6.1f} ms   p95 {stats['p95']:6.1f} ms   "
            f"max {stats['max']:6.1f} ms"
        )
    ratio = bookable["p95"] / plain["p95"]
    print(f"p95 ratio bookable / plain: {ratio:.2f} (target <= 1.5)")
    print(f"@slots p95 target <= 20 ms: {'met' if slots['p95'] <= 20 else 'NOT met'}")
    print(f"@book p95 target <= 150 ms: {'met' if book['p95'] <= 150 else 'NOT met'}")
    print(
        f"@book from {book['clients']} parallel clients: {book['count']} bookings, "
        f"{book['per_second']:.1f} per second sustained (p95 {book['parallel_p95']:.0f} "
        f"ms while queued), answers {book['statuses']}"
    )
    print_counselling(counselling)


if __name__ == "__main__":
    main()
