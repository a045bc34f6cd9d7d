"""HTTP helpers of the counselling API tests (the layer's WSGI server)."""

from sozialplattform.site.testing import server_url
from test_permissions.fixtures import credentials
import requests


def call(layer, method: str, path: str, username=None, site="plone", **kwargs):
    """``method`` on ``<site>/++api++/<path>`` (``username`` None: anonymous)."""
    auth = (
        username
        if isinstance(username, tuple)
        else (credentials(username) if username else None)
    )
    headers = {"Accept": "application/json", **kwargs.pop("headers", {})}
    if "json" in kwargs:
        headers["Content-Type"] = "application/json"
    return requests.request(
        method,
        server_url(layer, f"{site}/++api++/{path.lstrip('/')}"),
        headers=headers,
        auth=auth,
        timeout=30,
        allow_redirects=False,
        **kwargs,
    )
