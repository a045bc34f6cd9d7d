"""The vocabularies through a real WSGI server: @vocabularies, @controlpanels, classic form."""

from plone import api
from plone.app.testing import SITE_OWNER_NAME
from plone.app.testing import SITE_OWNER_PASSWORD
from Products.PluginIndexes.KeywordIndex.KeywordIndex import KeywordIndex
from sozialplattform.site.testing import FUNCTIONAL_TESTING
from sozialplattform.site.testing import server_url
from sozialplattform.site.vocabularies.defaults import DEFAULT_TERMS
from sozialplattform.site.vocabularies.registry import default_lines
from zope.component.hooks import setSite
import requests
import transaction
import unittest


ADMIN = (SITE_OWNER_NAME, SITE_OWNER_PASSWORD)
PANEL = "@controlpanels/sozialplattform-vocabularies"
PASSWORD = "secret-Passw0rd"


def error_fields(error: dict) -> list[str]:
    """The fields named by a REST 400 with field errors."""
    return [item["field"] for item in error["errors"]]


class RestTestCase(unittest.TestCase):
    layer = FUNCTIONAL_TESTING

    def setUp(self):
        self.portal = self.layer["portal"]
        setSite(self.portal)

    def create_user(self, username, roles):
        self.portal.acl_users.userFolderAddUser(username, PASSWORD, list(roles), [])
        transaction.commit()
        return (username, PASSWORD)

    def request(self, method, path, **kwargs):
        headers = {"Accept": "application/json"}
        if "json" in kwargs:
            headers["Content-Type"] = "application/json"
        return requests.request(
            method,
            server_url(self.layer, f"plone/++api++/{path}"),
            headers=headers,
            timeout=30,
            allow_redirects=False,
            **kwargs,
        )

    def record(self, name):
        transaction.begin()  # see what the server committed
        return api.portal.get_registry_record(f"sozialplattform.vocabularies.{name}")


class TestVocabulariesEndpoint(RestTestCase):
    def test_anonymous_get_each_vocabulary(self):
        for name, terms in DEFAULT_TERMS.items():
            response = self.request("GET", f"@vocabularies/sozialplattform.{name}")
            self.assertEqual(response.status_code, 200, name)
            self.assertEqual(response.json()["items_total"], len(terms), name)
            response = self.request(
                "GET", f"@vocabularies/sozialplattform.{name}?b_size=-1"
            )
            self.assertEqual(response.status_code, 200, name)
            items = {item["token"]: item["title"] for item in response.json()["items"]}
            self.assertEqual(items, dict(terms), name)

    def test_listed(self):
        names = {item["title"] for item in self.request("GET", "@vocabularies").json()}
        self.assertLessEqual(
            {f"sozialplattform.{name}" for name in DEFAULT_TERMS}, names
        )

    def test_order(self):
        data = self.request("GET", "@vocabularies/sozialplattform.channels").json()
        self.assertEqual(
            [item["token"] for item in data["items"]],
            ["on_site", "phone", "video", "chat", "email"],
        )
        data = self.request(
            "GET", "@vocabularies/sozialplattform.languages?b_size=-1"
        ).json()
        titles = [item["title"] for item in data["items"]]
        self.assertEqual(titles[0], "Albanisch")
        self.assertLess(titles.index("Tigrinya"), titles.index("Türkisch"))

    def test_registry_change_visible(self):
        api.portal.set_registry_record(
            "sozialplattform.vocabularies.channels", ["chat|Chat", "letter|Brief"]
        )
        transaction.commit()
        data = self.request("GET", "@vocabularies/sozialplattform.channels").json()
        self.assertEqual(
            data["items"],
            [{"token": "chat", "title": "Chat"}, {"token": "letter", "title": "Brief"}],
        )


