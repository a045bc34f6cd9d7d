"""The vocabularies on a site with the add-on profile: terms, registry, validation, form."""

from plone import api
from plone.app.testing import logout
from plone.app.testing import setRoles
from plone.app.testing import TEST_USER_ID
from plone.registry.interfaces import IRegistry
from Products.PluginIndexes.KeywordIndex.KeywordIndex import KeywordIndex
from sozialplattform.site.testing import INTEGRATION_TESTING
from sozialplattform.site.vocabularies.controlpanel import IVocabulariesSettings
from sozialplattform.site.vocabularies.defaults import DEFAULT_TERMS
from sozialplattform.site.vocabularies.registry import check_lines
from sozialplattform.site.vocabularies.registry import default_lines
from sozialplattform.site.vocabularies.registry import get_terms
from sozialplattform.site.vocabularies.registry import set_terms
from sozialplattform.site.vocabularies.registry import VocabularyValidationError
from zope.component import getMultiAdapter
from zope.component import getUtility
from zope.i18n import translate
from zope.interface import alsoProvides
from zope.schema.interfaces import IVocabularyFactory
import unittest


def vocabulary(name, context=None):
    return getUtility(IVocabularyFactory, name=f"sozialplattform.{name}")(context)


def tokens(name):
    return [term.token for term in vocabulary(name)]


class TestVocabularies(unittest.TestCase):
    layer = INTEGRATION_TESTING

    def setUp(self):
        self.portal = self.layer["portal"]
        self.registry = getUtility(IRegistry)

    def test_records_installed_with_defaults(self):
        for name in DEFAULT_TERMS:
            self.assertEqual(
                api.portal.get_registry_record(f"sozialplattform.vocabularies.{name}"),
                default_lines(name),
            )

    def test_reapplying_the_profile_keeps_edits(self):
        api.portal.set_registry_record(
            "sozialplattform.vocabularies.channels", ["phone|Telefonberatung"]
        )
        setup = api.portal.get_tool("portal_setup")
        setup.runImportStepFromProfile(
            "profile-sozialplattform.site:default", "plone.app.registry"
        )
        self.assertEqual(
            api.portal.get_registry_record("sozialplattform.vocabularies.channels"),
            ["phone|Telefonberatung"],
        )

    def test_proxy(self):
        proxy = self.registry.forInterface(
            IVocabulariesSettings, prefix="sozialplattform.vocabularies"
        )
        self.assertIn("sucht|Sucht", proxy.topics)

    def test_required_tokens(self):
        required = {
            "topics": "schulden arbeit wohnen familie schwangerschaft sucht psyche gewalt "
            "migration behinderung pflege gesundheit bildung recht jugend trennung",
            "target_groups": "kinder jugendliche eltern familien frauen maenner senioren "
            "migranten menschen_mit_behinderung angehoerige lgbtiq fachkraefte",
            "languages": "de en tr ar ru uk pl fa fr es ro bg ku it gsg",
            "channels": "on_site phone video chat email",
        }
        for name, expected in required.items():
            self.assertLessEqual(set(expected.split()), set(tokens(name)), name)

    def test_labels(self):
        topics = vocabulary("topics")
        self.assertEqual(topics.getTerm("schulden").title, "Schulden & Finanzen")
        self.assertEqual(topics.getTermByToken("psyche").value, "psyche")
        languages = vocabulary("languages")
        self.assertEqual(languages.getTerm("de").title, "Deutsch")
        self.assertEqual(languages.getTerm("tr").title, "Türkisch")
        self.assertEqual(languages.getTerm("gsg").title, "Deutsche Gebärdensprache")
        self.assertEqual(vocabulary("target_groups").getTerm("maenner").title, "Männer")

    def test_sorted_by_label(self):
        labels = [term.title for term in vocabulary("languages")]
        self.assertEqual(labels[:3], ["Albanisch", "Arabisch", "Bosnisch"])
        # "Türkisch" (Tü = Tu) sorts after "Tigrinya", before "Ukrainisch"
        self.assertLess(labels.index("Tigrinya"), labels.index("Türkisch"))
        self.assertLess(labels.index("Türkisch"), labels.index("Ukrainisch"))
        topics = [term.title for term in vocabulary("topics")]
        self.assertEqual(topics[0], "Arbeit & Beruf")
        self.assertEqual(topics, sorted(topics, key=lambda t: t.lower()))

    def test_channels_in_defined_order(self):
        self.assertEqual(
            tokens("channels"), ["on_site", "phone", "video", "chat", "email"]
        )
        self.assertEqual(
            [term.title for term in vocabulary("channels")],
            ["Vor Ort", "Telefon", "Video", "Chat", "E-Mail"],
        )

    def test_registry_changes_show_up(self):
        api.portal.set_registry_record(
            "sozialplattform.vocabularies.channels",
            ["phone|Telefonberatung", "letter|Brief"],
        )
        self.assertEqual(tokens("channels"), ["phone", "letter"])
        self.assertEqual(
            vocabulary("channels").getTerm("phone").title, "Telefonberatung"
        )
        api.portal.set_registry_record(
            "sozialplattform.vocabularies.topics",
            ["zoll|Zoll", "aerzte|Ärzte", "b|Beruf"],
        )
        self.assertEqual(tokens("topics"), ["aerzte", "b", "zoll"])

    def test_bad_stored_lines_skipped(self):
        api.portal.set_registry_record(
            "sozialplattform.vocabularies.topics",
            ["", "sucht|Sucht", "kaputt", "Gross|Gross", "sucht|Doppelt"],
        )
        self.assertEqual(tokens("topics"), ["sucht"])

    def test_missing_record_falls_back_to_defaults(self):
        del self.registry.records["sozialplattform.vocabularies.topics"]
        self.assertEqual(len(vocabulary("topics")), len(DEFAULT_TERMS["topics"]))
        self.assertEqual(get_terms("topics"), list(DEFAULT_TERMS["topics"]))

    def test_anonymous_may_read(self):
        from plone.app.content.browser.vocabulary import PERMISSIONS

        for name in DEFAULT_TERMS:
            self.assertEqual(PERMISSIONS[f"sozialplattform.{name}"], "View")


