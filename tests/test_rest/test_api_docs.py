"""docs/api/centres.md against the running site, so the API documentation cannot drift.

The field tables must list exactly the keys of real GET responses (apart from the
documented standard plone.restapi keys), and every @-service the page names must answer.
"""

from pathlib import Path
from plone import api
from plone.autoform.interfaces import WRITE_PERMISSIONS_KEY
from plone.supermodel.utils import mergedTaggedValueDict
from sozialplattform.site.content.interfaces import CENTRE_SCHEMATA
from sozialplattform.site.content.interfaces import ICentreFolder
from sozialplattform.site.content.interfaces import ICounsellingCentre
from sozialplattform.site.content.interfaces import ICounsellingOffer
from sozialplattform.site.content.interfaces import IState
from sozialplattform.site.testing import FUNCTIONAL_TESTING
from test_permissions.fixtures import ANONYMOUS
from test_permissions.fixtures import CENTRE_EDITOR
from test_permissions.fixtures import create_centre
from test_permissions.fixtures import create_offer
from test_permissions.fixtures import make_centre_editor
from test_permissions.fixtures import rest
from test_permissions.fixtures import set_up_people
from test_permissions.fixtures import SITE_ADMIN
from test_permissions.fixtures import STATE_EDITOR
from zope.component import getGlobalSiteManager
from zope.schema import getFieldNamesInOrder
import re
import transaction
import unittest


DOC = Path(__file__).resolve().parents[2] / "docs" / "api" / "centres.md"
BOOKING_DOC = DOC.with_name("booking.md")
COUNSELLING_DOC = DOC.with_name("counselling.md")
#: Marks fields shown only to users who may modify the centre.
EDITORS_ONLY = "†"
#: JSON keys that look like service names.
JSON_KEYS = frozenset({"@id", "@type", "@components"})
SERVICE_PATTERN = re.compile(r"(?<![\w.@])@[a-z][a-z-]*")
VOCABULARY_PATTERN = re.compile(r"@vocabularies/([\w.]+)")
BERLIN = "beratungsstellen/berlin"
PUBLISHED = f"{BERLIN}/published"
DRAFT = f"{BERLIN}/draft"
#: The types of the field tables: (section heading, "Standard ... keys of a <name>:",
#: the schemata of the type's own fields: its schema and the platform's behaviours).
TABLES = {
    "State": ("State fields", "State", (IState,)),
    "CounsellingCentre": ("Centre fields", "centre", CENTRE_SCHEMATA),
    "CounsellingOffer": ("Offer fields", "offer", (ICounsellingOffer,)),
}


def field_names(schemata) -> set[str]:
    return {name for schema in schemata for name in getFieldNamesInOrder(schema)}


def doc_text() -> str:
    return DOC.read_text(encoding="utf-8")


def section(heading: str) -> list[str]:
    """The lines below the ``##``/``###`` heading up to the next heading of any level."""
    lines = doc_text().splitlines()
    start = next(
        (
            number
            for number, line in enumerate(lines)
            if re.fullmatch(rf"#+ {re.escape(heading)}", line)
        ),
        None,
    )
    if start is None:
        raise AssertionError(f"{DOC.name}: no heading {heading!r}")
    body = []
    for line in lines[start + 1 :]:
        if line.startswith("#"):
            break
        body.append(line)
    return body


def table_rows(heading: str) -> list[list[str]]:
    """The cells of the first table of a section (header and separator skipped)."""
    rows, started = [], False
    for line in section(heading):
        if line.startswith("|"):
            started = True
            rows.append([cell.strip() for cell in line.strip().strip("|").split("|")])
        elif started:
            break
    if len(rows) < 3:
        raise AssertionError(f"{DOC.name}: no table under {heading!r}")
    return rows[2:]


def field_table(heading: str) -> dict[str, dict]:
    """Field name -> {"editors_only": bool, "writer": last column} of a field table."""
    fields = {}
    for cells in table_rows(heading):
        match = re.fullmatch(rf"`(\w+)`( {EDITORS_ONLY})?", cells[0])
        if match is None:
            raise AssertionError(f"{DOC.name}: bad field cell {cells[0]!r}")
        fields[match.group(1)] = {
            "editors_only": bool(match.group(2)),
            "writer": cells[-1],
        }
    return fields


