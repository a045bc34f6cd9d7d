"""Bad input to Plone core reached through the site: 4xx with a message, no traceback.

Every probe runs over HTTP as anonymous visitor and as an authenticated member (the
guards live in ``sozialplattform.site.overrides``).
"""

from plone.app.testing import SITE_OWNER_NAME
from plone.app.testing import SITE_OWNER_PASSWORD
from sozialplattform.site.overrides import batching
from sozialplattform.site.testing import DISTRIBUTION_FUNCTIONAL_TESTING
from sozialplattform.site.testing import DISTRIBUTION_SITE_ID
from sozialplattform.site.testing import FUNCTIONAL_TESTING
from sozialplattform.site.testing import server_url
from test_permissions.fixtures import CENTRE_EDITOR
from test_permissions.fixtures import create_centre
from test_permissions.fixtures import make_centre_editor
from test_permissions.fixtures import MEMBER
from test_permissions.fixtures import PASSWORD
from test_permissions.fixtures import set_up_people
import json
import requests
import transaction
import unittest


JSON = {"Accept": "application/json"}
SEND_JSON = {**JSON, "Content-Type": "application/json"}
HTML = {"Accept": "text/html"}
CRITERION = {
    "i": "portal_type",
    "o": "plone.app.querystring.operation.selection.any",
    "v": ["CounsellingCentre"],
}