class TestRemovalValidation(unittest.TestCase):
    """Removing a token that content uses is refused while the catalog index exists."""

    layer = INTEGRATION_TESTING

    def setUp(self):
        self.portal = self.layer["portal"]
        setRoles(self.portal, TEST_USER_ID, ["Manager"])
        self.catalog = api.portal.get_tool("portal_catalog")
        if "topics" not in self.catalog.indexes():
            self.catalog.addIndex("topics", KeywordIndex("topics"))
        for number, used in enumerate((["sucht", "psyche"], ["sucht"], [])):
            document = api.content.create(
                container=self.portal, type="Document", id=f"doc{number}", title="Doc"
            )
            document.topics = used
            document.reindexObject()

    def lines_without(self, *removed):
        return [
            line
            for line in default_lines("topics")
            if line.split("|")[0] not in removed
        ]

    def test_removal_of_used_token_refused(self):
        errors = [
            translate(e) for e in check_lines("topics", self.lines_without("sucht"))
        ]
        self.assertEqual(errors, ['"sucht" cannot be removed: 2 items still use it.'])
        errors = check_lines("topics", self.lines_without("sucht", "psyche", "pflege"))
        self.assertEqual(len(errors), 2)

    def test_counts_items_the_user_cannot_see(self):
        self.portal.doc0.manage_permission("View", roles=[], acquire=False)
        self.portal.doc0.reindexObjectSecurity()
        logout()
        self.assertEqual(
            [translate(e) for e in check_lines("topics", self.lines_without("psyche"))],
            ['"psyche" cannot be removed: an item still uses it.'],
        )

    def test_removal_of_unused_token_allowed(self):
        self.assertEqual(check_lines("topics", self.lines_without("pflege")), [])

    def test_relabel_allowed(self):
        lines = [
            "sucht|Abhängigkeit" if line.startswith("sucht|") else line
            for line in default_lines("topics")
        ]
        self.assertEqual(check_lines("topics", lines), [])

    def test_set_terms_refuses(self):
        with self.assertRaises(VocabularyValidationError) as raised:
            set_terms("topics", [("psyche", "Psyche")])
        self.assertIn('"sucht" cannot be removed', raised.exception.doc())
        self.assertEqual(
            api.portal.get_registry_record("sozialplattform.vocabularies.topics"),
            default_lines("topics"),
        )
        set_terms("topics", [("psyche", "Psyche"), ("sucht", "Sucht")])
        self.assertEqual([t.token for t in vocabulary("topics")], ["psyche", "sucht"])

    def test_after_removing_the_usage(self):
        self.portal.doc0.topics = ["psyche"]
        self.portal.doc0.reindexObject()
        self.portal.doc1.topics = []
        self.portal.doc1.reindexObject()
        self.assertEqual(check_lines("topics", self.lines_without("sucht")), [])

    def test_counselling_centre(self):
        """The real case: a centre tagged through the content engineer's index."""
        if "CounsellingCentre" not in api.portal.get_tool("portal_types"):
            self.skipTest("content types not installed")
        api.content.create(
            container=self.portal["beratungsstellen"]["berlin"],
            type="CounsellingCentre",
            title="Schuldnerberatung Mitte",
            postcode="10115",
            city="Berlin",
            topics=["schulden"],
        )
        self.assertEqual(
            [
                translate(e)
                for e in check_lines("topics", self.lines_without("schulden"))
            ],
            ['"schulden" cannot be removed: an item still uses it.'],
        )

    def test_without_index_no_check(self):
        self.catalog.delIndex("topics")
        self.assertEqual(check_lines("topics", self.lines_without("sucht")), [])

    def test_schema_field_validates(self):
        field = IVocabulariesSettings["topics"]
        field.validate(default_lines("topics"))
        with self.assertRaises(VocabularyValidationError) as raised:
            field.validate(self.lines_without("sucht"))
        self.assertTrue(raised.exception.doc().startswith("Topics: "))
        with self.assertRaises(VocabularyValidationError):
            field.validate(["Sucht|Sucht"])


