"""Test layers of sozialplattform.site.

- ``INTEGRATION_TESTING``: the add-on profile on plone.app.testing's site ``plone``.
- ``FUNCTIONAL_TESTING``: the same, committed, served by a real WSGI server (``layer["port"]``).
- ``DISTRIBUTION_*``: additionally a site ``Plone`` created from the ``sozialplattform``
  distribution, with example content, exactly as ``make create-site`` does.
- ``MAIL_FUNCTIONAL_TESTING``: a real SMTP server (aiosmtpd) on a free loopback port; the sites'
  MailHost delivers to it, ``layer["smtp"]`` holds the received messages.
- ``BROWSER_TESTING``: Debian's Chromium driven by Playwright against the WSGI server.
- ``MAIL_BROWSER_TESTING``: Chromium and the real SMTP server together (a page's action
  whose mail the test reads, e.g. a visitor books and follows the link of the mail).
- ``PIPELINE_FUNCTIONAL_TESTING``: the distribution's site behind a WSGI server with the
  filters of the rendered zope.ini (compression), for the page-weight headers.
- ``POSTGRES_FIXTURE``: a throw-away PostgreSQL server (``layer["postgres"]``, a
  ``cluster.postgres.TemporaryPostgres``: ``dsn``, ``create_database()``, ``client()``).
- ``CLUSTER_FIXTURE``: on it, two real instances (subprocesses rendered from the
  ``relstorage`` profile, ``make create-site`` once) and HAProxy in front:
  ``layer["instances"]`` (their base URLs), ``layer["balancer"]``, ``layer["cluster"]``.
  Nothing is rolled back: tests create their own objects under fresh names.
"""

from email import message_from_bytes
from email import policy
from email.message import EmailMessage
from pathlib import Path
from plone.app.testing import applyProfile
from plone.app.testing import FunctionalTesting
from plone.app.testing import IntegrationTesting
from plone.app.testing import PLONE_FIXTURE
from plone.app.testing import PloneSandboxLayer
from plone.app.testing import SITE_OWNER_NAME
from plone.testing import Layer
from plone.testing import zodb
from plone.testing import zope as zope_testing
from zope.component.hooks import getSite
from zope.component.hooks import setSite
import os
import random
import shutil
import socket
import tempfile
import threading
import time
import transaction


DISTRIBUTION_SITE_ID = "Plone"
MIN_SECONDS_VARIABLE = "SOZIALPLATTFORM_FORM_MIN_SECONDS"
CHROMIUM_PATH = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
    # German UI of the browser itself (date inputs as dd.mm.yyyy), as visitors here have.
    "--lang=de-DE",
    # a fake camera and microphone for the video room's device check (granted per
    # context; without the grant the browser refuses, as for a blocked camera)
    "--use-fake-device-for-media-stream",
]


class SozialplattformLayer(PloneSandboxLayer):
    """The add-on and its dependencies installed on the test site."""

    defaultBases = (PLONE_FIXTURE,)

    def setUpZope(self, app, configurationContext):
        import plone.app.contenttypes
        import sozialplattform.site

        self.loadZCML(package=plone.app.contenttypes)
        self.loadZCML(package=sozialplattform.site)
        zope_testing.installProduct(app, "Products.DateRecurringIndex")

    def setUpPloneSite(self, portal):
        applyProfile(portal, "sozialplattform.site:default")

    def setUp(self):
        # Tests send forms right after loading them; test_honeypot sets its own minimum.
        self._min_seconds = os.environ.get(MIN_SECONDS_VARIABLE)
        os.environ[MIN_SECONDS_VARIABLE] = "0"
        super().setUp()

    def tearDown(self):
        super().tearDown()
        if self._min_seconds is None:
            os.environ.pop(MIN_SECONDS_VARIABLE, None)
        else:
            os.environ[MIN_SECONDS_VARIABLE] = self._min_seconds

    def testSetUp(self):
        # Every test starts with no client past a rate limit (counts live in memory).
        from sozialplattform.site.anonymous import throttle

        throttle.reset()


FIXTURE = SozialplattformLayer()


