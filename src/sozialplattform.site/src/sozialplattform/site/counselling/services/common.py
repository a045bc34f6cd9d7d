"""What the counselling services share: JSON bodies, refusals as JSON, the seeker's
token, the gate, no caching and no referrer."""

from datetime import datetime
from datetime import UTC
from plone import api
from plone.protect.authenticator import check as check_authenticator
from plone.protect.interfaces import IDisableCSRFProtection
from plone.restapi.services import Service
from sozialplattform.site.anonymous import throttle
from sozialplattform.site.counselling import checks
from sozialplattform.site.counselling import conversations
from sozialplattform.site.counselling import wire
from sozialplattform.site.counselling.checks import Refusal
from sozialplattform.site.functions import COUNSELLING
from sozialplattform.site.functions.gating import available
from zExceptions import Forbidden
from zope.interface import alsoProvides
import json


#: the largest body: 3 attachments of base64url ciphertext and 64 KiB for the rest
MAX_BODY = 3 * wire.MAX_ATTACHMENT_CIPHERTEXT * 4 // 3 + 64 * 1024
#: the daily attachment limits: their 429 has the type ``AttachmentLimit``
ATTACHMENT_LIMITS = frozenset(
    {throttle.COUNSELLING_ATTACHMENT, throttle.COUNSELLING_ATTACHMENT_ADDRESS}
)
BAD_TOKEN = "This link is not valid (any more)."
NOT_AVAILABLE = "This counselling centre does not offer online counselling."


class CounsellingService(Service):
    """``answer()`` returns the body; a ``Refusal`` or a rate limit becomes the error
    JSON with its status. Answers are never cached and send no referrer."""

    #: the seeker's services: authorised by the token in the body or query, not by a
    #: cookie, so they take JSON without a CSRF token. The staff's writing services
    #: check plone.protect's token when the login is a cookie: pages send
    #: ``X-CSRF-TOKEN`` (``@@authenticator/token``); API clients with an
    #: ``Authorization`` header (Basic, Bearer) need none. plone.protect's own check
    #: would let such a request answer 201 and then abort its transaction, so the
    #: services check here and then switch plone.protect off for the request.
    csrf_exempt = False

    def reply(self):
        response = self.request.response
        response.setHeader("Cache-Control", "private, no-store")
        response.setHeader("Referrer-Policy", "no-referrer")
        try:
            self.check_csrf()
            return self.answer()
        except Refusal as refusal:
            response.setStatus(refusal.status)
            return {"error": {"type": refusal.type, "message": refusal.message}}
        except throttle.RateLimited as exc:
            message = throttle.refuse(self.request, exc)
            kind = (
                "AttachmentLimit"
                if exc.name in ATTACHMENT_LIMITS
                else "TooManyRequests"
            )
            return {"error": {"type": kind, "message": message}}

    def answer(self):
        raise NotImplementedError

    def check_csrf(self) -> None:
        """403 for a staff write with a login cookie and without a valid token."""
        request = self.request
        if request.get("REQUEST_METHOD", "GET") in ("GET", "HEAD", "OPTIONS"):
            return
        if not (
            self.csrf_exempt
            or getattr(request, "_auth", None)
            or api.user.is_anonymous()
        ):
            try:
                check_authenticator(request)
            except Forbidden:
                raise Refusal(
                    403, "Send the X-CSRF-TOKEN header (@@authenticator).", "Forbidden"
                ) from None
        alsoProvides(request, IDisableCSRFProtection)

    def now(self) -> datetime:
        return datetime.now(UTC)

    def body(self, keys: set[str], required: set[str] = frozenset()) -> dict:
        """The request's JSON object with only ``keys``; ``Refusal`` (400) otherwise."""
        length = self.request.getHeader("Content-Length") or ""
        if length.isascii() and length.isdigit() and int(length) > MAX_BODY:
            raise Refusal(413, "The request is too large.", "PayloadTooLarge")
        raw = self.request.get("BODY") or b""
        if len(raw) > MAX_BODY:
            raise Refusal(413, "The request is too large.", "PayloadTooLarge")
        try:
            data = json.loads(raw)
        except (TypeError, ValueError):
            raise Refusal(400, "Send a JSON object.") from None
        return checks.body_object(data, keys, required)

    def seeker_conversation(self, token):
        """The conversation of the seeker's token; 404 for any other token."""
        conversation = conversations.by_token(token)
        if conversation is None:
            raise Refusal(404, BAD_TOKEN, "NotFound")
        return conversation

    def userid(self) -> str | None:
        if api.user.is_anonymous():
            return None
        return api.user.get_current().getId()

    def throttle_participant(self, key: str, attachments: int = 0) -> None:
        """Count a post of a participant; a seeker's attachments also per address
        (each new conversation is a new participant)."""
        throttle.check_key(self.request, throttle.COUNSELLING_MESSAGE, key)
        if attachments:
            throttle.check_key(
                self.request, throttle.COUNSELLING_ATTACHMENT, key, attachments
            )
        if attachments and key.startswith("seeker:"):
            address = throttle.client_address(self.request)
            throttle.check_key(
                self.request,
                throttle.COUNSELLING_ATTACHMENT_ADDRESS,
                f"address:{address}",
                attachments,
            )


def require_counselling(centre) -> None:
    """404 unless online counselling is available at the centre (``functions``)."""
    if not available(centre)[COUNSELLING.name]:
        raise Refusal(404, NOT_AVAILABLE, "NotFound")
