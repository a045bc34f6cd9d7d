"""Anonymous writes of one kind run one at a time per Zope process.

Two submissions committed at the same moment can still touch the same B-tree bucket
(a bucket splitting when a new id or docid lands in it) however carefully the containers
and indexes are laid out; the publisher retries that, but eight parallel posts on two
cores can exhaust the retries. Within one process they need not race at all: a POST to a
registered path takes that path's lock when the publication starts and gives it back when
it ends, and takes a fresh database snapshot once it holds the lock (at ``IPubStart``
nothing has been read yet, so beginning the transaction again loses nothing). Conflicts
with other writers, and between several instances, are left to the publisher's retries.

Register a path with ``register(name, suffix)``: onboarding registers its interest form;
booking (``@book``) and counselling register theirs.
"""

import threading
import transaction


#: How long a request waits for its turn before it runs unserialized (then retries help).
WAIT_SECONDS = 30
_HELD = "_sozialplattform_serialized_lock"
_paths: dict[str, str] = {}  # suffix -> name
_locks: dict[str, threading.Lock] = {}


def register(name: str, suffix: str) -> None:
    """POSTs to a path ending in ``suffix`` are serialized under the lock ``name``."""
    _paths[suffix.rstrip("/")] = name
    _locks.setdefault(name, threading.Lock())


def lock_name(request) -> str | None:
    if request.get("REQUEST_METHOD", "GET") != "POST":
        return None
    path = (request.get("PATH_INFO") or "").rstrip("/")
    for suffix, name in _paths.items():
        if path.endswith(suffix):
            return name
    return None


def take_turn(event) -> None:
    """``IPubStart``: wait for the path's lock, then begin on a fresh snapshot."""
    request = event.request
    name = lock_name(request)
    if name is None:
        return
    lock = _locks[name]
    if not lock.acquire(timeout=WAIT_SECONDS):
        return
    setattr(request, _HELD, lock)
    # the snapshot taken by the publisher's begin() predates the previous holder's
    # commit: start again from the current state (nothing was read or written yet)
    transaction.manager.begin()


def end_turn(event) -> None:
    """``IPubEnd`` (success after the commit, or failure): give the lock back."""
    lock = getattr(event.request, _HELD, None)
    if lock is not None:
        delattr(event.request, _HELD)
        lock.release()
