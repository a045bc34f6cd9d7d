"""Durable mail: with a queue directory nothing is lost while the SMTP server is down.

Unit tests of the retrying queue processor, the environment and instance.yaml keys, and an
HTTP test: SMTP down → the interest form still stores the request and thanks the visitor,
the mails wait in the queue → an SMTP server starts on that port → the mails arrive.
"""

from pathlib import Path
from plone import api
from Products.MailHost import MailHost as mailhost_module
from sozialplattform.site.mail import apply_environment
from sozialplattform.site.mail import start_queues_on_startup
from sozialplattform.site.mail.queue import apply_queue_settings
from sozialplattform.site.mail.queue import ensure_maildir
from sozialplattform.site.mail.queue import queue_directory_from_environ
from sozialplattform.site.mail.queue import queued_mails
from sozialplattform.site.mail.queue import RetryingQueueProcessor
from sozialplattform.site.mail.queue import start_queue_processor
from sozialplattform.site.mail.queue import stop_queue_processor
from sozialplattform.site.testing import free_port
from sozialplattform.site.testing import FUNCTIONAL_TESTING
from sozialplattform.site.testing import INTEGRATION_TESTING
from sozialplattform.site.testing import ReceivedMail
from test_onboarding.fixtures import sign
from test_onboarding.fixtures import store
from test_onboarding.test_journey import OnboardingHTTPTestCase
from test_setup.scripts import load_script
from test_setup.scripts import ROOT
from types import SimpleNamespace
from unittest import mock
from zope.component.hooks import setSite
from zope.sendmail.delivery import QueuedMailDelivery
from zope.sendmail.queue import QueueProcessorThread
import os
import shutil
import tempfile
import time
import transaction
import unittest


def queue_message(directory: str, to: str = "beratung@example.org") -> None:
    """A mail in the queue, as MailHost's queued delivery writes it on commit."""
    ensure_maildir(directory)
    delivery = QueuedMailDelivery(directory)
    delivery.send(
        "noreply@example.org",
        [to],
        b"From: noreply@example.org\r\nTo: " + to.encode() + b"\r\n"
        b"Subject: Test\r\n\r\nHallo\r\n",
    )
    transaction.commit()


class FlakyMailer:
    """Refuses the connection until ``up`` is set, then records what it sends."""

    def __init__(self):
        self.up = False
        self.attempts = 0
        self.sent = []

    def send(self, fromaddr, toaddrs, message):
        self.attempts += 1
        if not self.up:
            raise ConnectionRefusedError(111, "Connection refused")
        self.sent.append((fromaddr, toaddrs, message))


class TestRetryingQueueProcessor(unittest.TestCase):
    def setUp(self):
        self.directory = tempfile.mkdtemp()
        self.addCleanup(shutil.rmtree, self.directory)
        self.addCleanup(transaction.abort)
        queue_message(self.directory)
        self.mailer = FlakyMailer()

    def process(self, thread) -> None:
        thread.setMailer(self.mailer)
        thread.setQueuePath(self.directory)
        thread.run(forever=False)

    def test_failed_mail_stays_queued_and_is_retried(self):
        thread = RetryingQueueProcessor(retry_seconds=3600)
        self.process(thread)
        self.assertEqual(self.mailer.attempts, 1)
        self.assertEqual(len(queued_mails(self.directory)), 1, "kept after a failure")
        # Too early for another attempt.
        self.mailer.up = True
        self.process(thread)
        self.assertEqual(self.mailer.attempts, 1)
        # The retry delay is over: delivered and removed from the queue.
        thread.retry_seconds = 0
        self.process(thread)
        self.assertEqual(self.mailer.attempts, 2)
        ((fromaddr, toaddrs, message),) = self.mailer.sent
        self.assertEqual(fromaddr, "noreply@example.org")
        self.assertEqual(toaddrs, ("beratung@example.org",))
        self.assertIn(b"Hallo", message)
        self.assertEqual(queued_mails(self.directory), [])
        self.assertEqual(os.listdir(os.path.join(self.directory, "new")), [])

    def test_zope_sendmail_alone_would_wait_for_hours(self):
        """Why the subclass exists: the stock thread keeps a failed mail claimed."""
        thread = QueueProcessorThread()
        self.process(thread)
        self.mailer.up = True
        self.process(thread)
        self.assertEqual(self.mailer.attempts, 1)
        self.assertEqual(self.mailer.sent, [])


