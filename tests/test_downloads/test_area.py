"""The download area of the distribution site: folder, files, tags and the filter view."""

from plone import api
from plone.app.testing import login
from plone.app.testing import logout
from plone.app.testing import setRoles
from plone.app.testing import SITE_OWNER_NAME
from plone.app.testing import TEST_USER_ID
from sozialplattform.site.downloads import IDownloadArea
from sozialplattform.site.downloads.handbooks import Handbook
from sozialplattform.site.downloads.handbooks import HANDBOOKS
from sozialplattform.site.downloads.setup import create_download_area
from sozialplattform.site.downloads.setup import create_handbook_file
from sozialplattform.site.testing import DISTRIBUTION_INTEGRATION_TESTING
from sozialplattform.site.testing import DISTRIBUTION_SITE_ID
from sozialplattform.site.testing import INTEGRATION_TESTING
from zope.component import getMultiAdapter
from zope.component.hooks import setSite
import re
import unittest


def handbook_titles(folder, **tags) -> set[str]:
    return {h.title for h in HANDBOOKS if _matches(h, **tags)}


def _matches(handbook, funktion=None, rolle=None) -> bool:
    return (funktion is None or funktion in handbook.functions) and (
        rolle is None or rolle in handbook.roles
    )


class DistributionTestCase(unittest.TestCase):
    layer = DISTRIBUTION_INTEGRATION_TESTING

    def setUp(self):
        self.app = self.layer["app"]
        self.site = self.app[DISTRIBUTION_SITE_ID]
        setSite(self.site)
        self.folder = self.site["downloads"]
        self.request = self.layer["request"]

    def tearDown(self):
        setSite(self.layer["portal"])

    def render(self, **form):
        self.request.form.clear()
        self.request.form.update(form)
        self.request.response.setStatus(200)
        view = getMultiAdapter((self.folder, self.request), name="downloads")
        html = view()
        return view, html


class TestFolderAndFiles(DistributionTestCase):
    def test_published_folder_with_the_downloads_view(self):
        self.assertEqual(self.folder.Title(), "Downloadbereich")
        self.assertEqual(api.content.get_state(self.folder), "published")
        self.assertTrue(IDownloadArea.providedBy(self.folder))
        self.assertEqual(self.folder.getLayout(), "downloads")

    def test_one_tagged_pdf_file_per_handbook(self):
        for handbook in HANDBOOKS:
            obj = self.folder[handbook.file_id]
            self.assertEqual(obj.portal_type, "File")
            self.assertEqual(obj.Title(), handbook.title)
            self.assertEqual(set(obj.Subject()), set(handbook.subjects))
            self.assertEqual(obj.file.contentType, "application/pdf")
            self.assertTrue(obj.file.data.startswith(b"%PDF-"))
            self.assertEqual(obj.file.data, handbook.pdf_path.read_bytes())

    def test_anonymous_may_view_the_files(self):
        logout()
        for handbook in HANDBOOKS:
            obj = self.folder[handbook.file_id]
            self.assertTrue(api.user.has_permission("View", obj=obj), handbook.name)

    def test_catalog_finds_the_tags(self):
        catalog = api.portal.get_tool("portal_catalog")
        brains = catalog(portal_type="File", Subject="funktion:finder")
        self.assertEqual(
            {b.Title for b in brains}, handbook_titles(self.folder, funktion="finder")
        )
        brains = catalog(
            portal_type="File",
            Subject={
                "query": ["funktion:finder", "rolle:ratsuchende"],
                "operator": "and",
            },
        )
        self.assertEqual(
            [b.Title for b in brains],
            ["Beratungsstellenfinder: Handbuch für Ratsuchende"],
        )

    def test_again_creates_nothing_new(self):
        login(self.app, SITE_OWNER_NAME)
        before = sorted(self.folder.objectIds())
        create_download_area(self.site)
        self.assertEqual(sorted(self.folder.objectIds()), before)