class TestControlPanelForm(unittest.TestCase):
    layer = INTEGRATION_TESTING

    def setUp(self):
        self.portal = self.layer["portal"]
        self.request = self.layer["request"]
        setRoles(self.portal, TEST_USER_ID, ["Site Administrator"])
        from sozialplattform.site.interfaces import ISozialplattformLayer

        alsoProvides(self.request, ISozialplattformLayer)

    def submit(self, **values):
        self.request.method = "POST"
        self.request.form = {
            "form.widgets.topics": "\n".join(default_lines("topics")),
            "form.widgets.target_groups": "\n".join(default_lines("target_groups")),
            "form.widgets.languages": "\n".join(default_lines("languages")),
            "form.widgets.channels": "\n".join(default_lines("channels")),
            "form.buttons.save": "Save",
        }
        self.request.form.update({f"form.widgets.{k}": v for k, v in values.items()})
        view = getMultiAdapter(
            (self.portal, self.request), name="sozialplattform-vocabularies"
        )
        view.update()
        return view.form_instance

    def test_render(self):
        view = getMultiAdapter(
            (self.portal, self.request), name="sozialplattform-vocabularies"
        )
        html = view()
        self.assertTrue('id="form-widgets-topics"' in html, "topics widget missing")
        self.assertTrue("schulden|Schulden &" in html, "default topics missing")
        self.assertTrue("on_site|Vor Ort" in html, "default channels missing")

    def test_save(self):
        form = self.submit(channels="phone | Telefon\n\nchat|Chat\n")
        self.assertEqual(form.widgets.errors, ())
        self.assertEqual(
            api.portal.get_registry_record("sozialplattform.vocabularies.channels"),
            ["phone|Telefon", "chat|Chat"],
        )

    def test_invalid_lines(self):
        form = self.submit(target_groups="kinder|Kinder\nEltern|Eltern")
        (error,) = form.widgets.errors
        self.assertEqual(error.widget.__name__, "target_groups")
        self.assertIn('the token "Eltern"', translate(error.message))
        self.assertEqual(
            api.portal.get_registry_record(
                "sozialplattform.vocabularies.target_groups"
            ),
            default_lines("target_groups"),
        )

    def test_configlet(self):
        controlpanel = api.portal.get_tool("portal_controlpanel")
        configlet = [
            action
            for action in controlpanel.listActions()
            if action.getId() == "sozialplattform-vocabularies"
        ]
        self.assertEqual(len(configlet), 1)
        self.assertEqual(configlet[0].category, "Products")
        self.assertEqual(
            configlet[0].permissions, ("sozialplattform.site: Manage settings",)
        )