#: (name, method, path below the site, headers, body); paths with ``++api++`` are REST.
REST_PROBES = [
    ("search b_size -1", "GET", "++api++/@search?b_size=-1", JSON, None),
    ("search b_size 0", "GET", "++api++/@search?b_size=0", JSON, None),
    ("search b_start abc", "GET", "++api++/@search?b_start=abc", JSON, None),
    ("search b_start -1", "GET", "++api++/@search?b_start=-1", JSON, None),
    ("search sort_limit x", "GET", "++api++/@search?sort_limit=x", JSON, None),
    (
        "search sort_on text",
        "GET",
        "++api++/@search?sort_on=SearchableText",
        JSON,
        None,
    ),
    ("search sort_on none", "GET", "++api++/@search?sort_on=nonsense", JSON, None),
    ("search quote", "GET", '++api++/@search?SearchableText="', JSON, None),
    ("search AND OR", "GET", "++api++/@search?SearchableText=AND%20OR", JSON, None),
    ("search NOT", "GET", "++api++/@search?SearchableText=NOT", JSON, None),
    ("search modified", "GET", "++api++/@search?modified=notadate", JSON, None),
    (
        "search modified query",
        "GET",
        "++api++/@search?modified.query=notadate&modified.range=min",
        JSON,
        None,
    ),
    (
        "qs string query",
        "POST",
        "++api++/@querystring-search",
        SEND_JSON,
        {"query": "abc"},
    ),
    ("qs list body", "POST", "++api++/@querystring-search", SEND_JSON, []),
    (
        "qs negative b_size",
        "POST",
        "++api++/@querystring-search",
        SEND_JSON,
        {"query": [CRITERION], "b_size": -1},
    ),
    (
        "qs nested",
        "POST",
        "++api++/@querystring-search",
        SEND_JSON,
        {"query": json.loads("[" * 200 + "]" * 200)},
    ),
    (
        "qs deeply nested",
        "POST",
        "++api++/@querystring-search",
        SEND_JSON,
        '{"query": ' + "[" * 100_000 + "]" * 100_000 + "}",
    ),
    (
        "qs criterion without i",
        "POST",
        "++api++/@querystring-search",
        SEND_JSON,
        {"query": [{"o": "x", "v": 1}]},
    ),
    (
        "qs value object",
        "POST",
        "++api++/@querystring-search",
        SEND_JSON,
        {"query": [{**CRITERION, "v": {"a": [1]}}]},
    ),
    (
        "qs operator the index does not offer",
        "POST",
        "++api++/@querystring-search",
        SEND_JSON,
        {
            "query": [
                {
                    "i": "path",
                    "o": "plone.app.querystring.operation.selection.any",
                    "v": "",
                },
                {
                    "i": "path",
                    "o": "plone.app.querystring.operation.string.absolutePath",
                    "v": "/x",
                },
            ]
        },
    ),
    (
        "qs text index with a list",
        "POST",
        "++api++/@querystring-search",
        SEND_JSON,
        {
            "query": [
                {
                    "i": "SearchableText",
                    "o": "plone.app.querystring.operation.string.contains",
                    "v": ["a", "b"],
                }
            ]
        },
    ),
    (
        "qs path operator with a list",
        "POST",
        "++api++/@querystring-search",
        SEND_JSON,
        {
            "query": [
                {
                    "i": "path",
                    "o": "plone.app.querystring.operation.string.absolutePath",
                    "v": ["/a", "/b"],
                }
            ]
        },
    ),
    (
        "qs sort_on text",
        "POST",
        "++api++/@querystring-search",
        SEND_JSON,
        {"query": [CRITERION], "sort_on": "SearchableText"},
    ),
    (
        "qs GET negative b_size",
        "GET",
        "++api++/@querystring-search?query="
        + json.dumps({"query": [CRITERION], "b_size": -1}),
        JSON,
        None,
    ),
    (
        "deeply nested body elsewhere",
        "PATCH",
        "++api++/beratungsstellen/berlin/a",
        SEND_JSON,
        "[" * 100_000 + "]" * 100_000,
    ),
    ("login list", "POST", "++api++/@login", SEND_JSON, []),
    ("login invalid json", "POST", "++api++/@login", SEND_JSON, "{bad"),
    (
        "login number",
        "POST",
        "++api++/@login",
        SEND_JSON,
        {"login": 5, "password": "x"},
    ),
    (
        "login password list",
        "POST",
        "++api++/@login",
        SEND_JSON,
        {"login": "member", "password": ["x"]},
    ),
    ("finder int converter", "GET", "++api++/@finder?b_size:int=abc", JSON, None),
    ("finder float converter", "GET", "++api++/@finder?radius:float=abc", JSON, None),
    ("finder date converter", "GET", "++api++/@finder?x:date=notadate", JSON, None),
    (
        "PATCH without Accept",
        "PATCH",
        "++api++/beratungsstellen/berlin/a",
        {"Content-Type": "application/json"},
        {"title": "x"},
    ),
    ("DELETE without Accept", "DELETE", "++api++/beratungsstellen/berlin/a", {}, None),
    (
        "PATCH site without Accept",
        "PATCH",
        "++api++",
        {"Content-Type": "application/json"},
        {},
    ),
    ("users sub-path", "GET", "++api++/@users/member/foo", JSON, None),
    ("users POST sub-path", "POST", "++api++/@users/member/foo", SEND_JSON, {}),
    ("search gopip", "GET", "++api++/@search?getObjPositionInParent=abc", JSON, None),
    ("search created", "GET", "++api++/@search?created=notadate", JSON, None),
    (
        "contextnavigation topLevel",
        "GET",
        "++api++/@contextnavigation?expand.contextnavigation.topLevel=abc",
        JSON,
        None,
    ),
    (
        "contextnavigation bottomLevel",
        "GET",
        "++api++/@contextnavigation?expand.contextnavigation.bottomLevel=abc",
        JSON,
        None,
    ),
    (
        "expanded contextnavigation",
        "GET",
        "++api++?expand=contextnavigation&expand.contextnavigation.topLevel=x",
        JSON,
        None,
    ),
    ("relations max", "GET", "++api++/@relations?relation=x&max=abc", JSON, None),
    ("linkintegrity unknown uid", "GET", "++api++/@linkintegrity?uids=x", JSON, None),
    ("users unknown sub-path", "GET", "++api++/@users/nobody/foo/bar", JSON, None),
    (
        "multipart without boundary",
        "POST",
        "++api++/@login",
        {**JSON, "Content-Type": "multipart/form-data"},
        "x",
    ),
    (
        "multipart without boundary on content",
        "PATCH",
        "++api++/beratungsstellen/berlin/a",
        {**JSON, "Content-Type": "multipart/form-data; charset=utf-8"},
        "x",
    ),
    (
        "sharing body null",
        "GET",
        "++api++/beratungsstellen/berlin/a/@sharing",
        SEND_JSON,
        "null",
    ),
    ("sharing", "GET", "++api++/beratungsstellen/berlin/a/@sharing", JSON, None),
    (
        "sharing POST refused",
        "POST",
        "++api++/beratungsstellen/berlin/a/@sharing",
        SEND_JSON,
        {"entries": [{"id": "x", "type": "user", "roles": {"Editor": True}}]},
    ),
]

