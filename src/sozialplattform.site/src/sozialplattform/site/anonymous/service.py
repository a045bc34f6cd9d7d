"""A plone.restapi service base class with a per-client rate limit."""

from plone.restapi.services import Service
from sozialplattform.site.anonymous import throttle
import json


class ThrottledService(Service):
    """Counts every call against the limit ``throttle_name`` before ``reply()``.

    Past the limit: 429, ``Retry-After`` and ``{"error": {"type", "message"}}`` in German.
    Use ``throttle_name = throttle.BOOKING`` for ``@book`` and so on.
    """

    throttle_name = ""

    def render(self):
        self.check_permission()
        try:
            throttle.check(self.request, self.throttle_name)
        except throttle.RateLimited as exc:
            message = throttle.refuse(self.request, exc)
            self.request.response.setHeader("Content-Type", "application/json")
            return json.dumps(
                {"error": {"type": "TooManyRequests", "message": message}}
            )
        return super().render()
