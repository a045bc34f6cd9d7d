"""``Idempotency-Key`` of ``@book``: a repeated POST returns the first answer.

A client that lost the answer to its ``@book`` (a timeout, a dropped connection) sends
the same request again with the same ``Idempotency-Key`` header and gets the first
answer again, with its status, instead of a 409 for the slot it already holds.

Stored per centre in an ``OOBTree`` on the centre's booking folder, keyed by a hash of
the client's address and the key (so another client's key opens nothing). Only an
answer that stored a booking (201) is kept: such a transaction writes the folder anyway
(``calendar.touch``), so the entry adds no new conflict hotspot; 400, 403 and 409 answers
write nothing and a repeat is evaluated anew. Entries expire after ``TTL_SECONDS``
(24 hours) and are pruned when a new one is stored.

The answer carries the manage token, which the site otherwise keeps only hashed. The
entry therefore holds the body with the token's secret taken out and the secret
encrypted with a pad derived from the key (which only the client knows); the stored
data alone gives no token.
"""

from BTrees.OOBTree import OOBTree
from hashlib import sha256
from sozialplattform.site import _
from sozialplattform.site.anonymous import throttle
from sozialplattform.site.booking.content import booking_folder
from sozialplattform.site.content.deserializer import field_error
from zExceptions import BadRequest
import json
import time


HEADER = "Idempotency-Key"
TTL_SECONDS = 24 * 3600
MAX_KEY_LENGTH = 255
ATTRIBUTE = "idempotency"
PLACEHOLDER = "{secret}"


def _digest(*parts: str) -> bytes:
    return sha256("\0".join(parts).encode()).digest()


def request_key(request) -> str | None:
    """The request's ``Idempotency-Key`` (None without one); ``BadRequest`` when it is
    longer than ``MAX_KEY_LENGTH`` or not printable ASCII."""
    key = request.getHeader(HEADER)
    if key is None or key == "":
        return None
    if len(key) > MAX_KEY_LENGTH or not (key.isascii() and key.isprintable()):
        raise BadRequest(
            [
                field_error(
                    HEADER,
                    _(
                        "booking_error_idempotency_key",
                        default="Send at most ${length} printable ASCII characters.",
                        mapping={"length": MAX_KEY_LENGTH},
                    ),
                    request,
                )
            ]
        )
    return key


class Store:
    """The idempotency entries of one centre's client and key."""

    def __init__(self, centre, request, key: str):
        self.centre = centre
        client = throttle.client_address(request)
        base = (client, "/".join(centre.getPhysicalPath()), key)
        self.index = _digest("index", *base).hex()
        self.pad = _digest("pad", *base)
        body = request.get("BODY") or b""
        if isinstance(body, bytes):
            body = body.decode("utf-8", "replace")
        self.fingerprint = _digest("body", *base, body).hex()

    def _tree(self, create: bool):
        folder = booking_folder(self.centre, create=create)
        if folder is None:
            return None
        tree = getattr(folder, ATTRIBUTE, None)
        if tree is None and create:
            tree = OOBTree()
            setattr(folder, ATTRIBUTE, tree)
        return tree

    def _seal(self, secret: str) -> bytes:
        data = secret.encode()
        if len(data) > len(self.pad):
            raise ValueError("the secret is longer than the pad")
        return bytes(a ^ b for a, b in zip(data, self.pad, strict=False))

    def _unseal(self, sealed: bytes) -> str:
        return bytes(a ^ b for a, b in zip(sealed, self.pad, strict=False)).decode()

    def answer(self, now: float | None = None) -> tuple[int, dict] | None:
        """The stored (status, body) of this key, or None. A reuse of the key for
        another request body is ``BadRequest`` naming the header."""
        tree = self._tree(create=False)
        entry = tree.get(self.index) if tree is not None else None
        now = time.time() if now is None else now
        if entry is None or entry["time"] < now - TTL_SECONDS:
            return None
        if entry["fingerprint"] != self.fingerprint:
            raise BadRequest(
                [
                    {
                        "field": HEADER,
                        "message": _(
                            "booking_error_idempotency_reused",
                            default="This key was used for another request.",
                        ),
                        "error": "ValidationError",
                    }
                ]
            )
        text = entry["body"].replace(PLACEHOLDER, self._unseal(entry["sealed"]))
        return entry["status"], json.loads(text)

    def remember(
        self, status: int, body: dict, secret: str, now: float | None = None
    ) -> None:
        """Keep the answer (the secret sealed); drop expired entries."""
        now = time.time() if now is None else now
        tree = self._tree(create=True)
        for index in [k for k, v in tree.items() if v["time"] < now - TTL_SECONDS]:
            del tree[index]
        tree[self.index] = {
            "time": now,
            "status": status,
            "fingerprint": self.fingerprint,
            "body": json.dumps(body).replace(secret, PLACEHOLDER),
            "sealed": self._seal(secret),
        }