class TestFilterView(DistributionTestCase):
    def titles(self, view) -> set[str]:
        return {item["title"] for item in view.handbooks()}

    def test_without_filter_all_handbooks(self):
        view, html = self.render()
        self.assertEqual(self.titles(view), {h.title for h in HANDBOOKS})
        self.assertEqual(self.request.response.getStatus(), 200)
        self.assertEqual(html.count('class="downloads-item'), len(HANDBOOKS))

    def test_filter_by_function(self):
        view, _html = self.render(funktion="finder")
        self.assertEqual(
            self.titles(view), handbook_titles(self.folder, funktion="finder")
        )
        self.assertEqual(len(view.handbooks()), 3)

    def test_filter_by_role(self):
        view, _html = self.render(rolle="landesredaktion")
        expected = handbook_titles(self.folder, rolle="landesredaktion")
        self.assertEqual(self.titles(view), expected)
        self.assertIn("Online-Terminbuchung: Handbuch", expected)
        self.assertNotIn("Beratungsstellenfinder: Handbuch für Ratsuchende", expected)

    def test_filter_by_function_and_role(self):
        view, html = self.render(funktion="terminbuchung", rolle="ratsuchende")
        self.assertEqual(self.titles(view), {"Online-Terminbuchung: Handbuch"})
        self.assertRegex(html, r'<option selected="selected"\s+value="terminbuchung"')

    def test_no_match(self):
        view, html = self.render(funktion="anbindung", rolle="ratsuchende")
        self.assertEqual(view.handbooks(), [])
        self.assertIn("downloads-empty", html)

    def test_unknown_value_is_a_field_error(self):
        view, html = self.render(funktion="astrologie")
        self.assertEqual(self.request.response.getStatus(), 400)
        self.assertIn('id="downloads-function-error"', html)
        self.assertIn('aria-invalid="true"', html)
        self.assertIn("astrologie", view.errors["funktion"])  # the text, not the msgid
        # the list is shown unfiltered
        self.assertEqual(len(view.handbooks()), len(HANDBOOKS))

    def test_repeated_parameter_is_a_field_error(self):
        _view, html = self.render(rolle=["beratungsstelle", "ratsuchende"])
        self.assertEqual(self.request.response.getStatus(), 400)
        self.assertIn('id="downloads-role-error"', html)

    def test_labelled_selects_and_download_links(self):
        _view, html = self.render()
        self.assertIn('<label class="form-label" for="downloads-function"', html)
        self.assertIn('<label class="form-label" for="downloads-role"', html)
        self.assertIn('method="get"', html)
        for handbook in HANDBOOKS:
            self.assertIn(f"/downloads/{handbook.file_id}/@@download/file", html)

    def test_other_files_are_listed_separately(self):
        login(self.app, SITE_OWNER_NAME)
        api.content.create(
            container=self.folder, type="File", id="merkblatt", title="Merkblatt"
        )
        view, html = self.render(funktion="finder")
        others = [item["title"] for item in view.other_files()]
        self.assertIn("Merkblatt", others)
        self.assertNotIn("Merkblatt", self.titles(view))
        self.assertIn("downloads-others", html)

    def test_tags_shown_per_handbook(self):
        view, _html = self.render(funktion="anbindung")
        (item,) = view.handbooks()
        self.assertEqual(len(item["functions"]), 1)
        self.assertEqual(len(item["roles"]), 2)
        self.assertTrue(re.search(r"\d", item["size"]))


class TestOnAnotherSite(unittest.TestCase):
    """create_download_area on a site without example content."""

    layer = INTEGRATION_TESTING

    def setUp(self):
        self.portal = self.layer["portal"]
        setRoles(self.portal, TEST_USER_ID, ["Manager"])

    def test_creates_folder_and_files(self):
        folder = create_download_area(self.portal)
        self.assertEqual(len(folder.objectIds()), len(HANDBOOKS))
        # the test fixture's folders have no workflow; the distribution's are published
        self.assertIn(api.content.get_state(folder, default=None), (None, "published"))
        self.assertEqual(folder.getLayout(), "downloads")

    def test_missing_pdf_is_skipped(self):
        folder = create_download_area(self.portal)
        missing = Handbook("gibt-es-nicht", "Fehlt", "", ("finder",), ("ratsuchende",))
        self.assertIsNone(create_handbook_file(folder, missing))
        self.assertNotIn(missing.file_id, folder)
