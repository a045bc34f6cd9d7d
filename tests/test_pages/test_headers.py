"""Page weight on the wire (issue 11): compression, HTTP caching, no editing bundles for
anonymous visitors. Against a real WSGI server with the rendered zope.ini's filters."""

from plone.app.testing import SITE_OWNER_NAME
from plone.app.testing import SITE_OWNER_PASSWORD
from sozialplattform.site.testing import DISTRIBUTION_SITE_ID
from sozialplattform.site.testing import PIPELINE_FUNCTIONAL_TESTING
from sozialplattform.site.testing import server_url
import re
import requests
import unittest


GZIP = {"Accept-Encoding": "gzip"}
EDITING_BUNDLES = ("plone", "plone-fullscreen", "easyform")


def directives(response) -> dict:
    """Cache-Control as {directive: value or True}."""
    result = {}
    for part in response.headers.get("Cache-Control", "").split(","):
        name, _, value = part.strip().partition("=")
        if name:
            result[name.lower()] = value or True
    return result


def bundles(html: str) -> set[str]:
    return set(re.findall(r'data-bundle="([^"]+)"', html))


class TestPageHeaders(unittest.TestCase):
    layer = PIPELINE_FUNCTIONAL_TESTING

    def setUp(self):
        self.front = server_url(self.layer, DISTRIBUTION_SITE_ID)
        self.finder = f"{self.front}/@@finder?postcode=10115&radius=25"
        # the first request after start-up writes lazily initialised data once
        requests.get(self.front, timeout=60)

    def get(self, url, auth=None, **headers):
        response = requests.get(url, headers=headers, auth=auth, timeout=60)
        self.assertEqual(response.status_code, 200, url)
        return response

    def versioned(self, name: str) -> str:
        """URL of a versioned (++webresource++<hash>) resource on the front page."""
        html = self.get(self.front).text
        match = re.search(rf'"([^"]+\+\+webresource\+\+[^"]+/{re.escape(name)})"', html)
        self.assertIsNotNone(match, f"{name} not on the front page")
        return match.group(1)

    def test_versioned_resource_cached_at_least_a_day(self):
        response = self.get(self.versioned("finder.js"))
        cache = directives(response)
        self.assertGreaterEqual(int(cache.get("max-age", 0)), 86400, cache)
        self.assertNotIn("private", cache)
        self.assertNotIn("no-store", cache)

    def test_text_resource_over_1_kb_compressed(self):
        url = self.versioned("finder.js")
        plain = requests.get(url, timeout=60, headers={"Accept-Encoding": "identity"})
        self.assertGreater(len(plain.content), 1024)
        self.assertNotIn("Content-Encoding", plain.headers)
        compressed = requests.get(url, headers=GZIP, timeout=60, stream=True)
        self.assertIn(compressed.headers.get("Content-Encoding"), ("gzip", "br"))
        self.assertIn("Accept-Encoding", compressed.headers.get("Vary", ""))
        wire = compressed.raw.read(decode_content=False)
        self.assertLess(len(wire), len(plain.content) / 2)

    def test_html_compressed(self):
        for url in (self.front, self.finder):
            with self.subTest(url=url):
                response = self.get(url, **GZIP)
                self.assertEqual(response.headers.get("Content-Encoding"), "gzip")

    def test_anonymous_html_short_lived_and_revalidatable(self):
        for url in (self.front, self.finder):
            with self.subTest(url=url):
                response = self.get(url, **GZIP)
                cache = directives(response)
                self.assertEqual(cache.get("max-age"), "0", cache)
                self.assertIn("must-revalidate", cache)
                self.assertLessEqual(int(cache.get("s-maxage", 0)), 300, cache)
                etag = response.headers.get("ETag")
                self.assertTrue(etag, "no ETag to revalidate with")
                again = requests.get(
                    url, headers={**GZIP, "If-None-Match": etag}, timeout=60
                )
                self.assertEqual(again.status_code, 304)

    def test_authenticated_pages_never_publicly_cacheable(self):
        auth = (SITE_OWNER_NAME, SITE_OWNER_PASSWORD)
        for url in (self.front, self.finder, f"{self.front}/beratungsstellen"):
            with self.subTest(url=url):
                response = self.get(url, auth=auth, **GZIP)
                self.assertIn("userrole-authenticated", response.text)
                cache = directives(response)
                self.assertNotIn("public", cache)
                self.assertNotIn("s-maxage", cache)
                self.assertTrue(
                    "private" in cache or "no-store" in cache, response.headers
                )

    def test_anonymous_front_page_without_editing_bundles(self):
        html = self.get(self.front).text
        self.assertIn("sozialplattform", bundles(html))
        self.assertFalse(bundles(html) & set(EDITING_BUNDLES), bundles(html))
        self.assertNotIn("bundle-plone", html)

    def test_members_still_get_plone_bundle(self):
        html = self.get(self.front, auth=(SITE_OWNER_NAME, SITE_OWNER_PASSWORD)).text
        self.assertIn("plone", bundles(html))

    def test_rest_api_never_in_a_shared_cache(self):
        response = self.get(
            f"{self.front}/++api++/@search?portal_type=CounsellingCentre",
            Accept="application/json",
        )
        cache = directives(response)
        self.assertIn("private", cache, response.headers)
        self.assertNotIn("s-maxage", cache)

    def test_html_varies_on_accept(self):
        # the same URL answers JSON with Accept: application/json (plone.restapi)
        vary = self.get(self.front).headers.get("Vary", "")
        self.assertIn("Accept", [part.strip() for part in vary.split(",")])

    def test_any_commit_makes_the_page_modified(self):
        # pages show more than the catalog (registry settings, operator data): a change
        # there must not be answered with 304
        from plone.registry.interfaces import IRegistry
        from zope.component import getUtility
        from zope.component.hooks import setSite
        import transaction

        etag = self.get(self.front, **GZIP).headers["ETag"]
        site = self.layer["app"][DISTRIBUTION_SITE_ID]
        setSite(site)
        registry = getUtility(IRegistry)
        registry["plone.site_title"] = "Sozialplattform Testland"
        transaction.commit()
        again = requests.get(
            self.front, headers={**GZIP, "If-None-Match": etag}, timeout=60
        )
        self.assertEqual(again.status_code, 200)
        self.assertNotEqual(again.headers["ETag"], etag)
