"""Anonymous visitors see the published example centres, not the drafts."""

from html import escape
from sozialplattform.site.distributions.centres import centre_data
from sozialplattform.site.testing import DISTRIBUTION_FUNCTIONAL_TESTING
from sozialplattform.site.testing import DISTRIBUTION_SITE_ID
from sozialplattform.site.testing import server_url
import requests
import unittest


class TestPublicPages(unittest.TestCase):
    layer = DISTRIBUTION_FUNCTIONAL_TESTING

    def setUp(self):
        data = [item for item in centre_data() if item["state"] == "berlin"]
        self.published = next(i for i in data if i["review_state"] == "published")
        self.draft = next(i for i in data if i["review_state"] != "published")

    def url(self, item, *rest):
        path = "/".join(
            [DISTRIBUTION_SITE_ID, "beratungsstellen", item["state"], item["id"], *rest]
        )
        return server_url(self.layer, path)

    def test_published_centre_page(self):
        response = requests.get(self.url(self.published), timeout=30)
        self.assertEqual(response.status_code, 200)
        self.assertIn(escape(self.published["values"]["title"]), response.text)

    def test_published_centre_json(self):
        response = requests.get(
            server_url(
                self.layer,
                f"{DISTRIBUTION_SITE_ID}/++api++/beratungsstellen/berlin/"
                f"{self.published['id']}",
            ),
            headers={"Accept": "application/json"},
            timeout=30,
        )
        self.assertEqual(response.status_code, 200)
        data = response.json()
        self.assertEqual(data["postcode"], self.published["values"]["postcode"])
        self.assertEqual(data["state"], "DE-BE")

    def test_draft_centre_hidden(self):
        response = requests.get(self.url(self.draft), timeout=30, allow_redirects=False)
        self.assertIn(response.status_code, (302, 401, 403, 404))
        if response.status_code == 302:
            self.assertIn("login", response.headers["Location"])
        self.assertNotIn(escape(self.draft["values"]["title"]), response.text)


class TestFrontPageLinks(unittest.TestCase):
    """The front page leads centres to the onboarding pages and the handbooks."""

    layer = DISTRIBUTION_FUNCTIONAL_TESTING

    def test_links_resolve_for_anonymous(self):
        from lxml import html as lxml_html

        front = server_url(self.layer, DISTRIBUTION_SITE_ID)  # no trailing slash
        tree = lxml_html.fromstring(requests.get(front, timeout=30).content)
        tree.make_links_absolute(front)
        wanted = {
            "Anbindung für Beratungsstellen",
            "Anbindung beantragen",
            "Downloadbereich",
        }
        links = {
            a.text_content().strip(): a.get("href")
            for a in tree.xpath("//*[@id='content-core' or @id='content']//a")
            if a.text_content().strip() in wanted
        }
        self.assertEqual(set(links), wanted)
        for title, href in links.items():
            response = requests.get(href, timeout=30)
            self.assertEqual(response.status_code, 200, f"{title}: {href}")


class TestFooter(unittest.TestCase):
    layer = DISTRIBUTION_FUNCTIONAL_TESTING

    def test_accessibility_statement_linked_once(self):
        from lxml import html as lxml_html

        page = requests.get(server_url(self.layer, DISTRIBUTION_SITE_ID), timeout=30)
        tree = lxml_html.fromstring(page.content)
        labels = [a.text_content().strip() for a in tree.xpath("//a")]
        self.assertEqual(labels.count("Barrierefreiheit"), 1, labels)
