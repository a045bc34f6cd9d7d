"""Mail settings come from the instance environment."""

from plone import api
from sozialplattform.site.mail import apply_mail_settings
from sozialplattform.site.mail import mail_settings_from_environ
from sozialplattform.site.mail import MailConfigurationError
from sozialplattform.site.testing import INTEGRATION_TESTING
import unittest


class TestFromEnviron(unittest.TestCase):
    def test_all_keys(self):
        settings = mail_settings_from_environ(
            {
                "SOZIALPLATTFORM_SMTP_HOST": "mail.example.org",
                "SOZIALPLATTFORM_SMTP_PORT": "2525",
                "SOZIALPLATTFORM_MAIL_FROM": "noreply@example.org",
                "SOZIALPLATTFORM_MAIL_FROM_NAME": "Sozialplattform Hessen",
            }
        )
        self.assertEqual(
            settings,
            {
                "smtp_host": "mail.example.org",
                "smtp_port": 2525,
                "email_from_address": "noreply@example.org",
                "email_from_name": "Sozialplattform Hessen",
            },
        )

    def test_empty_values_ignored(self):
        self.assertEqual(
            mail_settings_from_environ({"SOZIALPLATTFORM_SMTP_HOST": " "}), {}
        )

    def test_bad_port(self):
        for port in ("smtp", "0", "70000"):
            with self.assertRaises(MailConfigurationError):
                mail_settings_from_environ({"SOZIALPLATTFORM_SMTP_PORT": port})

    def test_bad_sender(self):
        with self.assertRaises(MailConfigurationError):
            mail_settings_from_environ({"SOZIALPLATTFORM_MAIL_FROM": "nobody"})


class TestApply(unittest.TestCase):
    layer = INTEGRATION_TESTING

    def test_apply_reports_changes(self):
        portal = self.layer["portal"]
        settings = {"smtp_host": "smtp.example.org", "smtp_port": 587}
        self.assertTrue(apply_mail_settings(portal, settings))
        self.assertFalse(apply_mail_settings(portal, settings))
        self.assertEqual(
            api.portal.get_registry_record("plone.smtp_host"), "smtp.example.org"
        )
        self.assertEqual(api.portal.get_registry_record("plone.smtp_port"), 587)
