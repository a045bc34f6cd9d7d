"""Notice mails over the real SMTP fixture: the counsellors on a seeker's message (one
until a counsellor has read), the seeker's notice address on a reply, the counsellors
when a seeker deleted; never text, pseudonym or topic."""

from plone.app.testing import SITE_OWNER_NAME
from plone.testing.zope import login
from sozialplattform.site.counselling.content import object_id
from sozialplattform.site.site_url import site_url
from sozialplattform.site.testing import DISTRIBUTION_SITE_ID
from sozialplattform.site.testing import MAIL_FUNCTIONAL_TESTING
from test_counselling.fixtures import counselling_centre
from test_counselling.fixtures import make_counsellor
from test_counselling.fixtures import message
from test_counselling.fixtures import start_body
from test_counselling.helpers import call
from zope.component.hooks import setSite
import transaction
import unittest


CENTRE = "beratungsstellen/berlin/mail-beratung"
SITE = DISTRIBUTION_SITE_ID


class TestMails(unittest.TestCase):
    layer = MAIL_FUNCTIONAL_TESTING

    def setUp(self):
        self.smtp = self.layer["smtp"]
        app = self.layer["app"]
        site = app[SITE]
        setSite(site)
        login(app.acl_users, SITE_OWNER_NAME)
        centre = counselling_centre(site, "mail-beratung", people=False)
        material = make_counsellor(centre, "mailcouns", 0)
        transaction.commit()
        body, self.key = start_body(
            [material.public_key], email="seeker@example.org", pseudonym="Kiwi"
        )
        response = call(
            self.layer, "POST", f"{CENTRE}/@conversations", site=SITE, json=body
        )
        self.assertEqual(response.status_code, 201, response.text)
        self.token = response.json()["token"]
        self.conversation = body["conversation"]
        self.path = f"{CENTRE}/beratung/{object_id(self.conversation)}"

    def assert_without_content(self, mail):
        text = mail.get_content()
        for secret in ("Kiwi", "schulden", "Schulden", self.token, self.conversation):
            self.assertNotIn(secret, text)
            self.assertNotIn(secret, mail["Subject"])

    def seeker_post(self, seq):
        body = {
            "token": self.token,
            "message": message(self.key, self.conversation, "seeker", seq, "Hallo"),
        }
        response = call(self.layer, "POST", "@messages", site=SITE, json=body)
        self.assertEqual(response.status_code, 201, response.text)

    def counsellor(self, method, name, body):
        auth = ("mailcouns", "Secret-Passw0rd-42")
        return call(
            self.layer, method, f"{self.path}/{name}", auth, site=SITE, json=body
        )

    def test_counsellors_once_until_read(self):
        (mail,) = self.smtp.wait_for(1)
        self.assertEqual(mail["To"], "mailcouns@example.org")
        self.assertIn(f"{site_url()}/{CENTRE}/beratung", mail.get_content())
        self.assert_without_content(mail)
        self.seeker_post(2)
        self.seeker_post(3)
        # a second mail, if one were sent, would arrive within a moment
        with self.assertRaises(AssertionError):
            self.smtp.wait_for(2, timeout=1.0)
        self.assertEqual(len(self.smtp.messages), 1)
        self.assertEqual(
            self.counsellor("POST", "@messages-read", {"cursor": 3}).status_code, 200
        )
        self.seeker_post(4)
        self.assertEqual(len(self.smtp.wait_for(2)), 2)

    def test_seeker_on_a_reply(self):
        self.smtp.wait_for(1)
        self.smtp.clear()
        reply = {"message": message(self.key, self.conversation, "counsellor", 1, "Ja")}
        self.assertEqual(self.counsellor("POST", "@messages", reply).status_code, 201)
        (mail,) = self.smtp.wait_for(1)
        self.assertEqual(mail["To"], "seeker@example.org")
        self.assertIn(f"{site_url()}/@@beratung", mail.get_content())
        self.assert_without_content(mail)

    def test_counsellors_when_the_seeker_deletes(self):
        self.smtp.wait_for(1)
        self.smtp.clear()
        response = call(
            self.layer,
            "DELETE",
            "@conversations",
            site=SITE,
            params={"token": self.token},
        )
        self.assertEqual(response.status_code, 204, response.text)
        (mail,) = self.smtp.wait_for(1)
        self.assertEqual(mail["To"], "mailcouns@example.org")
        self.assert_without_content(mail)