class TestEnvironment(unittest.TestCase):
    def test_queue_variable(self):
        self.assertIsNone(queue_directory_from_environ({}))
        for value in ("", " ", "off", "OFF"):
            self.assertEqual(
                queue_directory_from_environ({"SOZIALPLATTFORM_MAIL_QUEUE": value}), ""
            )
        self.assertEqual(
            queue_directory_from_environ(
                {"SOZIALPLATTFORM_MAIL_QUEUE": "/srv/var/mailqueue"}
            ),
            "/srv/var/mailqueue",
        )
        self.assertTrue(
            os.path.isabs(
                queue_directory_from_environ({"SOZIALPLATTFORM_MAIL_QUEUE": "var/mq"})
            )
        )


class TestInstanceKey(unittest.TestCase):
    def setUp(self):
        self.instance = load_script("instance")
        self.tmp = Path(tempfile.mkdtemp())
        self.addCleanup(shutil.rmtree, self.tmp)
        (self.tmp / "profiles").mkdir()

    def config(self, text: str = "", environ=None) -> dict:
        (self.tmp / "instance.yaml").write_text(f"default_context:\n{text or '  {}'}")
        self.instance.ROOT = self.tmp
        return self.instance.load_config(environ=environ or {})

    def test_repository_default(self):
        config = self.instance.load_config(environ={})
        self.assertEqual(config["mail_queue_directory"], "var/mailqueue")
        self.assertEqual(
            config["environment"]["SOZIALPLATTFORM_MAIL_QUEUE"],
            str(ROOT / "var" / "mailqueue"),
        )

    def test_rendered_into_the_environment(self):
        config = self.config("  mail_queue_directory: /srv/mq\n")
        conf = self.instance.render_zope_conf(config, self.tmp / "instance")
        self.assertIn("  SOZIALPLATTFORM_MAIL_QUEUE /srv/mq\n", conf)

    def test_empty_means_direct_delivery(self):
        config = self.config('  mail_queue_directory: ""\n')
        self.assertEqual(config["environment"]["SOZIALPLATTFORM_MAIL_QUEUE"], "off")

    def test_process_environment_wins(self):
        config = self.config(
            "  mail_queue_directory: var/mq\n",
            environ={"SOZIALPLATTFORM_MAIL_QUEUE": "/run/mq"},
        )
        self.assertEqual(config["environment"]["SOZIALPLATTFORM_MAIL_QUEUE"], "/run/mq")
        config = self.config(environ={"ZOPE_MAIL_QUEUE_DIRECTORY": "/data/mq"})
        self.assertEqual(
            config["environment"]["SOZIALPLATTFORM_MAIL_QUEUE"], "/data/mq"
        )

    def test_defaults_are_not_shared_between_loads(self):
        self.config("  mail_queue_directory: /one\n")
        self.assertEqual(self.instance.DEFAULTS["environment"], {})


class TestApplyQueue(unittest.TestCase):
    layer = INTEGRATION_TESTING

    def setUp(self):
        self.portal = self.layer["portal"]
        self.directory = os.path.join(tempfile.mkdtemp(), "var", "mailqueue")
        self.addCleanup(shutil.rmtree, Path(self.directory).parents[1])

    def test_switch_on_and_off(self):
        mailhost = self.portal.MailHost
        self.assertTrue(apply_queue_settings(self.portal, self.directory))
        self.assertTrue(mailhost.smtp_queue)
        self.assertEqual(mailhost.smtp_queue_directory, self.directory)
        for sub in ("cur", "new", "tmp"):
            self.assertTrue(os.path.isdir(os.path.join(self.directory, sub)))
        self.assertFalse(apply_queue_settings(self.portal, self.directory))
        self.assertTrue(apply_queue_settings(self.portal, ""))
        self.assertFalse(mailhost.smtp_queue)

    def test_site_creation_applies_the_environment(self):
        apply_environment(
            self.portal,
            {
                "SOZIALPLATTFORM_SMTP_HOST": "relay.example.org",
                "SOZIALPLATTFORM_MAIL_QUEUE": self.directory,
            },
        )
        self.assertEqual(
            api.portal.get_registry_record("plone.smtp_host"), "relay.example.org"
        )
        self.assertTrue(self.portal.MailHost.smtp_queue)


