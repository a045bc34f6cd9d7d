"""The gzip filter of the WSGI pipeline (sozialplattform.site.compression), without Zope."""

from pathlib import Path
from sozialplattform.site.compression import accepts_gzip
from sozialplattform.site.compression import Compression
from test_setup.scripts import load_script
import gzip
import tempfile
import unittest


BIG = b"<p>Beratung</p>" * 200


def app_for(status="200 OK", body=BIG, content_type="text/html", **extra):
    def app(environ, start_response):
        headers = [("Content-Type", content_type), ("Content-Length", str(len(body)))]
        headers += [(key.replace("_", "-"), value) for key, value in extra.items()]
        start_response(status, headers)
        return [body[: len(body) // 2], body[len(body) // 2 :]]

    return app


def call(app, method="GET", accept="gzip, deflate, br", **environ):
    seen = {}

    def start_response(status, headers, exc_info=None):
        seen["status"] = status
        seen["headers"] = dict(headers)
        return lambda data: None

    environ = {"REQUEST_METHOD": method, "HTTP_ACCEPT_ENCODING": accept, **environ}
    body = b"".join(Compression(app)(environ, start_response))
    return seen["status"], seen["headers"], body, environ


class TestCompression(unittest.TestCase):
    def test_large_html_is_gzipped(self):
        _status, headers, body, _env = call(app_for())
        self.assertEqual(headers["Content-Encoding"], "gzip")
        self.assertEqual(headers["Vary"], "Accept-Encoding")
        self.assertNotIn("Content-Length", headers)
        self.assertEqual(gzip.decompress(body), BIG)
        self.assertLess(len(body), len(BIG) / 5)

    def test_without_accept_encoding_unchanged_but_varies(self):
        _status, headers, body, _env = call(app_for(), accept="")
        self.assertNotIn("Content-Encoding", headers)
        self.assertEqual(headers["Vary"], "Accept-Encoding")
        self.assertEqual(body, BIG)

    def test_refused_with_q_zero(self):
        self.assertFalse(accepts_gzip("gzip;q=0, identity"))
        self.assertTrue(accepts_gzip("deflate, gzip;q=0.5"))
        self.assertTrue(accepts_gzip("*"))
        self.assertFalse(accepts_gzip("br"))

    def test_small_response_unchanged(self):
        _status, headers, body, _env = call(app_for(body=b"x" * 1000))
        self.assertNotIn("Content-Encoding", headers)
        self.assertEqual(body, b"x" * 1000)

    def test_images_head_and_not_modified_unchanged(self):
        for status, content_type, method in (
            ("200 OK", "image/png", "GET"),
            ("200 OK", "application/pdf", "GET"),
            ("200 OK", "text/css", "HEAD"),
            ("304 Not Modified", "text/html", "GET"),
            ("206 Partial Content", "text/plain", "GET"),
        ):
            with self.subTest(status=status, content_type=content_type, method=method):
                _s, headers, body, _env = call(
                    app_for(status=status, content_type=content_type), method=method
                )
                self.assertNotIn("Content-Encoding", headers)
                self.assertEqual(body, BIG)

    def test_already_encoded_unchanged(self):
        _s, headers, body, _env = call(app_for(Content_Encoding="br"))
        self.assertEqual(headers["Content-Encoding"], "br")
        self.assertEqual(body, BIG)

    def test_etag_of_the_compressed_representation_and_revalidation(self):
        _s, headers, _body, _env = call(app_for(ETag='"abc|1"'))
        self.assertEqual(headers["ETag"], '"abc|1-gzip"')
        _s, _h, _b, environ = call(app_for(), HTTP_IF_NONE_MATCH='"abc|1-gzip"')
        self.assertEqual(environ["HTTP_IF_NONE_MATCH"], '"abc|1"')

    def test_existing_vary_is_extended(self):
        _s, headers, _b, _env = call(app_for(Vary="Cookie"))
        self.assertEqual(headers["Vary"], "Cookie, Accept-Encoding")


class TestRenderedPipeline(unittest.TestCase):
    """`make start` serves through the filter: it is in the rendered zope.ini."""

    def test_zope_ini_pipeline_has_the_filter(self):
        from paste.deploy import loadfilter

        instance = load_script("instance")
        ini = instance.render_zope_ini(dict(instance.DEFAULTS), Path("/srv"))
        pipeline = ini.split("[pipeline:main]", 1)[1].split("\n\n", 1)[0].split()
        self.assertLess(pipeline.index("compression"), pipeline.index("zope"))
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "zope.ini"
            path.write_text(ini)
            wrap = loadfilter(f"config:{path}", name="compression")
        filtered = wrap(app_for())
        self.assertIsInstance(filtered, Compression)
        self.assertEqual(filtered.min_size, 1024)