class DistributionLayer(PloneSandboxLayer):
    """A site created from the distribution next to plone.app.testing's site."""

    defaultBases = (FIXTURE,)

    answers = {
        "site_id": DISTRIBUTION_SITE_ID,
        "title": "Sozialplattform",
        "description": "Die Sozialplattform hilft Menschen, die passende"
        " Beratungsstelle zu finden – in der Nähe oder online.",
        "default_language": "de",
        "portal_timezone": "Europe/Berlin",
        "setup_content": True,
    }

    def setUpPloneSite(self, portal):
        from AccessControl.SecurityManagement import getSecurityManager
        from AccessControl.SecurityManagement import newSecurityManager
        from AccessControl.SecurityManagement import setSecurityManager
        from plone.distribution.api import site as site_api

        app = portal.aq_parent
        previous_site = getSite()
        previous_manager = getSecurityManager()
        owner = app.acl_users.getUserById(SITE_OWNER_NAME)
        newSecurityManager(None, owner.__of__(app.acl_users))
        try:
            site_api.create(app, "sozialplattform", dict(self.answers))
        finally:
            setSecurityManager(previous_manager)
            setSite(previous_site)


DISTRIBUTION_FIXTURE = DistributionLayer()


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((host, 0))
        return sock.getsockname()[1]


class ReceivedMail:
    """Messages a real SMTP server received, as parsed ``EmailMessage`` objects."""

    def __init__(self):
        self._lock = threading.Condition()
        self.envelopes = []

    async def handle_DATA(self, server, session, envelope):
        message = message_from_bytes(envelope.content, policy=policy.default)
        with self._lock:
            self.envelopes.append(
                {
                    "mail_from": envelope.mail_from,
                    "rcpt_tos": list(envelope.rcpt_tos),
                    "message": message,
                }
            )
            self._lock.notify_all()
        return "250 Message accepted for delivery"

    @property
    def messages(self) -> list[EmailMessage]:
        return [item["message"] for item in self.envelopes]

    def clear(self) -> None:
        with self._lock:
            self.envelopes.clear()

    def wait_for(self, count: int = 1, timeout: float = 10.0) -> list[EmailMessage]:
        """Wait until ``count`` messages arrived; fail with what did arrive otherwise."""
        deadline = time.monotonic() + timeout
        with self._lock:
            while len(self.envelopes) < count:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise AssertionError(
                        f"expected {count} mail(s) within {timeout} s, got "
                        f"{len(self.envelopes)}: "
                        f"{[m['message']['Subject'] for m in self.envelopes]}"
                    )
                self._lock.wait(remaining)
            return self.messages


class SMTPServerLayer(Layer):
    """A real SMTP server (aiosmtpd) on a free loopback port."""

    def setUp(self):
        from aiosmtpd.controller import Controller

        self.received = ReceivedMail()
        self.controller = Controller(
            self.received, hostname="127.0.0.1", port=free_port(), ready_timeout=10
        )
        self.controller.start()
        self["smtp"] = self.received
        self["smtp_host"] = self.controller.hostname
        self["smtp_port"] = self.controller.port

    def tearDown(self):
        self.controller.stop()
        del self["smtp"], self["smtp_host"], self["smtp_port"]

    def testSetUp(self):
        self.received.clear()


SMTP_SERVER_FIXTURE = SMTPServerLayer()


def plone_sites(app):
    return [obj for obj in app.objectValues() if obj.meta_type == "Plone Site"]


class MailDeliveryLayer(Layer):
    """Point every site's MailHost at the SMTP server, sending on commit."""

    defaultBases = (DISTRIBUTION_FIXTURE, SMTP_SERVER_FIXTURE)

    def setUp(self):
        from sozialplattform.site.mail import apply_mail_settings

        self["zodbDB"] = zodb.stackDemoStorage(self.get("zodbDB"), name="MailDelivery")
        with zope_testing.zopeApp(self["zodbDB"]) as app:
            for site in plone_sites(app):
                setSite(site)
                apply_mail_settings(
                    site,
                    {
                        "smtp_host": self["smtp_host"],
                        "smtp_port": self["smtp_port"],
                        "email_from_address": "noreply@sozialplattform.example",
                        "email_from_name": "Sozialplattform",
                    },
                )
                # Plone's MailHost reads host and port from the registry at send time.
                # Direct delivery on commit; tests/test_mail/test_queue.py covers the
                # queue (instance.yaml's mail_queue_directory).
                site.MailHost.smtp_queue = False
            setSite(None)

    def tearDown(self):
        self["zodbDB"].close()
        del self["zodbDB"]


