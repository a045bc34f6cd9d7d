"""Page-weight benchmark: `make bench-pages` (BENCH_ARGS="--rebuild --json").

1. Creates (once; cached in var/bench-pages/, keyed by a hash of the profiles, the
   distribution and the setup code; ``--rebuild`` forces it) a small site from the
   distribution with its example content, as `make create-site` does.
2. Starts a throw-away instance on it (the rendered zope.ini, so with the WSGI pipeline
   an operator gets) and drives Debian's Chromium through Playwright. The DevTools protocol
   throttles it to a slow phone: 1.6 Mbit/s down, 750 kbit/s up, 150 ms round trip,
   4x CPU slowdown, a 390 x 844 viewport.
3. Prints per page (front page, a finder result page, a centre page) the bytes on the wire
   and the requests of a first visit with an empty cache, the load-event time, the bytes of a
   repeat visit with the cache of the first, and whether the targets of issue 11 are met.

The figures are noisy on a busy machine (CPU throttling multiplies any contention).
"""

from bench import bench_env
from bench import BIN
from bench import files_version
from bench import free_port
from bench import PACKAGE
from bench import render
from bench import ROOT
from bench import serve
from bench import stop
import argparse
import json
import subprocess
import urllib.request


FOLDER = ROOT / "var" / "bench-pages"
SITE = "Plone"
# Issue 11: "Fast on a cheap phone"
SLOW_PHONE = {
    "offline": False,
    "latency": 150,  # ms round trip
    "downloadThroughput": 1_600_000 / 8,  # bytes per second
    "uploadThroughput": 750_000 / 8,
}
CPU_SLOWDOWN = 4
VIEWPORT = {"width": 390, "height": 844}
TARGETS = {"first_kb": 350, "load_s": 3.0, "repeat_kb": 30}
# what the created site depends on
SITE_SOURCES = ("profiles", "distributions", "setuphandlers.py", "sitecontent.py")


def site_version() -> str:
    paths = []
    for name in SITE_SOURCES:
        source = PACKAGE / name
        paths.extend(
            sorted(
                p
                for p in source.rglob("*")
                if p.is_file() and "__pycache__" not in p.parts
            )
            if source.is_dir()
            else [source]
        )
    return files_version(paths)


def create_site(env: dict, rebuild: bool = False) -> None:
    marker = FOLDER / f"site-{site_version()}"
    if marker.exists() and not rebuild:
        print(f"Using the cached site ({marker}).")
        return
    for name in ("Data.fs", "Data.fs.index", "Data.fs.lock", "Data.fs.tmp"):
        (FOLDER / name).unlink(missing_ok=True)
    for old in FOLDER.glob("site-*"):
        old.unlink()
    print("Creating the benchmark site with the example content ...", flush=True)
    subprocess.run(
        [
            BIN / "zconsole",
            "run",
            FOLDER / "instance/etc/zope.conf",
            ROOT / "scripts/create_site.py",
        ],
        env={**env, "SITE_ID": SITE, "SETUP_CONTENT": "1"},
        check=True,
        stdout=subprocess.DEVNULL,
    )
    marker.touch()