#: (name, method, path, headers, body): an editor's lock requests, refused
LOCK_PROBES = [
    (
        f"lock timeout {timeout!r}",
        "POST",
        "++api++/beratungsstellen/berlin/a/@lock",
        SEND_JSON,
        {"timeout": timeout},
    )
    for timeout in ("abc", 10**20, -1, 0, True, [1])
]

#: @@getVocabulary is a JSON view of Classic UI (status 400, no REST error body)
VOCABULARY = "@@getVocabulary?name=plone.app.vocabularies.Catalog"
JSON_VIEW_PROBES = [
    ("vocabulary query not JSON", "GET", VOCABULARY + "&query=notjson", JSON, None),
    ("vocabulary query broken JSON", "GET", VOCABULARY + "&query={x}", JSON, None),
    (
        "vocabulary criteria number",
        "GET",
        VOCABULARY + '&query={"criteria":5}',
        JSON,
        None,
    ),
    ("vocabulary query list", "GET", VOCABULARY + "&query=[1]", JSON, None),
    (
        "vocabulary bad criterion",
        "GET",
        VOCABULARY + '&query={"criteria":[{"i":5}]}',
        JSON,
        None,
    ),
    (
        "vocabulary batch",
        "GET",
        VOCABULARY + '&query={"criteria":[]}&batch={"page":"x","size":10}',
        JSON,
        None,
    ),
    (
        "vocabulary batch too large",
        "GET",
        VOCABULARY + '&query={"criteria":[]}&batch={"page":1,"size":501}',
        JSON,
        None,
    ),
]

HTML_PROBES = [
    ("ajax-search perPage", "GET", "@@ajax-search?perPage=abc", HTML, None),
    ("ajax-search page", "GET", "@@ajax-search?page=abc", HTML, None),
    ("page int converter", "GET", "@@finder?b_size:int=abc", HTML, None),
    ("page float converter", "GET", "@@finder?radius:float=abc", HTML, None),
    (
        "page multipart without boundary",
        "POST",
        "@@finder",
        {**HTML, "Content-Type": "multipart/form-data"},
        "x",
    ),
]

ANONYMOUS_AUTH = None
MEMBER_AUTH = (MEMBER, PASSWORD)
OWNER_AUTH = (SITE_OWNER_NAME, SITE_OWNER_PASSWORD)
EDITOR_AUTH = (CENTRE_EDITOR, PASSWORD)


def send(layer, method, path, headers, body, *, auth=None):
    data = body if body is None or isinstance(body, str) else json.dumps(body)
    return requests.request(
        method,
        server_url(layer, f"plone/{path}"),
        headers=headers,
        data=data,
        auth=auth,
        timeout=60,
        allow_redirects=False,
    )


