"""The access mail links the download area for counselling centres and its real handbooks."""

from plone import api
from plone.app.testing import SITE_OWNER_NAME
from plone.testing.zope import login
from sozialplattform.site.onboarding import mails
from sozialplattform.site.testing import DISTRIBUTION_INTEGRATION_TESTING
from sozialplattform.site.testing import DISTRIBUTION_SITE_ID
from test_onboarding.fixtures import state
from test_onboarding.fixtures import store
from urllib.parse import urlsplit
from zope.component.hooks import setSite
import re
import unittest


HANDBOOK_LINE = re.compile(r"^- (.+): (http\S+)$", re.MULTILINE)


class TestAccessMailHandbooks(unittest.TestCase):
    layer = DISTRIBUTION_INTEGRATION_TESTING

    def setUp(self):
        self.site = self.layer["app"][DISTRIBUTION_SITE_ID]
        setSite(self.site)
        login(self.layer["app"].acl_users, SITE_OWNER_NAME)
        api.portal.set_registry_record(
            "plone.email_from_address", "noreply@plattform.example"
        )
        self.downloads = self.site["downloads"]
        self.request = store(self.site)
        self.centre = api.content.create(
            container=state(self.site, "berlin"),
            type="CounsellingCentre",
            title="Beratungsstelle Lindenhof",
            postcode="10115",
            city="Berlin",
        )

    def body(self, granted) -> str:
        self.request.granted_functions = granted
        message = mails.send_access(
            self.request,
            state(self.site, "berlin"),
            centre=self.centre,
            login="alex.beispiel@lindenhof.example",
            reset_url="http://nohost/plone/passwordreset/x",
            expires="01.01.2030",
            existing_account=False,
        )
        return message.get_body().get_content()

    def handbooks(self, body: str) -> dict[str, str]:
        return dict(HANDBOOK_LINE.findall(body))

    def test_download_area_filtered_for_centres(self):
        body = self.body(["finder"])
        url = f"{self.site.absolute_url()}/downloads?rolle=beratungsstelle"
        self.assertIn(url, body)
        # The filter parameter is the one @@downloads reads.
        view = self.downloads.restrictedTraverse("@@downloads")
        view.request.form["rolle"] = "beratungsstelle"
        view()
        self.assertEqual(view.role, "beratungsstelle")

    def test_real_handbooks_of_the_granted_functions(self):
        files = {obj.getId(): obj for obj in self.downloads.objectValues()}
        handbooks = self.handbooks(self.body(["finder", "booking"]))
        expected_ids = [
            "handbuch-finder-beratungsstellen.pdf",
            "handbuch-terminbuchung.pdf",
            "handbuch-anbindung.pdf",
        ]
        self.assertEqual(
            sorted(handbooks), sorted(files[id].Title() for id in expected_ids)
        )
        for id in expected_ids:
            url = handbooks[files[id].Title()]
            self.assertEqual(url, f"{files[id].absolute_url()}/@@download/file")
            path = urlsplit(url).path
            self.assertEqual(
                self.site.unrestrictedTraverse(path.split("/@@")[0]), files[id]
            )
        # Not granted: no counselling handbook; never the state editors' handbook.
        self.assertNotIn(files["handbuch-onlineberatung.pdf"].Title(), handbooks)
        self.assertNotIn(
            files["handbuch-finder-landesredaktion.pdf"].Title(), handbooks
        )

    def test_onboarding_handbook_always(self):
        handbooks = self.handbooks(self.body(["finder"]))
        self.assertIn(self.downloads["handbuch-anbindung.pdf"].Title(), list(handbooks))
        self.assertEqual(len(handbooks), 2)

    def test_titles_come_from_the_site(self):
        file = self.downloads["handbuch-anbindung.pdf"]
        file.setTitle("Anbindung an die Sozialplattform (Ausgabe 2026)")
        file.reindexObject()
        handbooks = self.handbooks(self.body(["finder"]))
        self.assertIn("Anbindung an die Sozialplattform (Ausgabe 2026)", handbooks)