def centre_url(base: str) -> str | None:
    request = urllib.request.Request(
        f"{base}/++api++/@search?portal_type=CounsellingCentre&review_state=published"
        "&sort_on=sortable_title&b_size=1",
        headers={"Accept": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=60) as response:
        items = json.load(response)["items"]
    return items[0]["@id"] if items else None


class Visit:
    """Bytes and requests of one navigation, counted from DevTools network events."""

    def __init__(self, cdp):
        self.requests = 0
        self.bytes = 0
        self.from_cache = 0
        self.urls = {}
        self.sizes = {}
        cdp.on("Network.requestWillBeSent", self._sent)
        cdp.on("Network.requestServedFromCache", self._cached)
        cdp.on("Network.loadingFinished", self._finished)

    def _sent(self, event):
        if not event["request"]["url"].startswith("data:"):
            self.requests += 1
            self.urls[event["requestId"]] = event["request"]["url"]

    def _cached(self, event):
        self.from_cache += 1

    def _finished(self, event):
        size = event.get("encodedDataLength", 0)
        self.bytes += size
        url = self.urls.get(event["requestId"])
        if url:
            self.sizes[url] = self.sizes.get(url, 0) + size

    def reset(self):
        self.requests = self.bytes = self.from_cache = 0
        self.urls, self.sizes = {}, {}


def measure(browser, url: str) -> dict:
    """A first visit with an empty cache, then a repeat visit with that cache."""
    context = browser.new_context(locale="de-DE", viewport=VIEWPORT)
    try:
        page = context.new_page()
        cdp = context.new_cdp_session(page)
        cdp.send("Network.enable")
        cdp.send("Network.emulateNetworkConditions", SLOW_PHONE)
        cdp.send("Emulation.setCPUThrottlingRate", {"rate": CPU_SLOWDOWN})
        visit = Visit(cdp)
        response = page.goto(url, wait_until="load", timeout=120_000)
        if response is None or response.status != 200:
            raise SystemExit(f"{url}: {response.status if response else 'no response'}")
        load_ms = page.evaluate(
            "performance.getEntriesByType('navigation')[0].loadEventEnd"
        )
        page.wait_for_load_state("networkidle")
        first = {"bytes": visit.bytes, "requests": visit.requests, "sizes": visit.sizes}
        visit.reset()
        page.goto("about:blank")
        page.goto(url, wait_until="load", timeout=120_000)
        page.wait_for_load_state("networkidle")
        repeat = {
            "bytes": visit.bytes,
            "requests": visit.requests,
            "from_cache": visit.from_cache,
            "sizes": visit.sizes,
        }
        return {"url": url, "first": first, "load_ms": load_ms, "repeat": repeat}
    finally:
        context.close()


def verdict(result: dict) -> dict:
    return {
        "first": result["first"]["bytes"] / 1000 <= TARGETS["first_kb"],
        "load": result["load_ms"] / 1000 <= TARGETS["load_s"],
        "repeat": result["repeat"]["bytes"] / 1000 <= TARGETS["repeat_kb"],
    }


def report(results: dict) -> None:
    print()
    print(
        "Slow phone: 1.6 Mbit/s down, 750 kbit/s up, 150 ms RTT, "
        f"{CPU_SLOWDOWN}x CPU, {VIEWPORT['width']}x{VIEWPORT['height']}"
    )
    print(
        f"Targets: first visit <= {TARGETS['first_kb']} KB, load <= {TARGETS['load_s']} s, "
        f"repeat visit <= {TARGETS['repeat_kb']} KB"
    )
    print(f"{'page':8} {'first visit':>20} {'load':>8} {'repeat visit':>22}   targets")
    for name, result in results.items():
        met = verdict(result)
        first, repeat = result["first"], result["repeat"]
        status = ", ".join(
            f"{key} {'met' if ok else 'NOT met'}" for key, ok in met.items()
        )
        print(
            f"{name:8} {first['bytes'] / 1000:8.1f} KB {first['requests']:3d} req "
            f"{result['load_ms'] / 1000:6.2f} s "
            f"{repeat['bytes'] / 1000:8.1f} KB {repeat['requests']:3d} req   {status}"
        )
    print()
    for name, result in results.items():
        print(f"{name:8} {result['url']}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--rebuild", action="store_true", help="create the site anew even if cached"
    )
    parser.add_argument(
        "--json", action="store_true", help="also print the figures as JSON"
    )
    parser.add_argument(
        "--details",
        action="store_true",
        help="list every request of the first visit with its bytes",
    )
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright
    from sozialplattform.site.testing import CHROMIUM_ARGS
    from sozialplattform.site.testing import CHROMIUM_PATH

    FOLDER.mkdir(parents=True, exist_ok=True)
    port = free_port()
    env = bench_env(port, FOLDER)
    render(env)
    create_site(env, rebuild=args.rebuild)
    server = serve(env, port, FOLDER)
    # localhost, not 127.0.0.1: plone.app.theming leaves 127.0.0.1 unthemed (its
    # hostname blacklist), and visitors get the theme
    base = f"http://localhost:{port}/{SITE}"
    try:
        pages = {
            "front": base,
            "finder": f"{base}/@@finder?postcode=10115&radius=25",
        }
        centre = centre_url(base)
        if centre:
            pages["centre"] = centre
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=CHROMIUM_PATH, args=CHROMIUM_ARGS, headless=True
            )
            try:
                for url in pages.values():  # warm the server's caches
                    urllib.request.urlopen(url, timeout=60).read()
                results = {name: measure(browser, url) for name, url in pages.items()}
            finally:
                browser.close()
    finally:
        stop(server)
    report(results)
    if args.details:
        for name, result in results.items():
            print(f"\n{name}: first visit, bytes per request")
            for url, size in sorted(
                result["first"]["sizes"].items(), key=lambda i: -i[1]
            ):
                print(f"{size / 1000:8.1f} KB  {url.replace(base, '') or '/'}")
    if args.json:
        print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
