"""Mails leave the site through a real SMTP server (aiosmtpd on loopback)."""

from email.message import EmailMessage
from plone.app.testing import SITE_OWNER_NAME
from plone.app.testing import SITE_OWNER_PASSWORD
from sozialplattform.site.testing import DISTRIBUTION_SITE_ID
from sozialplattform.site.testing import MAIL_FUNCTIONAL_TESTING
from sozialplattform.site.testing import server_url
import requests
import transaction
import unittest


class TestDelivery(unittest.TestCase):
    layer = MAIL_FUNCTIONAL_TESTING

    def setUp(self):
        self.smtp = self.layer["smtp"]
        self.site = self.layer["app"][DISTRIBUTION_SITE_ID]

    def test_rest_email_send_is_delivered(self):
        response = requests.post(
            server_url(self.layer, f"{DISTRIBUTION_SITE_ID}/++api++/@email-send"),
            json={
                "to": "beratung@example.org",
                "from": "redaktion@example.org",
                "name": "Landesredaktion Thüringen",
                "subject": "Prüfung Ihrer Daten – bitte bestätigen",
                "message": "Grüße aus Erfurt: Ä Ö Ü ß €",
            },
            auth=(SITE_OWNER_NAME, SITE_OWNER_PASSWORD),
            headers={"Accept": "application/json"},
            timeout=30,
        )
        self.assertEqual(response.status_code, 204, response.text)
        (message,) = self.smtp.wait_for(1)
        self.assertEqual(message["To"], "beratung@example.org")
        self.assertEqual(message["Subject"], "Prüfung Ihrer Daten – bitte bestätigen")
        self.assertIn("Grüße aus Erfurt: Ä Ö Ü ß €", message.get_body().get_content())
        self.assertEqual(self.smtp.envelopes[0]["rcpt_tos"], ["beratung@example.org"])

    def test_anonymous_cannot_send(self):
        response = requests.post(
            server_url(self.layer, f"{DISTRIBUTION_SITE_ID}/++api++/@email-send"),
            json={
                "to": "x@example.org",
                "from": "spam@example.org",
                "subject": "spam",
                "message": "spam",
            },
            headers={"Accept": "application/json"},
            timeout=30,
        )
        self.assertEqual(response.status_code, 401)
        self.assertEqual(self.smtp.envelopes, [])

    def test_attachment_and_encoding_survive_delivery(self):
        message = EmailMessage()
        message["Subject"] = "AVV – Vereinbarung zur Auftragsverarbeitung"
        message["From"] = "Sozialplattform <noreply@sozialplattform.example>"
        message["To"] = "Beratungsstelle Süd <sued@example.org>"
        message.set_content("Im Anhang die Vereinbarung.\nMit freundlichen Grüßen")
        pdf = b"%PDF-1.4\n% fake but binary \xe2\xe3\xcf\xd3\n%%EOF\n"
        message.add_attachment(
            pdf, maintype="application", subtype="pdf", filename="AVV-Muster.pdf"
        )
        self.site.MailHost.send(message, immediate=False)
        self.assertEqual(self.smtp.envelopes, [], "sent before the commit")
        transaction.commit()
        (received,) = self.smtp.wait_for(1)
        self.assertEqual(
            received["Subject"], "AVV – Vereinbarung zur Auftragsverarbeitung"
        )
        self.assertEqual(
            received["To"].addresses[0].display_name, "Beratungsstelle Süd"
        )
        (attachment,) = list(received.iter_attachments())
        self.assertEqual(attachment.get_filename(), "AVV-Muster.pdf")
        self.assertEqual(attachment.get_content(), pdf)
        self.assertIn("Grüßen", received.get_body(("plain",)).get_content())

    def test_aborted_transaction_sends_nothing(self):
        self.site.MailHost.send(
            "Subject: nie\nTo: x@example.org\nFrom: y@example.org\n\nnie",
            immediate=False,
        )
        transaction.abort()
        with self.assertRaises(AssertionError):
            self.smtp.wait_for(1, timeout=1)
