"""The environment's mail settings apply when a mail is sent, without a ZODB write."""

from plone import api
from sozialplattform.site import mail
from sozialplattform.site.mail.queue import queued_mails
from sozialplattform.site.testing import DISTRIBUTION_SITE_ID
from sozialplattform.site.testing import free_port
from sozialplattform.site.testing import MAIL_FUNCTIONAL_TESTING
from unittest import mock
from zope.component.hooks import setSite
import os
import shutil
import tempfile
import transaction
import unittest


class TestSettingsAtSendTime(unittest.TestCase):
    layer = MAIL_FUNCTIONAL_TESTING

    def setUp(self):
        self.smtp = self.layer["smtp"]
        self.site = self.layer["app"][DISTRIBUTION_SITE_ID]
        setSite(self.site)
        self.addCleanup(setSite, None)
        # The registry points at a port where nobody listens.
        self.dead_port = free_port()
        api.portal.set_registry_record("plone.smtp_port", self.dead_port)
        transaction.commit()
        self.environment = {
            "SOZIALPLATTFORM_SMTP_HOST": self.layer["smtp_host"],
            "SOZIALPLATTFORM_SMTP_PORT": str(self.layer["smtp_port"]),
            "SOZIALPLATTFORM_MAIL_FROM": "umgebung@sozialplattform.example",
            "SOZIALPLATTFORM_MAIL_FROM_NAME": "Sozialplattform Umgebung",
        }

    def test_send_uses_the_environment(self):
        database = self.layer["zodbDB"]
        before = database.lastTransaction()
        with mock.patch.dict(os.environ, self.environment):
            message = mail.send("ziel@example.org", "Terminbestätigung", ["Ihr Termin"])
            transaction.commit()
        (received,) = self.smtp.wait_for(1)
        self.assertEqual(received["Subject"], "Terminbestätigung")
        self.assertEqual(
            received["From"],
            "Sozialplattform Umgebung <umgebung@sozialplattform.example>",
        )
        self.assertEqual(message["From"], received["From"])
        self.assertEqual(
            self.smtp.envelopes[0]["mail_from"], "umgebung@sozialplattform.example"
        )
        # Nothing of it went into the ZODB.
        self.assertEqual(database.lastTransaction(), before)
        self.assertEqual(
            api.portal.get_registry_record("plone.smtp_port"), self.dead_port
        )

    def test_without_the_environment_the_registry_applies(self):
        mail.send("ziel@example.org", "Nie", ["geht an den toten Port"])
        with self.assertRaises(ConnectionRefusedError):
            transaction.commit()
        transaction.abort()
        self.assertEqual(self.smtp.envelopes, [])

    def test_queue_directory_from_the_environment(self):
        directory = os.path.join(tempfile.mkdtemp(), "mailqueue")
        self.addCleanup(shutil.rmtree, os.path.dirname(directory))
        environment = {
            "SOZIALPLATTFORM_MAIL_QUEUE": directory,
            "MAILHOST_QUEUE_ONLY": "1",  # no delivery thread: the mail stays queued
        }
        with mock.patch.dict(os.environ, environment):
            mail.send("ziel@example.org", "Erinnerung", ["Morgen"])
            transaction.commit()
        self.assertEqual(len(queued_mails(directory)), 1)
        self.assertFalse(self.site.MailHost.smtp_queue)