MAIL_DELIVERY_FIXTURE = MailDeliveryLayer()


class BrowserLayer(Layer):
    """Debian's Chromium through Playwright. A missing browser fails the layer."""

    def setUp(self):
        if not Path(CHROMIUM_PATH).exists():
            raise RuntimeError(
                f"Chromium not found at {CHROMIUM_PATH}. Install it with "
                "`make install-browser` (Debian package chromium) or set CHROMIUM_PATH."
            )
        from playwright.sync_api import sync_playwright

        self.playwright = sync_playwright().start()
        self.browser = self.playwright.chromium.launch(
            executable_path=CHROMIUM_PATH, args=CHROMIUM_ARGS, headless=True
        )
        self["browser"] = self.browser

    def tearDown(self):
        self.browser.close()
        self.playwright.stop()
        del self["browser"]


BROWSER_FIXTURE = BrowserLayer()


class PublicURL:
    """Per test, the configured public site URL (``site_url``) is the test site's URL:
    ``http://nohost/<site>`` in integration layers, the WSGI server's in functional
    ones, so mail links can be followed and compared with ``absolute_url()``."""

    def __init__(self, *args, site_id: str = "plone", **kwargs):
        super().__init__(*args, **kwargs)
        self.site_id = site_id

    server = False

    def public_url(self) -> str:
        if self.server:
            return server_url(self, self.site_id)
        return f"http://nohost/{self.site_id}"

    def testSetUp(self):
        from sozialplattform.site.site_url import VARIABLE

        super().testSetUp()
        self._public_url = os.environ.get(VARIABLE)
        os.environ[VARIABLE] = self.public_url()

    def testTearDown(self):
        from sozialplattform.site.site_url import VARIABLE

        if self._public_url is None:
            os.environ.pop(VARIABLE, None)
        else:
            os.environ[VARIABLE] = self._public_url
        super().testTearDown()


class SiteIntegrationTesting(PublicURL, IntegrationTesting):
    """IntegrationTesting with the public site URL of ``site_id``."""


class SiteFunctionalTesting(PublicURL, FunctionalTesting):
    """FunctionalTesting with the public site URL of ``site_id`` on the WSGI server."""

    server = True


INTEGRATION_TESTING = SiteIntegrationTesting(
    bases=(FIXTURE,), name="Sozialplattform:Integration"
)
FUNCTIONAL_TESTING = SiteFunctionalTesting(
    bases=(FIXTURE, zope_testing.WSGI_SERVER_FIXTURE), name="Sozialplattform:Functional"
)
DISTRIBUTION_INTEGRATION_TESTING = SiteIntegrationTesting(
    bases=(DISTRIBUTION_FIXTURE,),
    name="Sozialplattform:DistributionIntegration",
    site_id=DISTRIBUTION_SITE_ID,
)
DISTRIBUTION_FUNCTIONAL_TESTING = SiteFunctionalTesting(
    bases=(DISTRIBUTION_FIXTURE, zope_testing.WSGI_SERVER_FIXTURE),
    name="Sozialplattform:DistributionFunctional",
    site_id=DISTRIBUTION_SITE_ID,
)
MAIL_FUNCTIONAL_TESTING = SiteFunctionalTesting(
    bases=(MAIL_DELIVERY_FIXTURE, zope_testing.WSGI_SERVER_FIXTURE),
    name="Sozialplattform:MailFunctional",
    site_id=DISTRIBUTION_SITE_ID,
)
BROWSER_TESTING = SiteFunctionalTesting(
    bases=(DISTRIBUTION_FIXTURE, zope_testing.WSGI_SERVER_FIXTURE, BROWSER_FIXTURE),
    name="Sozialplattform:Browser",
    site_id=DISTRIBUTION_SITE_ID,
)
#: the browser against a site that delivers its mail to the SMTP fixture
MAIL_BROWSER_TESTING = SiteFunctionalTesting(
    bases=(MAIL_DELIVERY_FIXTURE, zope_testing.WSGI_SERVER_FIXTURE, BROWSER_FIXTURE),
    name="Sozialplattform:MailBrowser",
    site_id=DISTRIBUTION_SITE_ID,
)


