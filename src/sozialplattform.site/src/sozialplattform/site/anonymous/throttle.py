"""Per-client rate limits of the anonymous forms and services (HTTP 429).

In process memory, never in the ZODB (a counter there would be a conflict hotspot and a
write per request). Each process counts for itself: with several Zope processes behind a
load balancer a client gets up to that many times the limit.

Limits are named; ``SOZIALPLATTFORM_RATE_LIMIT_<NAME>`` ("<count>/<seconds>", "off")
overrides the default of ``DEFAULTS`` (instance.yaml ``environment``). The client is
``request.getClientAddr()``: Zope uses ``X-Forwarded-For`` only when the direct peer is one
of zope.conf's ``trusted-proxy`` addresses (instance.yaml ``trusted_proxies``).
"""

from collections import deque
from sozialplattform.site import _
from sozialplattform.site import logger
from typing import NamedTuple
from zExceptions import HTTPTooManyRequests
from zope.i18n import translate
from zope.i18nmessageid import Message
import math
import os
import threading
import time


ENV_PREFIX = "SOZIALPLATTFORM_RATE_LIMIT_"
# Keys kept per limit before old ones are dropped (memory bound against address floods).
MAX_CLIENTS = 50000

ONBOARDING = "onboarding"
BOOKING = "booking"
CONVERSATION = "conversation"
VIDEO = "video"
COUNSELLING_MESSAGE = "counselling_message"
COUNSELLING_ATTACHMENT = "counselling_attachment"
COUNSELLING_ATTACHMENT_ADDRESS = "counselling_attachment_address"

MESSAGE = _(
    "error_too_many_requests",
    default="Too many requests from your address. Please try again in ${minutes} "
    "minutes.",
)
MESSAGE_ONE_MINUTE = _(
    "error_too_many_requests_one_minute",
    default="Too many requests from your address. Please try again in a minute.",
)


class Limit(NamedTuple):
    count: int
    seconds: float


DEFAULTS = {
    # the interest form: a centre sends one request; an office behind one address a few
    ONBOARDING: Limit(20, 3600),
    # @book: attempts to book an appointment
    BOOKING: Limit(60, 600),
    # messages and new conversations of online counselling
    CONVERSATION: Limit(60, 600),
    # room tokens by a visitor's secret link (each page load and rejoin asks once)
    VIDEO: Limit(60, 600),
    # messages per participant of a conversation (the token, a counsellor's login)
    COUNSELLING_MESSAGE: Limit(30, 60),
    # attachments per participant and day
    COUNSELLING_ATTACHMENT: Limit(10, 86400),
    # seekers' attachments per client address and day (new conversations, new tokens)
    COUNSELLING_ATTACHMENT_ADDRESS: Limit(30, 86400),
}


class RateLimited(HTTPTooManyRequests):
    """A client is past a named limit; ``retry_after`` in whole seconds."""

    def __init__(self, name: str, retry_after: int):
        super().__init__(name)
        self.name = name
        self.retry_after = retry_after

    def text(self) -> Message:
        """The message with the minutes to wait (German and English catalogues)."""
        minutes = max(1, math.ceil(self.retry_after / 60))
        # Message() keeps the default text (English), _() would drop it
        if minutes == 1:
            return Message(MESSAGE_ONE_MINUTE)
        return Message(MESSAGE, mapping={"minutes": minutes})

    def message(self, request=None) -> str:
        if request is None:
            return translate(self.text(), target_language="de")
        return translate(self.text(), context=request)


def limit_for(name: str, environ=os.environ) -> Limit | None:
    """The limit in force for ``name``; None when switched off."""
    raw = environ.get(ENV_PREFIX + name.upper())
    if raw is None:
        return DEFAULTS[name]
    text = raw.strip().lower()
    if text in ("", "0", "off", "none"):
        return None
    try:
        count, seconds = text.split("/")
        result = Limit(int(count), float(seconds))
    except ValueError:
        logger.error("%s%s=%r is not <count>/<seconds>", ENV_PREFIX, name.upper(), raw)
        return DEFAULTS[name]
    if result.count < 1 or result.seconds <= 0:
        return None
    return result


class SlidingWindow:
    """At most ``limit.count`` hits per key within any ``limit.seconds``."""

    def __init__(self, max_clients: int = MAX_CLIENTS):
        self._hits: dict[str, deque] = {}
        self._lock = threading.Lock()
        self.max_clients = max_clients

    def hit(self, key: str, limit: Limit, now: float | None = None) -> int | None:
        """Count one hit; return None if allowed, else the seconds until one is."""
        now = time.monotonic() if now is None else now
        with self._lock:
            hits = self._hits.get(key)
            if hits is None:
                if len(self._hits) >= self.max_clients:
                    self._prune(now, limit)
                hits = self._hits[key] = deque()
            while hits and hits[0] <= now - limit.seconds:
                hits.popleft()
            if len(hits) >= limit.count:
                return max(1, math.ceil(hits[0] + limit.seconds - now))
            hits.append(now)
            return None

    def _prune(self, now: float, limit: Limit) -> None:
        for key in [
            k for k, v in self._hits.items() if not v or v[-1] <= now - limit.seconds
        ]:
            del self._hits[key]
        while len(self._hits) >= self.max_clients:  # still full: forget the oldest
            del self._hits[next(iter(self._hits))]

    def reset(self) -> None:
        with self._lock:
            self._hits.clear()


_windows: dict[str, SlidingWindow] = {}
_windows_lock = threading.Lock()


def window(name: str) -> SlidingWindow:
    with _windows_lock:
        return _windows.setdefault(name, SlidingWindow())


def reset() -> None:
    """Forget all counts (tests; a restart does the same)."""
    with _windows_lock:
        for item in _windows.values():
            item.reset()


def client_address(request) -> str:
    """The client's address; X-Forwarded-For counts only from a trusted proxy (Zope)."""
    return request.getClientAddr() or "unknown"


def check(request, name: str) -> None:
    """Count one attempt of the client at ``name``; raise ``RateLimited`` past the limit.

    A request ZPublisher retries after a ``ConflictError`` was counted (and allowed) on
    its first attempt: its retries do not count again.
    """
    limit = limit_for(name)
    if limit is None or getattr(request, "retry_count", 0):
        return
    retry_after = window(name).hit(client_address(request), limit)
    if retry_after is not None:
        logger.info("Rate limit %s: %s refused", name, client_address(request))
        raise RateLimited(name, retry_after)


def check_key(request, name: str, key: str, hits: int = 1) -> None:
    """Count ``hits`` attempts at ``name`` for ``key`` (a participant, not an address);
    ``RateLimited`` past the limit. Retries after a ``ConflictError`` do not count."""
    limit = limit_for(name)
    if limit is None or getattr(request, "retry_count", 0):
        return
    for _hit in range(hits):
        retry_after = window(name).hit(key, limit)
        if retry_after is not None:
            logger.info("Rate limit %s: a participant refused", name)
            raise RateLimited(name, retry_after)


def refuse(request, exc: RateLimited) -> str:
    """Set 429 and ``Retry-After`` on the response; return the German message."""
    request.response.setStatus(429)
    request.response.setHeader("Retry-After", str(exc.retry_after))
    return exc.message(request)