class CoreBadInputBase(unittest.TestCase):
    layer = FUNCTIONAL_TESTING

    def setUp(self):
        berlin = set_up_people(self.layer["portal"])
        centre = create_centre(berlin, "a", "Centre A", "published")
        make_centre_editor(CENTRE_EDITOR, centre)
        transaction.commit()

    def assert_no_traceback(self, response, label):
        self.assertNotIn("Traceback", response.text, label)
        self.assertNotIn('File "', response.text, label)
        self.assertNotIn("traceback", response.text.lower(), label)

    def assert_rest_error(self, response, label):
        self.assertTrue(
            400 <= response.status_code < 500,
            f"{label}: {response.status_code} {response.text[:300]}",
        )
        self.assertIn(
            "application/json", response.headers.get("Content-Type", ""), label
        )
        data = response.json()
        self.assertIsInstance(data, dict, label)
        self.assertTrue(data.get("type"), f"{label}: {data}")
        self.assertTrue(data.get("message"), f"{label}: {data}")
        self.assert_no_traceback(response, label)


class TestCoreBadInput(CoreBadInputBase):
    def probe_rest(self, auth, who):
        for name, method, path, headers, body in REST_PROBES:
            label = f"{who}: {name}"
            with self.subTest(label):
                response = send(self.layer, method, path, headers, body, auth=auth)
                self.assert_rest_error(response, label)

    def probe_html(self, auth, who):
        for name, method, path, headers, body in HTML_PROBES:
            label = f"{who}: {name}"
            with self.subTest(label):
                response = send(self.layer, method, path, headers, body, auth=auth)
                self.assertEqual(response.status_code, 400, label)
                self.assertIn("text/html", response.headers["Content-Type"], label)
                self.assertIn("<html", response.text, label)
                self.assert_no_traceback(response, label)

    def test_rest_anonymous(self):
        self.probe_rest(ANONYMOUS_AUTH, "anonymous")

    def test_rest_member(self):
        self.probe_rest(MEMBER_AUTH, "member")

    def test_json_views(self):
        for auth, who in ((ANONYMOUS_AUTH, "anonymous"), (MEMBER_AUTH, "member")):
            for name, method, path, headers, body in JSON_VIEW_PROBES:
                label = f"{who}: {name}"
                with self.subTest(label):
                    response = send(self.layer, method, path, headers, body, auth=auth)
                    self.assertEqual(response.status_code, 400, label)
                    self.assert_no_traceback(response, label)

    def test_lock_timeout(self):
        """A refused timeout leaves the centre unlocked."""
        from plone.locking.interfaces import ILockable

        for name, method, path, headers, body in LOCK_PROBES:
            with self.subTest(name):
                response = send(
                    self.layer, method, path, headers, body, auth=EDITOR_AUTH
                )
                self.assert_rest_error(response, name)
        transaction.begin()
        centre = self.layer["portal"]["beratungsstellen"]["berlin"]["a"]
        self.assertFalse(ILockable(centre).locked())
        response = send(
            self.layer,
            "POST",
            "++api++/beratungsstellen/berlin/a/@lock",
            SEND_JSON,
            {"timeout": 60},
            auth=EDITOR_AUTH,
        )
        self.assertEqual(response.status_code, 200, response.text)

    def test_html_anonymous(self):
        self.probe_html(ANONYMOUS_AUTH, "anonymous")

    def test_html_member(self):
        self.probe_html(MEMBER_AUTH, "member")

    def test_nothing_changed(self):
        """The refused PATCH/DELETE without Accept left the centre as it was."""
        for auth in (ANONYMOUS_AUTH, MEMBER_AUTH):
            send(
                self.layer,
                "DELETE",
                "++api++/beratungsstellen/berlin/a",
                {},
                None,
                auth=auth,
            )
        response = send(
            self.layer, "GET", "++api++/beratungsstellen/berlin/a", JSON, None
        )
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.json()["title"], "Centre A")


