"""The site's canonical public URL: every link in a mail is built from it.

A request's URL comes from the client's ``Host`` header (or a proxy's rewrite), so a mail
built from ``absolute_url()`` would carry whatever host the sender of a form typed in —
with a valid password-reset token in the access and reset mails. Links in mails use
``SOZIALPLATTFORM_PUBLIC_URL`` (instance.yaml's ``public_url``, rendered into the
environment by ``scripts/instance.py``) instead: the URL of the Plone site as visitors
reach it, e.g. ``https://www.sozialplattform.de``. Unset, it is the development address
``http://localhost:8080/Plone``.
"""

from plone import api
from Products.ZCatalog.interfaces import ICatalogBrain
from sozialplattform.site import logger
from urllib.parse import quote
from urllib.parse import urlsplit
import os


VARIABLE = "SOZIALPLATTFORM_PUBLIC_URL"
DEFAULT = "http://localhost:8080/Plone"


class SiteURLError(ValueError):
    """The configured public URL is not an absolute http(s) URL."""


def public_url_from_environ(environ) -> str:
    """The configured URL without a trailing slash; raises ``SiteURLError``."""
    value = (environ.get(VARIABLE) or "").strip() or DEFAULT
    parts = urlsplit(value)
    if (
        parts.scheme not in ("http", "https")
        or not parts.netloc
        or parts.query
        or parts.fragment
    ):
        raise SiteURLError(
            f"{VARIABLE}={value!r} is not an http(s) URL of the site "
            "(e.g. https://www.example.org)"
        )
    return value.rstrip("/")


def site_url() -> str:
    """The public URL of the Plone site (the process environment, read on each call)."""
    try:
        return public_url_from_environ(os.environ)
    except SiteURLError as error:
        logger.error("%s; mail links use %s", error, DEFAULT)
        return DEFAULT


def public_url(target=None) -> str:
    """Public URL of a content object, a catalog brain or a physical path in the site.

    ``target`` is an object (``getPhysicalPath``), a brain (``getPath``), a path string
    ("/Plone/downloads") or a tuple of path segments; None is the site itself. Paths are
    taken relative to the site, so the site's id in Zope does not appear in the link.
    """
    base = site_url()
    if target is None:
        return base
    if ICatalogBrain.providedBy(target):
        path = tuple(target.getPath().split("/"))
    elif hasattr(target, "getPhysicalPath"):
        path = tuple(target.getPhysicalPath())
    elif isinstance(target, str):
        path = tuple(target.split("/"))
    else:
        path = tuple(target)
    site_path = tuple(api.portal.get().getPhysicalPath())
    if path[: len(site_path)] != site_path:
        raise ValueError(f"{'/'.join(path)} is not inside the site")
    relative = [segment for segment in path[len(site_path) :] if segment]
    if not relative:
        return base
    return f"{base}/{'/'.join(quote(segment) for segment in relative)}"
