"""The footer leads with the operator's pages; the upgrade handler of older sites."""

from lxml import html as lxml_html
from plone import api
from plone.app.layout.viewlets.interfaces import IPortalFooter
from plone.app.testing import login
from plone.app.testing import setRoles
from plone.app.testing import TEST_USER_ID
from plone.app.testing import TEST_USER_NAME
from plone.app.textfield.value import RichTextValue
from sozialplattform.site.legal.upgrade import install_legal_pages
from sozialplattform.site.legal.upgrade import OLD_PLACEHOLDERS
from test_legal.base import LegalTestCase
from zope.component import getMultiAdapter
from zope.viewlet.interfaces import IViewletManager


class TestFooter(LegalTestCase):
    def footer(self):
        view = self.portal.restrictedTraverse("@@view")
        manager = getMultiAdapter(
            (self.portal, self.request, view),
            IViewletManager,
            name="plone.portalfooter",
        )
        self.assertTrue(IPortalFooter.providedBy(manager))
        manager.update()
        return manager

    def test_leads_with_the_four_links_in_order(self):
        manager = self.footer()
        self.assertEqual(manager.viewlets[0].__name__, "sozialplattform.footer")
        tree = lxml_html.fromstring(manager.render())
        links = tree.xpath("//ul[@class='sozialplattform-footer-links']//a")
        self.assertEqual(
            [a.get("href").rsplit("/", 1)[-1] for a in links],
            ["impressum", "datenschutz", "barrierefreiheit", "kontakt"],
        )

    def test_site_name_and_operator(self):
        api.portal.set_registry_record("plone.site_title", "Sozialplattform Land X")
        self.set(operator_name="Ministerium Y")
        text = self.footer().render()
        self.assertIn("Sozialplattform Land X", text)
        self.assertIn("Ministerium Y", text)

    def test_only_pages_that_exist(self):
        setRoles(self.portal, TEST_USER_ID, ["Manager"])
        login(self.portal, TEST_USER_NAME)
        api.content.delete(self.portal["kontakt"])
        self.assertNotIn("/kontakt", self.footer().render())


class TestUpgrade(LegalTestCase):
    def test_sets_layouts_creates_kontakt_clears_old_placeholders(self):
        setRoles(self.portal, TEST_USER_ID, ["Manager"])
        login(self.portal, TEST_USER_NAME)
        api.content.delete(self.portal["kontakt"])
        workflows = api.portal.get_tool("portal_workflow")
        workflows.setChainForPortalTypes(["Document"], ["simple_publication_workflow"])
        imprint, privacy = self.portal["impressum"], self.portal["datenschutz"]
        for page in (imprint, privacy):
            page.setLayout("document_view")
        imprint.text = RichTextValue(
            OLD_PLACEHOLDERS[0], "text/html", "text/x-html-safe"
        )
        privacy.text = RichTextValue(
            "<p>Eigener Text</p>", "text/html", "text/x-html-safe"
        )
        install_legal_pages()
        self.assertEqual(imprint.getLayout(), "legal-imprint")
        self.assertEqual(privacy.getLayout(), "legal-privacy")
        self.assertIsNone(imprint.text)
        self.assertEqual(privacy.text.raw, "<p>Eigener Text</p>")
        self.assertEqual(api.content.get_state(self.portal["kontakt"]), "published")
        self.assertEqual(self.portal["kontakt"].getLayout(), "legal-contact")