class TestControlpanelEndpoint(RestTestCase):
    def test_get_admin(self):
        response = self.request("GET", PANEL, auth=ADMIN)
        self.assertEqual(response.status_code, 200)
        data = response.json()
        self.assertEqual(data["data"]["channels"], default_lines("channels"))
        self.assertEqual(
            set(data["schema"]["properties"]),
            {"topics", "target_groups", "languages", "channels"},
        )

    def test_listed(self):
        response = self.request("GET", "@controlpanels", auth=ADMIN)
        self.assertEqual(response.status_code, 200)
        self.assertIn(
            "sozialplattform-vocabularies",
            [panel["@id"].rsplit("/", 1)[-1] for panel in response.json()],
        )

    def test_get_anonymous(self):
        self.assertEqual(self.request("GET", PANEL).status_code, 401)

    def test_patch_admin(self):
        lines = [*default_lines("topics"), " einsamkeit | Einsamkeit "]
        response = self.request("PATCH", PANEL, auth=ADMIN, json={"topics": lines})
        self.assertEqual(response.status_code, 204, response.text)
        self.assertEqual(self.record("topics")[-1], "einsamkeit|Einsamkeit")
        data = self.request(
            "GET", "@vocabularies/sozialplattform.topics?b_size=-1"
        ).json()
        self.assertIn({"token": "einsamkeit", "title": "Einsamkeit"}, data["items"])

    def test_patch_site_administrator(self):
        auth = self.create_user("siteadmin", ("Member", "Site Administrator"))
        response = self.request(
            "PATCH",
            PANEL,
            auth=auth,
            json={"channels": ["phone|Telefon", "chat|Chat"]},
        )
        self.assertEqual(response.status_code, 204, response.text)
        self.assertEqual(self.record("channels"), ["phone|Telefon", "chat|Chat"])

    def test_patch_anonymous(self):
        response = self.request("PATCH", PANEL, json={"channels": ["phone|Telefon"]})
        self.assertEqual(response.status_code, 401)
        self.assertEqual(self.record("channels"), default_lines("channels"))

    def test_patch_member_refused(self):
        auth = self.create_user("editor", ("Member", "Editor"))
        response = self.request(
            "PATCH",
            PANEL,
            auth=auth,
            json={"channels": ["phone|Telefon"]},
        )
        self.assertIn(response.status_code, (401, 403))
        self.assertEqual(self.record("channels"), default_lines("channels"))

    def test_patch_needs_manage_settings(self):
        # A role that may see the control panels but not manage the add-on's settings.
        self.portal.manage_permission(
            "Plone Site Setup: Overview", ["Manager", "Site Administrator", "Reviewer"]
        )
        auth = self.create_user("reviewer", ("Member", "Reviewer"))
        self.assertEqual(self.request("GET", PANEL, auth=auth).status_code, 200)
        response = self.request(
            "PATCH", PANEL, auth=auth, json={"channels": ["chat|Chat"]}
        )
        self.assertIn(response.status_code, (401, 403))
        self.assertEqual(self.record("channels"), default_lines("channels"))

    def test_patch_invalid_token(self):
        response = self.request(
            "PATCH",
            PANEL,
            auth=ADMIN,
            json={"target_groups": ["kinder|Kinder", "Eltern Paare|Eltern"]},
        )
        self.assertEqual(response.status_code, 400)
        error = response.json()
        self.assertEqual(error["type"], "BadRequest")
        self.assertEqual(error_fields(error), ["target_groups"])
        self.assertIn('the token "Eltern Paare"', error["message"])
        self.assertEqual(self.record("target_groups"), default_lines("target_groups"))

    def test_patch_invalid_language_tag(self):
        response = self.request(
            "PATCH",
            PANEL,
            auth=ADMIN,
            json={"languages": ["de|Deutsch", "de_AT|Österreich"]},
        )
        self.assertEqual(response.status_code, 400)
        self.assertEqual(error_fields(response.json()), ["languages"])
        self.assertIn("not a language tag", response.json()["message"])

    def test_patch_html_label(self):
        response = self.request(
            "PATCH", PANEL, auth=ADMIN, json={"channels": ["chat|<b>Chat</b>"]}
        )
        self.assertEqual(response.status_code, 400)
        self.assertEqual(error_fields(response.json()), ["channels"])

    def test_patch_removal_of_used_token(self):
        catalog = api.portal.get_tool("portal_catalog")
        if "channels" not in catalog.indexes():
            catalog.addIndex("channels", KeywordIndex("channels"))
        with api.env.adopt_roles(["Manager"]):
            document = api.content.create(
                container=self.portal, type="Document", id="beratung", title="Beratung"
            )
        document.channels = ["chat", "phone"]
        document.reindexObject()
        transaction.commit()
        response = self.request(
            "PATCH",
            PANEL,
            auth=ADMIN,
            json={"channels": ["phone|Telefon", "video|Video"]},
        )
        self.assertEqual(response.status_code, 400)
        message = response.json()["message"]
        self.assertEqual(error_fields(response.json()), ["channels"])
        self.assertIn('"chat" cannot be removed: an item still uses it.', message)
        self.assertEqual(self.record("channels"), default_lines("channels"))
        # relabelling is fine
        response = self.request(
            "PATCH",
            PANEL,
            auth=ADMIN,
            json={"channels": ["phone|Telefonberatung", "chat|Chat", "video|Video"]},
        )
        self.assertEqual(response.status_code, 204, response.text)


class TestClassicControlPanel(RestTestCase):
    def get(self, **kwargs):
        return requests.get(
            server_url(self.layer, "plone/@@sozialplattform-vocabularies"),
            timeout=30,
            allow_redirects=False,
            **kwargs,
        )

    def test_admin(self):
        response = self.get(auth=ADMIN)
        self.assertEqual(response.status_code, 200)
        self.assertIn('id="form-widgets-topics"', response.text)
        self.assertIn("gsg|Deutsche Gebärdensprache", response.text)

    def test_anonymous(self):
        response = self.get()
        self.assertIn(response.status_code, (302, 401, 403))
        if response.status_code == 302:
            self.assertIn("login", response.headers["Location"])

    def test_in_site_setup(self):
        response = requests.get(
            server_url(self.layer, "plone/@@overview-controlpanel"),
            auth=ADMIN,
            timeout=30,
        )
        self.assertEqual(response.status_code, 200)
        self.assertIn("@@sozialplattform-vocabularies", response.text)
