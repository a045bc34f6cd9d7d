"""gzip for text responses: a WSGI filter in the pipeline of the rendered zope.ini.

Compresses HTML, CSS, JavaScript, JSON, XML and SVG of more than ``min_size`` bytes when the
client sends ``Accept-Encoding: gzip``; everything else (images, PDFs, blobs, ranges,
already encoded responses, HEAD, 304) passes through untouched and unbuffered, so file
downloads keep Zope's file wrapper. Compressible types always get ``Vary: Accept-Encoding``
for caches in between.

The ETag of a compressed response gets the suffix ``-gzip`` (it is another representation);
the suffix is taken off ``If-None-Match`` again before Zope compares it, so revalidation
(plone.app.caching's 304) works for both representations.

Paste's gzipper is not used: it buffers every response (also blob downloads) in memory,
compresses 304 and small responses and sets no ``Vary``.
"""

import re
import zlib


MIN_SIZE = 1024
COMPRESSIBLE = (
    "text/",
    "application/javascript",
    "application/x-javascript",
    "application/json",
    "application/ld+json",
    "application/xml",
    "application/rss+xml",
    "application/atom+xml",
    "application/manifest+json",
    "image/svg+xml",
    "image/x-icon",
    "image/vnd.microsoft.icon",
)
SUFFIX = "-gzip"
_ACCEPTS_GZIP = re.compile(
    r"(?:^|,)\s*(?:gzip|\*)\s*(?:;\s*q=(?P<q>[0-9.]+))?\s*(?:,|$)"
)


def accepts_gzip(header: str) -> bool:
    """Whether an Accept-Encoding header allows gzip (``q=0`` refuses it)."""
    for match in _ACCEPTS_GZIP.finditer(header.lower()):
        quality = match.group("q")
        try:
            if quality is None or float(quality) > 0:
                return True
        except ValueError:
            continue
    return False


def compressible(content_type: str) -> bool:
    return content_type.strip().lower().startswith(COMPRESSIBLE)


def _header(headers: list, name: str) -> str | None:
    name = name.lower()
    for key, value in headers:
        if key.lower() == name:
            return value
    return None


def _without(headers: list, name: str) -> list:
    name = name.lower()
    return [(key, value) for key, value in headers if key.lower() != name]


def _add_vary(headers: list) -> list:
    vary = _header(headers, "Vary")
    if vary is None:
        return [*headers, ("Vary", "Accept-Encoding")]
    if "accept-encoding" in vary.lower() or vary.strip() == "*":
        return headers
    return [*_without(headers, "Vary"), ("Vary", f"{vary}, Accept-Encoding")]


def _tag_etag(headers: list) -> list:
    etag = _header(headers, "ETag")
    if not etag or not etag.endswith('"'):
        return headers
    return [*_without(headers, "ETag"), ("ETag", f'{etag[:-1]}{SUFFIX}"')]


class Compression:
    """The WSGI filter (``level``: zlib's 1..9, ``min_size``: bytes)."""

    def __init__(self, app, level: int = 6, min_size: int = MIN_SIZE):
        self.app = app
        self.level = int(level)
        self.min_size = int(min_size)

    def __call__(self, environ, start_response):
        match = environ.get("HTTP_IF_NONE_MATCH")
        if match and SUFFIX in match:
            environ["HTTP_IF_NONE_MATCH"] = match.replace(f'{SUFFIX}"', '"')
        wanted = environ.get("REQUEST_METHOD") != "HEAD" and accepts_gzip(
            environ.get("HTTP_ACCEPT_ENCODING", "")
        )
        state = {}

        def filtered_start_response(status, headers, exc_info=None):
            headers = list(headers)
            content_type = _header(headers, "Content-Type") or ""
            if compressible(content_type):
                headers = _add_vary(headers)
            state["compress"] = compress = wanted and self._should_compress(
                status, headers, content_type
            )
            if compress:
                headers = _tag_etag(_without(headers, "Content-Length"))
                headers.append(("Content-Encoding", "gzip"))
                state["compressor"] = zlib.compressobj(self.level, zlib.DEFLATED, 31)
            write = start_response(status, headers, exc_info)
            if not compress:
                return write

            def compressed_write(data):
                chunk = state["compressor"].compress(data)
                if chunk:
                    write(chunk)

            return compressed_write

        app_iter = self.app(environ, filtered_start_response)
        if state.get("compress") is False:
            return app_iter
        return self._compressed(app_iter, state)

    def _should_compress(self, status: str, headers: list, content_type: str) -> bool:
        code = status.split(" ", 1)[0]
        if code not in ("200", "201", "203") or not compressible(content_type):
            return False
        if _header(headers, "Content-Encoding") or _header(headers, "Content-Range"):
            return False
        if "no-transform" in (_header(headers, "Cache-Control") or "").lower():
            return False
        length = _header(headers, "Content-Length")
        return not (length and length.isdigit() and int(length) < self.min_size)

    def _compressed(self, app_iter, state):
        try:
            for data in app_iter:
                if not state.get("compress"):
                    yield data
                    continue
                chunk = state["compressor"].compress(data)
                if chunk:
                    yield chunk
            if state.get("compress"):
                yield state["compressor"].flush()
        finally:
            close = getattr(app_iter, "close", None)
            if close is not None:
                close()


def filter_factory(global_conf, **local_conf):
    """PasteDeploy: ``[filter:compression]`` with ``paste.filter_factory = ...``."""

    def wrap(app):
        return Compression(app, **local_conf)

    return wrap
