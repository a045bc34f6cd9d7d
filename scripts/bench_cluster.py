"""Cluster benchmark: `make bench-cluster` (BENCH_ARGS="--centres 2000 --seconds 4").

1. Starts a throw-away cluster (sozialplattform.site.cluster.run): PostgreSQL, the site,
   two instances on RelStorage, HAProxy, Varnish in front of HAProxy and a second Varnish
   in front of instance 1 alone; imports N generated centres (scripts/bench_build.rows)
   with ``make import`` while it serves.
2. Anonymous finder load (a fixed, seeded mix of @finder queries, JSON, the same mix as
   ``make bench``) from a bounded thread load generator (one keep-alive connection per
   client, no think time) at 1, 2, 4, 8, 16 clients against: instance 1 alone, HAProxy
   over two instances, Varnish in front of one and of two instances. Per step: requests
   per second and p50/p95; the figure is the highest rate with p95 < 200 ms.
3. The instances' CPU time per request (utime + stime from /proc, uncached requests), from
   which the cores and instances needed for 1,000 req/s follow; Varnish's CPU per request.
4. Booking throughput: 8 clients booking distinct slots at 8 centres for ``--seconds``,
   against instance 1 alone and against HAProxy over both.

Everything runs on this machine: the load generator competes with the instances for the
same cores, so the figures are a lower bound of what the instances can do.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
import argparse
import csv
import http.client
import json
import math
import os
import random
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse


ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
CLIENT_STEPS = (1, 2, 4, 8, 16)
P95_LIMIT_MS = 200.0
TARGET_RPS = 1000
#: an instance is one Python process (the GIL): at most one core; plan with 75 % of it
INSTANCE_UTILISATION = 0.75


def finder_paths(count: int, distinct: int, seed: int = 4711) -> list[str]:
    """``count`` @finder URLs drawn from ``distinct`` queries (popular ones more often)."""
    from bench import queries

    mix = [finder for finder, _search in queries(distinct, seed=seed)]
    rng = random.Random(seed)
    weights = [1 / (rank + 1) for rank in range(len(mix))]  # Zipf-like popularity
    chosen = rng.choices(mix, weights=weights, k=count)
    return [
        "/Plone/++api++/@finder?" + urllib.parse.urlencode(params) for params in chosen
    ]


def cpu_seconds(pids: list[int]) -> float:
    """utime + stime of the processes (and their threads) in seconds."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])
    return total / ticks


