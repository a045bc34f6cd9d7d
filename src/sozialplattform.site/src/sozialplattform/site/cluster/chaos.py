"""``make chaos``: SIGKILL an instance in the middle of a booking load, then check the data.

``interrupted_booking_load(cluster, member, ...)`` against a running cluster:

1. a published centre in Berlin that takes bookings, with an appointment type of capacity 1
   (so a slot booked twice would show), created through the REST API as admin;
2. ``clients`` threads book distinct free slots on ``member`` one after another, each
   recording the answer (201 with the booking's UID, 409, or no answer at all);
3. after ``kill_after`` answers with 201 the instance's process group gets SIGKILL: no
   clean shut-down, transactions in flight are cut off wherever they are;
4. the instance is started again on the same database and must open it;
5. checked as admin through the restarted instance: every booking answered 201 exists
   (and is readable), none twice (no slot holds more than its capacity, no UID twice),
   not more bookings than requests were sent; for FileStorage, after a clean stop,
   ``fstest`` reads every transaction of ``Data.fs`` without error.

Run it for operators with ``make chaos`` (both storages, each on a throw-away site: a
temporary FileStorage and a throw-away PostgreSQL; never against production). The test
``tests/test_cluster/test_chaos.py`` runs the same.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from dataclasses import field
from datetime import date
from datetime import datetime
from datetime import timedelta
from pathlib import Path
from sozialplattform.site.cluster.run import Cluster
from sozialplattform.site.cluster.run import ClusterError
from zoneinfo import ZoneInfo
import json
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
import uuid


AUTH = ("admin", "admin")
STATE = "Plone/++api++/beratungsstellen/berlin"
ALL_DAY = [
    {"day": day, "start": "08:00", "end": "18:00"}
    for day in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
]
#: no rate limit and no form delay for the load's many requests from one address
ENVIRON = {
    "SOZIALPLATTFORM_RATE_LIMIT_BOOKING": "off",
    "SOZIALPLATTFORM_RATE_LIMIT_ONBOARDING": "off",
    "SOZIALPLATTFORM_RATE_LIMIT_CONVERSATION": "off",
    "SOZIALPLATTFORM_FORM_MIN_SECONDS": "0",
}


class ChaosError(AssertionError):
    """The data after the kill is not what the answers before it promised."""


@dataclass
class ChaosResult:
    storage: str
    sent: int = 0
    created: list[str] = field(default_factory=list)  # UIDs answered 201
    conflicts: int = 0
    no_answer: int = 0
    other: list[str] = field(default_factory=list)
    found: int = 0  # bookings in the database after the restart
    restart_seconds: float = 0.0
    problems: list[str] = field(default_factory=list)

    def summary(self) -> str:
        return (
            f"{self.storage}: {self.sent} booking requests, {len(self.created)} answered "
            f"201, {self.conflicts} 409, {self.no_answer} without answer (SIGKILL), "
            f"{len(self.other)} other; after the restart ({self.restart_seconds:.1f} s) "
            f"{self.found} bookings in the database, every 201 among them, none twice"
            if not self.problems
            else f"{self.storage}: FAILED: " + "; ".join(self.problems)
        )


def _request(method: str, url: str, body=None, auth=None, timeout: float = 60):
    """(status, parsed JSON or text); status 0 when there was no answer at all."""
    import base64

    data = json.dumps(body).encode("utf-8") if body is not None else None
    request = urllib.request.Request(url, data=data, method=method)
    request.add_header("Accept", "application/json")
    if data is not None:
        request.add_header("Content-Type", "application/json")
    if auth:
        token = base64.b64encode(f"{auth[0]}:{auth[1]}".encode()).decode()
        request.add_header("Authorization", f"Basic {token}")
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            status, text = response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        status, text = error.code, error.read().decode("utf-8", "replace")
    except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
        return 0, None
    try:
        return status, json.loads(text) if text else None
    except ValueError:
        return status, text


def _expect(status_body, *expected: int, what: str):
    status, body = status_body
    if status not in expected:
        raise ClusterError(f"{what}: {status} {str(body)[:500]}")
    return body


def bookable_centre(base: str, capacity: int = 1) -> tuple[str, str]:
    """A published bookable centre and an appointment type; (centre path, type id)."""
    _expect(
        _request(
            "PATCH", f"{base}/{STATE}", {"booking_participation": True}, auth=AUTH
        ),
        204,
        what="Berlin takes part in booking",
    )
    centre_id = f"chaos-{uuid.uuid4().hex[:10]}"
    _expect(
        _request(
            "POST",
            f"{base}/{STATE}",
            {
                "@type": "CounsellingCentre",
                "id": centre_id,
                "title": f"Beratung {centre_id}",
                "postcode": "10115",
                "city": "Berlin",
                "street": "Invalidenstraße 1",
                "email": "info@example.org",
                "booking_enabled": True,
            },
            auth=AUTH,
        ),
        201,
        what="centre",
    )
    _expect(
        _request(
            "POST", f"{base}/{STATE}/{centre_id}/@workflow/publish", {}, auth=AUTH
        ),
        200,
        what="publish",
    )
    type_id = f"typ-{uuid.uuid4().hex[:8]}"
    _expect(
        _request(
            "POST",
            f"{base}/{STATE}/{centre_id}",
            {
                "@type": "AppointmentType",
                "id": type_id,
                "title": "Erstgespräch",
                "duration": 50,
                "slot_interval": 60,
                "min_notice_hours": 0,
                "max_advance_days": 60,
                "capacity": capacity,
                "availability": ALL_DAY,
                "closed_on_holidays": False,
            },
            auth=AUTH,
        ),
        201,
        what="appointment type",
    )
    return f"Plone/beratungsstellen/berlin/{centre_id}", type_id


def free_slots(base: str, centre: str, type_id: str, days: int = 14) -> list[str]:
    today = datetime.now(ZoneInfo("Europe/Berlin")).date()
    first: date = today + timedelta(days=1)
    last = first + timedelta(days=days - 1)
    body = _expect(
        _request(
            "GET",
            f"{base}/{centre}/++api++/@slots?type={type_id}"
            f"&start={first.isoformat()}&end={last.isoformat()}",
        ),
        200,
        what="@slots",
    )
    return [item["start"] for item in body["items"]]


def stored_bookings(base: str, centre: str) -> list[dict]:
    """Every booking in the centre as admin, each object loaded: [{UID, start, ...}]."""
    url = (
        f"{base}/{centre}/++api++/@search?portal_type=Booking&b_size=1000&fullobjects=1"
    )
    body = _expect(_request("GET", url, auth=AUTH), 200, what="@search")
    return body["items"]


def interrupted_booking_load(
    cluster: Cluster,
    member=None,
    *,
    clients: int = 4,
    kill_after: int = 12,
    storage: str | None = None,
    say=print,
) -> ChaosResult:
    """Book on ``member`` from ``clients`` threads; SIGKILL it after ``kill_after`` 201s;
    restart it and check the bookings. Raises ``ChaosError`` listing what is wrong."""
    member = member or cluster.members[0]
    result = ChaosResult(storage or (cluster.profile or "filestorage"))
    centre, type_id = bookable_centre(member.url)
    slots = free_slots(member.url, centre, type_id)
    if len(slots) < kill_after * 3:
        raise ClusterError(f"only {len(slots)} free slots for the load")
    answers = _load(
        cluster,
        member,
        centre,
        type_id,
        slots=slots,
        clients=clients,
        kill_after=kill_after,
    )
    result.sent = len(answers)
    for start, status, body in answers:
        if status == 201:
            result.created.append(body["booking"])
        elif status == 409:
            result.conflicts += 1
        elif status == 0:
            result.no_answer += 1
        else:
            result.other.append(f"{start}: {status} {str(body)[:200]}")
    say(
        f"{result.storage}: SIGKILL after {len(result.created)} bookings answered 201 "
        f"({result.sent} sent)"
    )
    started = time.monotonic()
    cluster.spawn(member)
    cluster.wait_for(member, timeout=300)
    result.restart_seconds = time.monotonic() - started
    _check(result, stored_bookings(member.url, centre))
    if result.problems:
        raise ChaosError(result.summary())
    return result


def _load(cluster, member, centre, type_id, *, slots, clients, kill_after) -> list:
    """The booking clients; the kill. [(slot start, status, body)] of every request."""
    lock = threading.Lock()
    queue = list(slots)
    killed = threading.Event()
    answers: list[tuple[str, int, object]] = []

    def client(n: int) -> None:
        while not killed.is_set():
            with lock:
                if not queue:
                    return
                start = queue.pop(0)
            status, body = _request(
                "POST",
                f"{member.url}/{centre}/++api++/@book",
                {
                    "type": type_id,
                    "start": start,
                    "name": f"Chaos {n}",
                    "email": f"chaos{n}@example.org",
                    "consent": True,
                },
                timeout=30,
            )
            with lock:
                answers.append((start, status, body))
                created = sum(1 for _s, code, _b in answers if code == 201)
                kill = created >= kill_after and not killed.is_set()
                if kill:
                    killed.set()
            if kill:
                # the other clients' requests are in flight: they are cut off
                cluster.kill(member)
            if status == 0:
                return  # the instance is gone

    with ThreadPoolExecutor(max_workers=clients) as pool:
        for future in [pool.submit(client, n) for n in range(clients)]:
            future.result()
    if member.process is not None:  # the load ended before the kill
        cluster.kill(member)
    return answers


def _check(result: ChaosResult, stored: list[dict]) -> None:
    """What the 201s promised against what the database holds."""
    result.found = len(stored)
    uids = [item["UID"] for item in stored]
    starts = [item["start"] for item in stored]
    missing = sorted(set(result.created) - set(uids))
    if missing:
        result.problems.append(f"answered 201 but not stored: {missing}")
    if len(set(uids)) != len(uids):
        result.problems.append("a booking UID twice in the catalog")
    twice = sorted({s for s in starts if starts.count(s) > 1})
    if twice:
        result.problems.append(f"slots booked twice (capacity 1): {twice}")
    if len(uids) > result.sent:
        result.problems.append(f"{len(uids)} bookings from {result.sent} requests")
    if result.other:
        result.problems.append(f"unexpected answers: {result.other[:5]}")


def check_filestorage(path: Path) -> None:
    """``fstest`` over every transaction of a FileStorage (the instance stopped)."""
    from ZODB.scripts import fstest

    try:
        fstest.check(str(path))
    except fstest.FormatError as error:
        raise ChaosError(f"{path}: {error}") from None


def run(storage: str, root: Path, say=print, clients: int = 4, kill_after: int = 12):
    """One chaos run on a throw-away site (``storage``: filestorage or relstorage)."""
    var = Path(tempfile.mkdtemp(prefix=f"sozialplattform-chaos-{storage}-"))
    cluster = Cluster(
        root=root,
        instances=1,
        profile="relstorage" if storage == "relstorage" else "",
        first_port=_free_port(),
        var=var,
        environ=dict(ENVIRON),
        setup_content=False,
        load_balancer=False,
        say=lambda *args: None,
    )
    try:
        say(f"{storage}: creating a throw-away site in {var} ...")
        cluster.start()
        result = interrupted_booking_load(
            cluster, clients=clients, kill_after=kill_after, storage=storage, say=say
        )
        cluster.kill(cluster.members[0], sig=15)
        if storage == "filestorage":
            check_filestorage(cluster.filestorage)
        return result
    finally:
        cluster.stop()
        import shutil

        shutil.rmtree(var, ignore_errors=True)


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def main(argv: list[str] | None = None) -> int:
    import argparse
    import os

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--storage", choices=("filestorage", "relstorage", "both"), default="both"
    )
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--kill-after", type=int, default=12)
    parser.add_argument("--root", default=os.getcwd())
    args = parser.parse_args(argv)
    storages = (
        ["filestorage", "relstorage"] if args.storage == "both" else [args.storage]
    )
    failed = False
    for storage in storages:
        try:
            result = run(
                storage,
                Path(args.root),
                clients=args.clients,
                kill_after=args.kill_after,
            )
            print(f"OK {result.summary()}", flush=True)
        except (ChaosError, ClusterError) as error:
            print(f"FAILED {error}", file=sys.stderr, flush=True)
            failed = True
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