class TestMessages(CoreBadInputBase):
    def message(self, method, path, headers=JSON, body=None, auth=None):
        response = send(self.layer, method, path, headers, body, auth=auth)
        self.assertEqual(response.status_code, 400, response.text)
        return response.json()["message"]

    def test_messages_name_the_problem(self):
        self.assertIn("b_size", self.message("GET", "++api++/@search?b_size=-1"))
        self.assertIn(
            "sort_on", self.message("GET", "++api++/@search?sort_on=SearchableText")
        )
        self.assertIn(
            "SearchableText", self.message("GET", '++api++/@search?SearchableText="')
        )
        self.assertIn("modified", self.message("GET", "++api++/@search?modified=x"))
        self.assertIn(":int", self.message("GET", "++api++/@finder?b_size:int=abc"))
        self.assertIn(
            "query",
            self.message(
                "POST", "++api++/@querystring-search", SEND_JSON, {"query": "abc"}
            ),
        )
        self.assertIn(
            "login",
            self.message(
                "POST", "++api++/@login", SEND_JSON, {"login": 5, "password": "x"}
            ),
        )

    def test_good_input_still_works(self):
        for path in (
            "++api++/@search?SearchableText=Centre&sort_on=sortable_title&b_size=5",
            "++api++/@search?SearchableText=(((",
            "++api++/@search?modified.query=2020-01-01&modified.range=min",
            "++api++/@finder?b_size:int=5",
        ):
            with self.subTest(path):
                response = send(self.layer, "GET", path, JSON, None, auth=MEMBER_AUTH)
                self.assertEqual(response.status_code, 200, response.text)
        response = send(
            self.layer,
            "POST",
            "++api++/@querystring-search",
            SEND_JSON,
            {"query": [CRITERION], "b_size": 5},
        )
        self.assertEqual(response.status_code, 200, response.text)
        self.assertEqual(response.json()["items_total"], 1)
        response = send(
            self.layer,
            "PATCH",
            "++api++/beratungsstellen/berlin/a",
            {"Content-Type": "application/json"},
            {"title": "Centre A, renamed"},
            auth=OWNER_AUTH,
        )
        self.assertEqual(response.status_code, 204, response.text)
        response = send(
            self.layer,
            "POST",
            "++api++/@login",
            SEND_JSON,
            {"login": MEMBER, "password": PASSWORD},
        )
        self.assertEqual(response.status_code, 200, response.text)


class TestNoTracebackAfterManager(CoreBadInputBase):
    """Errors in the request's inputs come before ZPublisher resets the user: a
    Manager's earlier request in the same server thread must not make them show a
    traceback to the next visitor."""

    def test_anonymous_after_manager(self):
        for _ in range(3):
            for _thread in range(8):
                send(self.layer, "GET", "++api++/@search", JSON, None, auth=OWNER_AUTH)
                send(self.layer, "GET", "@@finder", HTML, None, auth=OWNER_AUTH)
            for name, method, path, headers, body in REST_PROBES + HTML_PROBES:
                if "converter" not in name and "multipart" not in name:
                    continue
                for _thread in range(4):
                    response = send(self.layer, method, path, headers, body)
                    self.assertTrue(400 <= response.status_code < 500, name)
                    self.assert_no_traceback(response, name)


class TestAnonymousBatchCap(CoreBadInputBase):
    def setUp(self):
        super().setUp()
        from plone import api

        berlin = self.layer["portal"]["beratungsstellen"]["berlin"]
        for number in range(30):
            centre = create_centre(berlin, f"c{number}", f"Centre {number}")
            api.content.transition(centre, transition="publish")
        transaction.commit()

    def items(self, path, auth=None, method="GET", body=None):
        response = send(
            self.layer, method, path, SEND_JSON if body else JSON, body, auth=auth
        )
        self.assertEqual(response.status_code, 200, response.text)
        return response.json()

    def test_fullobjects_capped_for_anonymous(self):
        data = self.items(
            "++api++/@search?portal_type=CounsellingCentre&fullobjects=1&b_size=1000"
        )
        self.assertEqual(len(data["items"]), batching.ANONYMOUS_MAX_B_SIZE_FULLOBJECTS)
        self.assertEqual(data["items_total"], 31)
        self.assertIn("next", data["batching"])

    def test_summary_capped_for_anonymous(self):
        self.assertLess(batching.ANONYMOUS_MAX_B_SIZE_FULLOBJECTS, 31)
        self.assertGreater(batching.ANONYMOUS_MAX_B_SIZE, 31)
        data = self.items("++api++/@search?portal_type=CounsellingCentre&b_size=1000")
        self.assertEqual(len(data["items"]), 31)

    def test_body_capped_for_anonymous(self):
        data = self.items(
            "++api++/@querystring-search",
            method="POST",
            body={"query": [CRITERION], "b_size": 1000, "fullobjects": True},
        )
        self.assertEqual(len(data["items"]), batching.ANONYMOUS_MAX_B_SIZE_FULLOBJECTS)

    def test_members_not_capped(self):
        data = self.items(
            "++api++/@search?portal_type=CounsellingCentre&fullobjects=1&b_size=1000",
            auth=MEMBER_AUTH,
        )
        self.assertEqual(len(data["items"]), 31)