def process_tree(pid: int) -> list[int]:
    """``pid`` and its descendants (runwsgi may fork nothing, varnishd forks a child)."""
    result = [pid]
    for child in Path("/proc").iterdir():
        if not child.name.isdigit():
            continue
        try:
            stat = (child / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(stat[1]) in result:
            result.append(int(child.name))
    return result


def load(base: str, paths: list[str], clients: int, seconds: float) -> dict:
    """``clients`` threads request ``paths`` round robin for ``seconds``."""
    url = urllib.parse.urlsplit(base)
    latencies: list[float] = []
    errors = [0]
    hits = [0]
    lock = threading.Lock()
    deadline = time.monotonic() + seconds
    headers = {"Accept": "application/json", "Accept-Encoding": "gzip"}

    def client(n: int) -> None:
        connection = http.client.HTTPConnection(url.hostname, url.port, timeout=60)
        mine: list[float] = []
        index = n * 7919
        while time.monotonic() < deadline:
            path = paths[index % len(paths)]
            index += 1
            started = time.perf_counter()
            try:
                connection.request("GET", path, headers=headers)
                response = connection.getresponse()
                response.read()
            except (OSError, http.client.HTTPException):
                connection.close()
                connection = http.client.HTTPConnection(
                    url.hostname, url.port, timeout=60
                )
                with lock:
                    errors[0] += 1
                continue
            mine.append((time.perf_counter() - started) * 1000)
            with lock:
                if response.status != 200:
                    errors[0] += 1
                if response.getheader("X-Cache") == "HIT":
                    hits[0] += 1
        connection.close()
        with lock:
            latencies.extend(mine)

    started = time.monotonic()
    with ThreadPoolExecutor(max_workers=clients) as pool:
        list(pool.map(client, range(clients)))
    elapsed = time.monotonic() - started
    latencies.sort()
    count = len(latencies)
    return {
        "clients": clients,
        "requests": count,
        "rps": count / elapsed if elapsed else 0.0,
        "p50": statistics.median(latencies) if latencies else math.inf,
        "p95": latencies[int(0.95 * (count - 1))] if latencies else math.inf,
        "errors": errors[0],
        "hit_ratio": hits[0] / count if count else 0.0,
    }


def sweep(name: str, base: str, paths: list[str], seconds: float, pids) -> dict:
    """Every client step; the best rate with p95 below the limit; CPU per request."""
    load(base, paths[:50], 2, 1.0)  # warm the connections and caches a little
    steps = []
    for clients in CLIENT_STEPS:
        before = cpu_seconds(pids())
        step = load(base, paths, clients, seconds)
        step["cpu_ms"] = (
            (cpu_seconds(pids()) - before) * 1000 / step["requests"]
            if step["requests"]
            else math.nan
        )
        steps.append(step)
        print(
            f"  {name:<28} {clients:>2} clients: {step['rps']:7.1f} req/s  "
            f"p50 {step['p50']:6.1f} ms  p95 {step['p95']:6.1f} ms  "
            f"cpu {step['cpu_ms']:6.2f} ms/req  hits {step['hit_ratio']:4.0%}"
            f"{'  errors ' + str(step['errors']) if step['errors'] else ''}",
            flush=True,
        )
    good = [s for s in steps if s["p95"] < P95_LIMIT_MS and not s["errors"]]
    best = max(good, key=lambda s: s["rps"]) if good else None
    return {"name": name, "steps": steps, "best": best}


def import_centres(cluster, count: int) -> float:
    from bench_build import rows

    generated = list(rows(count))
    with tempfile.NamedTemporaryFile(
        "w", suffix=".csv", newline="", delete=False, dir=cluster.var
    ) as handle:
        writer = csv.DictWriter(handle, fieldnames=list(generated[0]))
        writer.writeheader()
        writer.writerows(generated)
    started = time.monotonic()
    result = subprocess.run(
        ["make", "import", f"FILE={handle.name}", "PUBLISH=1", "PROFILE=relstorage"],
        cwd=cluster.root,
        env=cluster.environment(cluster.members[0]),
        capture_output=True,
        text=True,
        timeout=3600,
        check=False,
    )
    if result.returncode:
        raise SystemExit(f"make import failed:\n{result.stdout[-2000:]}{result.stderr}")
    return time.monotonic() - started


def booking_throughput(base: str, setups: list[tuple[str, str]], seconds: float):
    """8 clients, each on its own centre, booking free slots for ``seconds``."""
    from sozialplattform.site.cluster.chaos import _request
    from sozialplattform.site.cluster.chaos import free_slots

    counts = []
    latencies: list[float] = []
    lock = threading.Lock()
    deadline = time.monotonic() + seconds

    def client(setup) -> None:
        centre, type_id = setup
        slots = free_slots(base, centre, type_id, days=40)
        booked = 0
        for start in slots:
            if time.monotonic() >= deadline:
                break
            began = time.perf_counter()
            status, _body = _request(
                "POST",
                f"{base}/{centre}/++api++/@book",
                {
                    "type": type_id,
                    "start": start,
                    "name": "Bench",
                    "email": "bench@example.org",
                    "consent": True,
                },
            )
            with lock:
                latencies.append((time.perf_counter() - began) * 1000)
            booked += status == 201
        with lock:
            counts.append(booked)

    started = time.monotonic()
    with ThreadPoolExecutor(max_workers=len(setups)) as pool:
        list(pool.map(client, setups))
    elapsed = time.monotonic() - started
    latencies.sort()
    return {
        "bookings": sum(counts),
        "per_second": sum(counts) / elapsed,
        "p95": latencies[int(0.95 * (len(latencies) - 1))] if latencies else math.inf,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--centres", type=int, default=2000)
    parser.add_argument("--seconds", type=float, default=4.0)
    parser.add_argument("--distinct", type=int, default=300, help="distinct queries")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()

    from sozialplattform.site.cluster.chaos import bookable_centre
    from sozialplattform.site.cluster.chaos import ENVIRON
    from sozialplattform.site.cluster.run import Cluster
    from sozialplattform.site.cluster.run import varnish_vcl

    def free_ports(count):
        from sozialplattform.site.testing import consecutive_free_ports

        return consecutive_free_ports(count)

    first = free_ports(5)
    var = Path(tempfile.mkdtemp(prefix="sozialplattform-bench-cluster-"))
    cluster = Cluster(
        root=ROOT,
        instances=2,
        port=first,
        first_port=first + 1,
        var=var,
        environ=dict(ENVIRON),
        setup_content=False,
        varnish_port=first + 3,
        say=lambda *a: print(*a, flush=True),
    )
    single_varnish = None
    started = time.monotonic()
    try:
        cluster.start()
        print(f"Cluster up in {time.monotonic() - started:.0f} s", flush=True)
        seconds = import_centres(cluster, args.centres)
        print(f"{args.centres} centres imported in {seconds:.0f} s", flush=True)
        # a second Varnish in front of instance 1 alone
        vcl = var / "varnish-1.vcl"
        vcl.write_text(varnish_vcl(cluster.members[0].port))
        (var / "varnish-1").mkdir()
        single_varnish = cluster._spawn(
            [
                "/usr/sbin/varnishd",
                "-F",
                "-j",
                "none",
                "-a",
                f"127.0.0.1:{first + 4}",
                "-f",
                str(vcl),
                "-n",
                str(var / "varnish-1"),
                "-s",
                "malloc,128m",
                "-T",
                "none",
            ],
            var / "varnish-1.log",
            os.environ,
        )
        cluster.wait_until_healthy(
            f"http://127.0.0.1:{first + 4}/Plone/@@ok", single_varnish
        )

        def instance_pids(members):
            return lambda: [pid for m in members for pid in process_tree(m.process.pid)]

        def with_varnish(process, members):
            return lambda: instance_pids(members)() + process_tree(process.pid)

        # both instances warm (RelStorage cache, catalog) before anything is measured,
        # with queries of their own
        warm = finder_paths(600, 600, seed=3)
        for member in cluster.members:
            load(member.url, warm, 2, 5.0)
        uncached = finder_paths(4000, 4000, seed=1)  # (nearly) every request distinct
        cached = finder_paths(4000, args.distinct, seed=2)
        one, both = cluster.members[0], cluster.members
        print("Anonymous @finder (JSON), p95 limit 200 ms:", flush=True)
        results = [
            sweep("1 instance", one.url, uncached, args.seconds, instance_pids([one])),
            sweep(
                "2 instances (HAProxy)",
                cluster_url(cluster.port),
                uncached[2000:] + uncached[:2000],
                args.seconds,
                instance_pids(both),
            ),
            sweep(
                "Varnish + 1 instance",
                cluster_url(first + 4),
                cached,
                args.seconds,
                with_varnish(single_varnish, [one]),
            ),
            sweep(
                "Varnish + 2 instances",
                cluster_url(cluster.varnish_port),
                cached,
                args.seconds,
                with_varnish(cluster.varnish, both),
            ),
        ]
        # one centre per client (no two clients on one slot)
        setups = [bookable_centre(one.url) for _n in range(16)]
        booking = {
            "1 instance": booking_throughput(one.url, setups[:8], args.seconds),
            "2 instances (HAProxy)": booking_throughput(
                cluster_url(cluster.port), setups[8:], args.seconds
            ),
        }
    finally:
        if single_varnish is not None:
            from sozialplattform.site.cluster.run import _terminate

            _terminate(single_varnish)
        cluster.stop()
        import shutil

        shutil.rmtree(var, ignore_errors=True)
    report(results, booking, args)


def cluster_url(port: int) -> str:
    return f"http://127.0.0.1:{port}"


def report(results, booking, args) -> None:
    print()
    print(f"== make bench-cluster ({os.cpu_count()} cores, load generator on them) ==")
    best = {}
    for result in results:
        step = result["best"]
        best[result["name"]] = step
        if step:
            print(
                f"{result['name']:<24} {step['rps']:7.1f} req/s at p95 "
                f"{step['p95']:.0f} ms ({step['clients']} clients)"
            )
        else:
            print(f"{result['name']:<24} no step with p95 < {P95_LIMIT_MS:.0f} ms")
    one, two = best.get("1 instance"), best.get("2 instances (HAProxy)")
    if one and two:
        print(
            f"scaling 2 vs 1 instance: {two['rps'] / one['rps']:.2f}x (bounded by the "
            f"{os.cpu_count()} cores the instances share with the load generator)"
        )
    cpu = [
        s["cpu_ms"]
        for r in results[:2]
        for s in r["steps"]
        if s["requests"] and not math.isnan(s["cpu_ms"])
    ]
    if cpu:
        per_request = statistics.median(cpu)
        cores = TARGET_RPS * per_request / 1000
        instances = math.ceil(cores / INSTANCE_UTILISATION)
        print(
            f"instance CPU per uncached @finder request: {per_request:.1f} ms -> "
            f"{TARGET_RPS} req/s need {cores:.1f} cores, i.e. {instances} instances "
            f"at {INSTANCE_UTILISATION:.0%} of one core each (without a cache)"
        )
    cached = results[3]["best"]
    if cached:
        hit = cached["hit_ratio"]
        print(
            f"with Varnish ({hit:.0%} hits, {args.distinct} distinct queries): "
            f"{cached['cpu_ms']:.2f} ms CPU per request (instances + Varnish); "
            f"{TARGET_RPS} req/s need {TARGET_RPS * cached['cpu_ms'] / 1000:.2f} cores"
        )
    for name, figures in booking.items():
        print(
            f"booking, 8 clients, {name:<22} {figures['per_second']:5.1f} bookings/s "
            f"(p95 {figures['p95']:.0f} ms, {figures['bookings']} bookings)"
        )
    if args.json:
        print(json.dumps({"finder": results, "booking": booking}, default=str))


if __name__ == "__main__":
    main()