def standard_keys(type_name: str) -> set[str]:
    """The keys listed after "Standard plone.restapi keys of a/an <type_name>:"."""
    text = " ".join(doc_text().split())
    match = re.search(
        rf"Standard plone\.restapi keys of an? {type_name}: (.*?)\.(?: |$)", text
    )
    if match is None:
        raise AssertionError(f"{DOC.name}: no standard keys of {type_name}")
    return set(re.findall(r"`([^`]+)`", match.group(1)))


def named_services() -> set[str]:
    return set(SERVICE_PATTERN.findall(doc_text())) - JSON_KEYS


def registered_services() -> set[str]:
    """The plone.rest services registered for the platform's content interfaces."""
    ours = {IState, ICentreFolder, ICounsellingCentre, ICounsellingOffer}
    names = set()
    for registration in getGlobalSiteManager().registeredAdapters():
        required = registration.required
        if required and required[0] in ours and "_@" in registration.name:
            names.add(registration.name[registration.name.index("_@") + 1 :])
    return names


class TestTables(unittest.TestCase):
    """The tables themselves: complete for the schemas, honest about who may write."""

    def test_schema_fields_are_in_the_tables(self):
        for type_name, (heading, _label, schemata) in TABLES.items():
            with self.subTest(type=type_name):
                documented = set(field_table(heading))
                expected = field_names(schemata)
                if type_name != "State":
                    expected.add("text")  # behaviour plone.richtext
                self.assertEqual(expected - documented, set())

    def test_standard_keys_are_not_fields(self):
        for type_name, (heading, label, _schema) in TABLES.items():
            with self.subTest(type=type_name):
                self.assertEqual(
                    standard_keys(label) & set(field_table(heading)), set()
                )

    def test_protected_fields_are_not_written_by_editors(self):
        table = field_table("Centre fields")
        protected = mergedTaggedValueDict(ICounsellingCentre, WRITE_PERMISSIONS_KEY)
        self.assertTrue(protected)
        for name in protected:
            with self.subTest(field=name):
                self.assertNotEqual(table[name]["writer"], "editors")

    def test_computed_keys_are_read_only(self):
        table = field_table("Centre fields")
        schema_fields = field_names(CENTRE_SCHEMATA) | {"text"}
        computed = set(table) - schema_fields
        self.assertEqual(
            computed, {"state", "available_functions", "booking_url", "counselling_url"}
        )
        for name in computed:
            self.assertEqual(table[name]["writer"], "read-only", name)