class TestClassicSearch(CoreBadInputBase):
    """Classic @@search leaves out parameters the catalog cannot use, with a notice."""

    def test_bad_parameters_ignored(self):
        for query in (
            "b_start=abc",
            "b_start=-1",
            "b_start=1&b_start=2",
            "created=notadate",
            "modified=notadate",
            "sort_on=SearchableText",
            "getObjPositionInParent=abc",
        ):
            for auth in (ANONYMOUS_AUTH, MEMBER_AUTH):
                with self.subTest(query):
                    response = send(
                        self.layer,
                        "GET",
                        f"@@search?SearchableText=Centre&{query}",
                        HTML,
                        None,
                        auth=auth,
                    )
                    self.assertEqual(response.status_code, 200, query)
                    name = query.partition("=")[0]
                    self.assertIn(f"The search ignored “{name}”", response.text)
                    self.assertIn("Centre A", response.text)

    def test_good_parameters_kept(self):
        response = send(
            self.layer,
            "GET",
            "@@search?SearchableText=Centre&b_start=0&sort_on=sortable_title",
            HTML,
            None,
        )
        self.assertEqual(response.status_code, 200)
        self.assertNotIn("The search ignored", response.text)
        self.assertIn("Centre A", response.text)


class TestGermanMessages(unittest.TestCase):
    """On the German site the guards answer in German (the site's language; for
    errors in parameter names, read before the site is traversed, the browser's)."""

    layer = DISTRIBUTION_FUNCTIONAL_TESTING

    def message(self, path, headers=JSON, body=None, method="GET"):
        response = requests.request(
            method,
            server_url(self.layer, f"{DISTRIBUTION_SITE_ID}/{path}"),
            headers=headers,
            data=body,
            timeout=60,
        )
        self.assertEqual(response.status_code, 400, response.text)
        return response.json()["message"]

    def test_german(self):
        for path, german in (
            ("++api++/@search?b_size=-1", "ganze Zahl"),
            ("++api++/@search?modified=notadate", "nicht gültig"),
            ("++api++/@search?sort_on=SearchableText", "sortiert"),
            ('++api++/@search?SearchableText="', "Suchtext"),
            ("++api++/@relations?relation=x&max=abc", "ganze Zahl"),
        ):
            with self.subTest(path):
                message = self.message(path)
                self.assertIn(german, message)
                self.assertNotIn("<", message)
        self.assertIn(
            "Liste",
            self.message(
                "++api++/@querystring-search",
                SEND_JSON,
                json.dumps({"query": "abc"}),
                "POST",
            ),
        )
        self.assertIn(
            "gelesen",
            self.message(
                "++api++/@finder?b_size:int=abc", {**JSON, "Accept-Language": "de"}
            ),
        )

    def test_classic_search_notice(self):
        response = requests.get(
            server_url(self.layer, f"{DISTRIBUTION_SITE_ID}/@@search?b_start=abc"),
            headers=HTML,
            timeout=60,
        )
        self.assertEqual(response.status_code, 200)
        self.assertIn("ignoriert", response.text)
