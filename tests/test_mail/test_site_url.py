"""The configured public site URL (``site_url``) that every mail link starts with."""

from plone import api
from sozialplattform.site.site_url import DEFAULT
from sozialplattform.site.site_url import public_url
from sozialplattform.site.site_url import public_url_from_environ
from sozialplattform.site.site_url import SiteURLError
from sozialplattform.site.site_url import VARIABLE
from sozialplattform.site.testing import INTEGRATION_TESTING
from unittest import mock
import unittest


class TestFromEnviron(unittest.TestCase):
    def test_default_for_development(self):
        self.assertEqual(public_url_from_environ({}), DEFAULT)
        self.assertEqual(DEFAULT, "http://localhost:8080/Plone")

    def test_trailing_slash_dropped(self):
        environ = {VARIABLE: " https://www.example.org/ "}
        self.assertEqual(public_url_from_environ(environ), "https://www.example.org")

    def test_refused(self):
        for value in (
            "example.org",
            "ftp://example.org",
            "https://x.org/#a",
            "http://",
        ):
            with self.assertRaises(SiteURLError):
                public_url_from_environ({VARIABLE: value})


class TestPublicURL(unittest.TestCase):
    layer = INTEGRATION_TESTING

    def setUp(self):
        self.portal = self.layer["portal"]
        patcher = mock.patch.dict("os.environ", {VARIABLE: "https://www.example.org"})
        patcher.start()
        self.addCleanup(patcher.stop)

    def test_paths_relative_to_the_site(self):
        self.assertEqual(public_url(), "https://www.example.org")
        self.assertEqual(public_url(self.portal), "https://www.example.org")
        self.assertEqual(public_url("/plone/a b/c"), "https://www.example.org/a%20b/c")

    def test_brain_and_object_give_the_same_url(self):
        from plone.app.testing import setRoles
        from plone.app.testing import TEST_USER_ID

        setRoles(self.portal, TEST_USER_ID, ["Manager"])
        folder = api.content.create(self.portal, "Folder", id="ordner", title="O")
        (brain,) = api.content.find(UID=folder.UID())
        self.assertEqual(public_url(folder), "https://www.example.org/ordner")
        self.assertEqual(public_url(brain), public_url(folder))

    def test_malformed_value_falls_back_to_the_default(self):
        with mock.patch.dict("os.environ", {VARIABLE: "nonsense"}):
            self.assertEqual(public_url(), DEFAULT)

    def test_path_outside_the_site_is_refused(self):
        with self.assertRaises(ValueError):
            public_url("/other/site")