class TestDocumentedResponses(unittest.TestCase):
    """A published centre with an offer in Berlin, read over HTTP."""

    layer = FUNCTIONAL_TESTING

    def setUp(self):
        self.portal = self.layer["portal"]
        berlin = set_up_people(self.portal)
        hours = [{"day": "mon", "start": "09:00", "end": "12:00"}]
        published = create_centre(
            berlin, "published", "Centre P", "published", opening_hours=hours
        )
        create_offer(published, "offer", "Offer P", "published", costs="kostenlos")
        draft = create_centre(berlin, "draft", "Centre D")
        make_centre_editor(CENTRE_EDITOR, published)
        make_centre_editor(CENTRE_EDITOR, draft)
        transaction.commit()

    def get_keys(self, path: str, username: str) -> set[str]:
        response = rest(self.layer, "GET", path, username)
        self.assertEqual(response.status_code, 200, response.text)
        return set(response.json())

    def assert_documented(self, keys, type_name, editors_view):
        heading, label, _schema = TABLES[type_name]
        table = field_table(heading)
        documented = {
            name
            for name, info in table.items()
            if editors_view or not info["editors_only"]
        }
        self.assertEqual(
            keys - standard_keys(label),
            documented,
            f"{DOC.name} ({heading}) differs from the GET response: "
            f"undocumented {sorted(keys - standard_keys(label) - documented)}, "
            f"not returned {sorted(documented - keys)}",
        )

    def test_centre_keys_as_anonymous(self):
        keys = self.get_keys(PUBLISHED, ANONYMOUS)
        self.assertNotIn("booking_enabled", keys)
        self.assert_documented(keys, "CounsellingCentre", editors_view=False)

    def test_centre_keys_as_state_editor(self):
        keys = self.get_keys(PUBLISHED, STATE_EDITOR)
        self.assertIn("booking_enabled", keys)
        self.assert_documented(keys, "CounsellingCentre", editors_view=True)

    def test_offer_and_state_keys(self):
        self.assert_documented(
            self.get_keys(f"{PUBLISHED}/offer", ANONYMOUS),
            "CounsellingOffer",
            editors_view=False,
        )
        self.assert_documented(
            self.get_keys(BERLIN, ANONYMOUS), "State", editors_view=False
        )

    def test_transitions_table_matches_the_workflows(self):
        documented = {
            cells[0].strip("`") for cells in table_rows("Workflow") if cells[0]
        }
        workflow_tool = api.portal.get_tool("portal_workflow")
        for workflow_id in ("centre_workflow", "offer_workflow"):
            with self.subTest(workflow=workflow_id):
                transitions = set(workflow_tool[workflow_id].transitions.objectIds())
                self.assertEqual(transitions, documented)

    def test_registered_services_are_documented(self):
        """On this page, or on the page of their function (booking, counselling)."""
        registered = registered_services()
        self.assertIn("@confirm-data", registered)
        self.assertIn("@book", registered)
        self.assertIn("@counselling-keys", registered)
        functions = set()
        for doc in (BOOKING_DOC, COUNSELLING_DOC):
            functions |= set(SERVICE_PATTERN.findall(doc.read_text(encoding="utf-8")))
        self.assertEqual(registered - named_services() - functions, set())

    def test_named_services_answer(self):
        """Every @-service of the page on its context, as a user allowed to call it."""
        calls = {
            "@workflow": [("POST", f"{DRAFT}/@workflow/submit", CENTRE_EDITOR, None)],
            "@history": [
                ("GET", f"{PUBLISHED}/@history", STATE_EDITOR, None),
                ("PATCH", f"{PUBLISHED}/@history", STATE_EDITOR, {"version": 0}),
            ],
            "@confirm-data": [
                ("POST", f"{PUBLISHED}/@confirm-data", CENTRE_EDITOR, None)
            ],
            "@recent-changes": [
                ("GET", f"{BERLIN}/@recent-changes", STATE_EDITOR, None)
            ],
            "@centres-export": [
                ("GET", f"{BERLIN}/@centres-export?format=csv", STATE_EDITOR, None),
                ("GET", "beratungsstellen/@centres-export", SITE_ADMIN, None),
            ],
            "@search": [
                (
                    "GET",
                    "@search?portal_type=CounsellingCentre&path=/plone/" + BERLIN,
                    ANONYMOUS,
                    None,
                )
            ],
            "@sharing": [("GET", f"{PUBLISHED}/@sharing", STATE_EDITOR, None)],
            "@lock": [("GET", f"{PUBLISHED}/@lock", ANONYMOUS, None)],
            "@querystring": [("GET", "@querystring", SITE_ADMIN, None)],
            "@vocabularies": [
                ("GET", f"@vocabularies/{name}", ANONYMOUS, None)
                for name in sorted(set(VOCABULARY_PATTERN.findall(doc_text())))
            ],
        }
        named = named_services()
        self.assertEqual(named - set(calls), set(), "add a call for these services")
        self.assertEqual(len(calls["@vocabularies"]), 4)
        for service in sorted(named):
            for method, path, username, body in calls[service]:
                with self.subTest(service=service, method=method, path=path):
                    kwargs = {} if body is None else {"json": body}
                    response = rest(self.layer, method, path, username, **kwargs)
                    self.assertEqual(response.status_code, 200, response.text)
                    if service in ("@search", "@vocabularies"):
                        self.assertTrue(response.json()["items"], response.text)
