"""German is the UI language; English is the second."""

from plone.app.testing import SITE_OWNER_NAME
from plone.app.testing import SITE_OWNER_PASSWORD
from sozialplattform.site.testing import DISTRIBUTION_FUNCTIONAL_TESTING
from sozialplattform.site.testing import server_url
from zope.component import getUtility
from zope.i18n.interfaces import ITranslationDomain
import requests
import unittest


class TestTranslations(unittest.TestCase):
    layer = DISTRIBUTION_FUNCTIONAL_TESTING

    def test_domain_has_german_and_english_catalogues(self):
        domain = getUtility(ITranslationDomain, "sozialplattform.site")
        self.assertEqual(
            domain.translate("footer_privacy", target_language="de"), "Datenschutz"
        )
        self.assertEqual(
            domain.translate("footer_privacy", target_language="en"), "Privacy policy"
        )

    def test_type_titles_english_msgids_german_labels(self):
        domain = getUtility(ITranslationDomain, "sozialplattform.site")
        types = self.layer["app"]["Plone"].portal_types
        for type_id, german in (
            ("State", "Bundesland"),
            ("CounsellingCentre", "Beratungsstelle"),
            ("CounsellingOffer", "Beratungsangebot"),
            ("OnboardingRequest", "Anbindungsanfrage"),
        ):
            fti = types[type_id]
            self.assertEqual(fti.i18n_domain, "sozialplattform.site")
            self.assertEqual(domain.translate(fti.title, target_language="de"), german)
            self.assertNotEqual(fti.title, german)

    def test_type_title_german_in_the_api(self):
        response = requests.get(
            server_url(self.layer, "Plone/++api++/@types"),
            auth=(SITE_OWNER_NAME, SITE_OWNER_PASSWORD),
            headers={"Accept": "application/json"},
            timeout=30,
        )
        titles = {
            item["@id"].rsplit("/", 1)[-1]: item["title"] for item in response.json()
        }
        self.assertEqual(titles["CounsellingCentre"], "Beratungsstelle")

    def test_footer_german_by_default(self):
        html = requests.get(server_url(self.layer, "Plone"), timeout=30).text
        self.assertIn('lang="de"', html)
        self.assertIn("Datenschutz", html)
        self.assertIn("Postleitzahl-Geodaten", html)

    def test_footer_english_on_request(self):
        html = requests.get(
            server_url(self.layer, "Plone"),
            headers={"Accept-Language": "en"},
            cookies={"I18N_LANGUAGE": "en"},
            timeout=30,
        ).text
        self.assertIn("Privacy policy", html)
        self.assertIn("Postcode data", html)


class TestPloneDomainLabels(unittest.TestCase):
    """Plone's status menu translates our workflow labels in the "plone" domain."""

    layer = DISTRIBUTION_FUNCTIONAL_TESTING

    def test_workflow_labels_german(self):
        domain = getUtility(ITranslationDomain, "plone")
        for msgid, german in (
            ("Draft", "Entwurf"),
            ("Submit for review", "Zur Prüfung einreichen"),
            ("Withdraw submission", "Einreichung zurücknehmen"),
            ("AVV sent", "AVV versandt"),
            ("Grant access", "Zugang einrichten"),
            ("Submitted for review", "Zur Prüfung eingereicht"),
        ):
            self.assertEqual(domain.translate(msgid, target_language="de"), german)