class PipelineWSGIServer(zope_testing.WSGIServer):
    """plone.testing's WSGI server with the rendered zope.ini's own filters around Zope."""

    def make_wsgi_app(self):
        from sozialplattform.site.compression import filter_factory

        return filter_factory({}, min_size="1024")(super().make_wsgi_app())


PIPELINE_WSGI_SERVER_FIXTURE = PipelineWSGIServer()
PIPELINE_FUNCTIONAL_TESTING = SiteFunctionalTesting(
    bases=(DISTRIBUTION_FIXTURE, PIPELINE_WSGI_SERVER_FIXTURE),
    name="Sozialplattform:PipelineFunctional",
    site_id=DISTRIBUTION_SITE_ID,
)


def server_url(layer, path: str = "") -> str:
    """URL of ``path`` on the layer's WSGI server."""
    return f"http://{layer['host']}:{layer['port']}/{path.lstrip('/')}"


def commit() -> None:
    transaction.commit()


#: the repository (Makefile, scripts/, profiles/) this package is developed in
REPOSITORY = Path(__file__).resolve().parents[5]


class PostgresLayer(Layer):
    """A throw-away PostgreSQL server (Debian's binaries) on a free loopback port."""

    def setUp(self):
        from sozialplattform.site.cluster.postgres import TemporaryPostgres

        self.server = TemporaryPostgres().start()
        self["postgres"] = self.server

    def tearDown(self):
        self.server.stop()
        del self["postgres"]


POSTGRES_FIXTURE = PostgresLayer()


def consecutive_free_ports(count: int, host: str = "127.0.0.1") -> int:
    """The first of ``count`` consecutive ports that are free now."""
    for _attempt in range(50):
        first = random.randint(20000, 60000)
        try:
            sockets = []
            for port in range(first, first + count):
                sock = socket.socket()
                sockets.append(sock)
                sock.bind((host, port))
            return first
        except OSError:
            continue
        finally:
            for sock in sockets:
                sock.close()
    raise RuntimeError(f"no {count} consecutive free ports on {host}")


class ClusterLayer(Layer):
    """Two instances on the PostgreSQL of ``POSTGRES_FIXTURE`` behind HAProxy, Varnish in
    front of it (``layer["proxy"]``)."""

    defaultBases = (POSTGRES_FIXTURE,)
    instances = 2
    #: the instances' environment: no rate limit between the tests' many requests
    environ = {
        "SOZIALPLATTFORM_RATE_LIMIT_BOOKING": "off",
        "SOZIALPLATTFORM_RATE_LIMIT_ONBOARDING": "off",
        "SOZIALPLATTFORM_RATE_LIMIT_CONVERSATION": "off",
        "SOZIALPLATTFORM_FORM_MIN_SECONDS": "0",
    }

    def setUp(self):
        from sozialplattform.site.cluster.run import Cluster

        self.var = Path(tempfile.mkdtemp(prefix="sozialplattform-cluster-"))
        # HAProxy, the instances, Varnish
        first = consecutive_free_ports(self.instances + 2)
        self.cluster = Cluster(
            root=REPOSITORY,
            instances=self.instances,
            port=first,
            first_port=first + 1,
            var=self.var,
            dsn=self["postgres"].dsn,
            fresh_database=True,
            environ=dict(self.environ),
            setup_content=False,
            say=lambda *args: None,
            varnish_port=first + self.instances + 1,
        )
        try:
            self.cluster.start()
        except BaseException:
            shutil.rmtree(self.var, ignore_errors=True)
            raise
        self["cluster"] = self.cluster
        self["instances"] = [member.url for member in self.cluster.members]
        self["balancer"] = f"http://127.0.0.1:{first}"
        self["proxy"] = f"http://127.0.0.1:{self.cluster.varnish_port}"

    def tearDown(self):
        self.cluster.stop()
        shutil.rmtree(self.var, ignore_errors=True)
        del self["cluster"], self["instances"], self["balancer"], self["proxy"]


CLUSTER_FIXTURE = ClusterLayer()