class TestStartup(unittest.TestCase):
    layer = FUNCTIONAL_TESTING

    def setUp(self):
        self.directory = os.path.join(tempfile.mkdtemp(), "mailqueue")
        self.addCleanup(shutil.rmtree, os.path.dirname(self.directory))
        self.addCleanup(stop_queue_processor, self.directory)

    def test_instance_start_writes_nothing_and_starts_the_queue_thread(self):
        database = self.layer["zodbDB"]
        before = database.lastTransaction()
        environment = {
            "SOZIALPLATTFORM_MAIL_QUEUE": self.directory,
            "SOZIALPLATTFORM_SMTP_HOST": "relay.example.org",
            "SOZIALPLATTFORM_MAIL_FROM": "start@example.org",
        }
        with mock.patch.dict(os.environ, environment):
            start_queues_on_startup(SimpleNamespace(database=database))
        # Several instances start at once: none of them writes (no boot-time race).
        self.assertEqual(database.lastTransaction(), before)
        transaction.begin()
        setSite(self.layer["portal"])
        mailhost = self.layer["portal"].MailHost
        self.assertFalse(mailhost.smtp_queue)
        self.assertNotEqual(
            api.portal.get_registry_record("plone.smtp_host"), "relay.example.org"
        )
        thread = mailhost_module.queue_threads[os.path.realpath(self.directory)]
        self.assertIsInstance(thread, RetryingQueueProcessor)
        self.assertTrue(thread.is_alive())


class TestSMTPDown(OnboardingHTTPTestCase):
    """The interest form and the AVV mail while the SMTP server is down."""

    def setUp(self):
        super().setUp()
        self.directory = os.path.join(tempfile.mkdtemp(), "mailqueue")
        self.addCleanup(shutil.rmtree, os.path.dirname(self.directory))
        self.port = free_port()
        self.previous_port = api.portal.get_registry_record("plone.smtp_port")
        api.portal.set_registry_record("plone.smtp_port", self.port)
        apply_queue_settings(self.site, self.directory)
        transaction.commit()
        # Short retry delay for the test; mails.send() keeps this thread.
        start_queue_processor(self.site.MailHost, interval=0.2, retry_seconds=0.5)
        self.addCleanup(stop_queue_processor, self.directory)

    def start_smtp_server(self) -> ReceivedMail:
        from aiosmtpd.controller import Controller

        received = ReceivedMail()
        controller = Controller(
            received, hostname="127.0.0.1", port=self.port, ready_timeout=10
        )
        controller.start()
        self.addCleanup(controller.stop)
        return received

    def wait_for_empty_queue(self, timeout: float = 10.0) -> None:
        """The thread removes a mail right after the server accepted it."""
        deadline = time.monotonic() + timeout
        while queued_mails(self.directory) and time.monotonic() < deadline:
            time.sleep(0.05)
        self.assertEqual(queued_mails(self.directory), [])

    def test_request_is_kept_and_mail_delivered_later(self):
        response = self.submit_form()
        self.assertEqual(response.status_code, 200)
        self.assertIn("Vielen Dank für Ihre Anfrage", response.text)
        (request,) = self.requests_found()
        self.assertEqual(request.email, "Alex.Beispiel@lindenhof.example")
        self.assertEqual(len(queued_mails(self.directory)), 2)

        # A state editor sends the AVV: the transition succeeds, the mail waits too.
        response = self.transition(request, "send_avv")
        self.assertEqual(response.status_code, 200, response.text)
        transaction.begin()
        self.assertEqual(api.content.get_state(request), "avv_sent")
        self.assertEqual(len(queued_mails(self.directory)), 3)
        self.assertEqual(self.smtp.envelopes, [])

        received = self.start_smtp_server()
        messages = received.wait_for(3, timeout=30)
        self.assertEqual(
            sorted(message["To"] for message in messages),
            [
                "Alex.Beispiel@lindenhof.example",
                "Alex.Beispiel@lindenhof.example",
                "land@berlin.example",
            ],
        )
        avv = [m for m in messages if list(m.iter_attachments())]
        self.assertEqual(len(avv), 1)
        self.wait_for_empty_queue()

    def test_grant_access_with_smtp_down(self):
        request = store(self.site)
        transaction.commit()
        self.assertEqual(self.transition(request, "send_avv").status_code, 200)
        transaction.begin()
        sign(request)
        transaction.commit()
        self.assertEqual(
            self.transition(request, "confirm_signatures").status_code, 200
        )
        response = self.transition(request, "grant_access")
        self.assertEqual(response.status_code, 200, response.text)
        transaction.begin()
        self.assertEqual(api.content.get_state(request), "access_granted")
        self.assertEqual(len(queued_mails(self.directory)), 2)
        received = self.start_smtp_server()
        messages = received.wait_for(2, timeout=30)
        self.assertTrue(
            any("passwordreset" in m.get_body().get_content() for m in messages)
        )
