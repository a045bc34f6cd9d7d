"""The download area over HTTP, anonymously: page, filters, PDF download, @search."""

from sozialplattform.site.downloads.handbooks import HANDBOOKS
from sozialplattform.site.testing import DISTRIBUTION_FUNCTIONAL_TESTING
from sozialplattform.site.testing import DISTRIBUTION_SITE_ID
from sozialplattform.site.testing import server_url
import requests
import unittest


class TestDownloadsOverHTTP(unittest.TestCase):
    layer = DISTRIBUTION_FUNCTIONAL_TESTING

    def url(self, path: str) -> str:
        return server_url(self.layer, f"{DISTRIBUTION_SITE_ID}/{path}")

    def get(self, path: str, **kwargs):
        return requests.get(self.url(path), timeout=30, **kwargs)

    def test_anonymous_page(self):
        response = self.get("downloads", headers={"Accept-Language": "de"})
        self.assertEqual(response.status_code, 200)
        self.assertIn("Downloadbereich", response.text)
        self.assertEqual(response.text.count('class="downloads-item'), len(HANDBOOKS))
        self.assertIn('name="funktion"', response.text)
        self.assertIn('name="rolle"', response.text)

    def test_filter_by_function_and_role(self):
        response = self.get("downloads", params={"funktion": "finder"})
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.text.count('class="downloads-item'), 3)
        response = self.get(
            "downloads", params={"funktion": "finder", "rolle": "beratungsstelle"}
        )
        self.assertEqual(response.text.count('class="downloads-item'), 1)
        self.assertIn(
            "Finder &amp; Self-Service: Handbuch für Beratungsstellen", response.text
        )

    def test_unknown_filter_is_400(self):
        response = self.get("downloads", params={"rolle": "<script>"})
        self.assertEqual(response.status_code, 400)
        self.assertNotIn("<script>", response.text)
        self.assertIn("downloads-role-error", response.text)

    def test_pdf_download(self):
        handbook = HANDBOOKS[0]
        response = self.get(f"downloads/{handbook.file_id}/@@download/file")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.headers["Content-Type"], "application/pdf")
        self.assertTrue(response.content.startswith(b"%PDF-"))
        self.assertEqual(response.content, handbook.pdf_path.read_bytes())

    def test_rest_search_by_tag(self):
        response = self.get(
            "++api++/@search",
            params={"portal_type": "File", "Subject": "funktion:finder"},
            headers={"Accept": "application/json"},
        )
        self.assertEqual(response.status_code, 200)
        titles = {item["title"] for item in response.json()["items"]}
        self.assertEqual(
            titles, {h.title for h in HANDBOOKS if "finder" in h.functions}
        )

    def test_rest_search_function_and_role(self):
        response = self.get(
            "++api++/@search",
            params={
                "portal_type": "File",
                "Subject.query": ["funktion:onlineberatung", "rolle:landesredaktion"],
                "Subject.operator": "and",
                "metadata_fields": "Subject",
            },
            headers={"Accept": "application/json"},
        )
        self.assertEqual(response.status_code, 200)
        items = response.json()["items"]
        self.assertEqual([i["title"] for i in items], ["Online-Beratung: Handbuch"])
        self.assertIn("rolle:landesredaktion", items[0]["Subject"])


class TestDownloadsConvertedParameters(unittest.TestCase):
    """``funktion:int=5`` reaches the view as an int: a field message, no 500."""

    layer = DISTRIBUTION_FUNCTIONAL_TESTING

    def test_converted_value(self):
        for params in ({"funktion:int": "5"}, {"rolle:float": "1.5"}):
            with self.subTest(params=params):
                response = requests.get(
                    server_url(self.layer, f"{DISTRIBUTION_SITE_ID}/downloads"),
                    params=params,
                    timeout=30,
                )
                self.assertEqual(response.status_code, 400, response.text[:500])
                self.assertIn("downloads-", response.text)
