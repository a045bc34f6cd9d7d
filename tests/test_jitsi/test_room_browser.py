"""The room page ``@@video`` in Chromium: nothing from the Jitsi server before the click
(Playwright's request log), then the IFrame API with the configured domain, room, token
and options; the device check (a fake camera; a blocked one); axe and reflow at 320/390/
1280 px. The Jitsi server is replaced by a stub ``external_api.js`` served on the
configured domain (Playwright routes every request to it)."""

from datetime import timedelta
from pathlib import Path
from plone.app.testing import SITE_OWNER_NAME
from plone.testing.zope import login
from sozialplattform.site.testing import BROWSER_TESTING
from sozialplattform.site.testing import DISTRIBUTION_SITE_ID
from sozialplattform.site.testing import server_url
from test_browser import test_accessibility as a11y
from test_browser.test_handbook_screenshots import screenshot
from test_jitsi import fixtures
from test_permissions.fixtures import PASSWORD
from zope.component.hooks import setSite
import jwt
import transaction
import unittest


STUB = (Path(__file__).parent / "stub_external_api.js").read_text()


class RoomPageTestCase(unittest.TestCase):
    layer = BROWSER_TESTING
    page = None
    goto = a11y.AccessibilityTestCase.goto
    serious_findings = a11y.AccessibilityTestCase.serious_findings

    def setUp(self):
        self.base = server_url(self.layer, DISTRIBUTION_SITE_ID)
        app = self.layer["app"]
        site = app[DISTRIBUTION_SITE_ID]
        setSite(site)
        login(app.acl_users, SITE_OWNER_NAME)
        fixtures.configure()
        self.addCleanup(fixtures.unconfigure)
        self.centre = fixtures.centre(site, "lindenhof-video")
        fixtures.staff(site, self.centre)
        self.booking, self.token = fixtures.booking(
            self.centre, timedelta(minutes=5), name="Mond"
        )
        transaction.commit()
        self.context = self.layer["browser"].new_context(
            locale="de-DE", viewport={"width": 390, "height": a11y.HEIGHT}
        )
        self.addCleanup(self.context.close)
        self.jitsi_requests = []
        self.context.route(f"https://{fixtures.DOMAIN}/**", self.jitsi_server)
        self.page = self.context.new_page()
        self.page.on("request", self.log_request)

    def jitsi_server(self, route):
        if route.request.url.endswith("/external_api.js"):
            route.fulfill(body=STUB, content_type="text/javascript")
        else:
            route.fulfill(
                body="<!doctype html><title>Jitsi</title>", content_type="text/html"
            )

    def log_request(self, request):
        if fixtures.DOMAIN in request.url:
            self.jitsi_requests.append(request.url)

    def booker_path(self) -> str:
        return f"/@@video?token={self.token}"

    def shoot(self, name: str, locator=None):
        screenshot(self.page, name, locator, block="start")

    def log_in(self, username=fixtures.STAFF):
        page = self.page
        page.goto(f"{self.base}/login")
        page.fill("#__ac_name", username)
        page.fill("#__ac_password", PASSWORD)
        page.click("#buttons-login")
        page.wait_for_load_state()

    def joined(self) -> dict:
        self.page.get_by_role("button", name="Beitreten").click()
        self.page.wait_for_function("() => window.__jitsi !== undefined")
        return self.page.evaluate("() => window.__jitsi")


class TestRoomPage(RoomPageTestCase):
    def test_nothing_from_jitsi_before_join_then_the_iframe(self):
        self.goto(self.booker_path())
        page = self.page
        self.assertEqual(
            page.get_by_role("heading", level=1).inner_text(), "Video-Beratung"
        )
        self.assertIn("Mikrofon und Lautsprecher", page.content())
        self.assertIn(fixtures.DOMAIN, page.locator(".video-join").inner_text())
        page.wait_for_load_state("networkidle")
        self.assertEqual(self.jitsi_requests, [])
        record = self.joined()
        self.assertEqual(
            self.jitsi_requests[0], f"https://{fixtures.DOMAIN}/external_api.js"
        )
        self.assertEqual(record["domain"], fixtures.DOMAIN)
        options = record["options"]
        self.assertEqual(options["roomName"], self.booking.video_room)
        claims = jwt.decode(
            options["jwt"], fixtures.SECRET, algorithms=["HS256"], audience="jitsi"
        )
        self.assertEqual(claims["room"], self.booking.video_room)
        self.assertIs(claims["context"]["user"]["moderator"], False)
        self.assertEqual(options["userInfo"], {"displayName": "Mond"})
        config = options["configOverwrite"]
        self.assertEqual(config["prejoinConfig"], {"enabled": True})
        self.assertEqual(config["p2p"], {"enabled": False})
        self.assertTrue(config["disableDeepLinking"])
        self.assertEqual(config["deeplinking"], {"disabled": True})
        self.assertTrue(config["disableThirdPartyRequests"])
        self.assertEqual(config["analytics"], {"disabled": True})
        self.assertEqual(config["gravatar"], {"disabled": True})
        self.assertTrue(config["disableInviteFunctions"])
        self.assertTrue(config["readOnlyName"])
        for hidden in ("recording", "livestreaming", "invite", "embedmeeting"):
            self.assertNotIn(hidden, config["toolbarButtons"])
        self.assertIn("microphone", config["toolbarButtons"])
        # the booker does not switch the lobby on; the iframe has its name
        self.assertNotIn("participantRoleChanged", record["listeners"])
        self.assertIs(claims["context"]["user"]["lobby"], True)
        self.assertEqual(config["subject"], "Videoberatung")
        for off in ("recordingService", "liveStreaming", "transcription"):
            self.assertEqual(config[off], {"enabled": False}, off)
        self.assertNotIn("participants-pane", config["toolbarButtons"])
        # the secret link is out of the address bar while Jitsi's script runs
        self.assertNotIn("token=", page.url)
        self.assertIsNone(
            page.locator(".sozialplattform-video").get_attribute("data-token-url")
        )
        iframe = page.locator(".video-frame iframe")
        self.assertEqual(iframe.get_attribute("title"), "Video-Beratung")
        self.assertIn(self.booking.video_room, iframe.get_attribute("src"))

    def test_staff_open_the_room_with_the_lobby_on(self):
        page = self.page
        self.log_in()
        page.goto(f"{self.base}/beratungsstellen/berlin/lindenhof-video/@@termine")
        page.get_by_role("link", name="Video-Beratung starten").first.click()
        page.wait_for_load_state("networkidle")
        self.assertEqual(self.jitsi_requests, [])
        self.assertIn("Warteraum", page.locator(".video-join").inner_text())
        record = self.joined()
        claims = jwt.decode(
            record["options"]["jwt"],
            fixtures.SECRET,
            algorithms=["HS256"],
            audience="jitsi",
        )
        self.assertIs(claims["context"]["user"]["moderator"], True)
        listeners = "window.__jitsi.listeners.participantRoleChanged"
        page.evaluate(f"() => {listeners}({{id: 'x', role: 'participant'}})")
        self.assertEqual(page.evaluate("() => window.__jitsi.commands"), [])
        page.evaluate(f"() => {listeners}({{id: 'x', role: 'moderator'}})")
        commands = page.evaluate("() => window.__jitsi.commands")
        self.assertEqual(commands, [["toggleLobby", True]])
        toolbar = record["options"]["configOverwrite"]["toolbarButtons"]
        self.assertIn("participants-pane", toolbar)

    def test_before_the_window_the_page_says_when(self):
        transaction.begin()
        _booking, token = fixtures.booking(self.centre, timedelta(hours=2))
        transaction.commit()
        self.goto(f"/@@video?token={token}")
        text = self.page.locator(".video-not-yet").inner_text()
        self.assertRegex(
            text, r"Der Video-Raum öffnet am \d\d\.\d\d\.\d{4} um \d\d:\d\d Uhr"
        )
        self.assertEqual(self.page.get_by_role("button", name="Beitreten").count(), 0)
        self.assertEqual(
            self.page.get_by_role("button", name="Mikrofon und Kamera prüfen").count(),
            1,
        )

    def test_a_wrong_link(self):
        self.goto("/@@video?token=nope", status=404)
        self.assertIn("nicht (mehr) gültig", self.page.content())

    def test_device_check_with_a_camera(self):
        self.context.grant_permissions(
            ["camera", "microphone"], origin=self.base[: self.base.index("/", 8)]
        )
        self.goto(self.booker_path())
        self.page.get_by_role("button", name="Mikrofon und Kamera prüfen").click()
        status = self.page.locator(".video-check-status")
        status.get_by_text("Mikrofon und Kamera funktionieren.").wait_for()
        self.assertTrue(self.page.locator(".video-check-preview").is_visible())
        self.assertEqual(self.jitsi_requests, [])
        self.page.get_by_role("button", name="Prüfung beenden").click()
        self.assertFalse(self.page.locator(".video-check-preview").is_visible())

    def test_device_check_with_a_blocked_camera(self):
        self.goto(self.booker_path())
        self.page.get_by_role("button", name="Mikrofon und Kamera prüfen").click()
        self.page.locator(".video-check-status").get_by_text(
            "Ihr Browser blockiert das Mikrofon oder die Kamera."
        ).wait_for()
        help_text = self.page.locator(".video-check-help").inner_text()
        self.assertIn("Schloss", help_text)

    def test_accessible_at_every_width(self):
        for width in a11y.WIDTHS:
            with self.subTest(width=width):
                self.page.set_viewport_size({"width": width, "height": a11y.HEIGHT})
                self.goto(self.booker_path())
                overflow, wide = self.page.evaluate(a11y.OVERFLOW)
                self.assertEqual(
                    (self.serious_findings(), max(overflow, 0)), ([], 0), wide
                )

    def test_handbook_screenshots(self):
        page = self.page
        self.context.grant_permissions(
            ["camera", "microphone"], origin=self.base[: self.base.index("/", 8)]
        )
        self.goto(self.booker_path())
        self.shoot("video-raum-ratsuchende", page.locator("h1"))
        page.get_by_role("button", name="Mikrofon und Kamera prüfen").click()
        page.locator(".video-check-status").get_by_text(
            "Mikrofon und Kamera funktionieren."
        ).wait_for()
        self.shoot("video-geraetetest", page.locator("#video-check-heading"))
        self.page.context.clear_cookies()
        page.set_viewport_size({"width": 1280, "height": a11y.HEIGHT})
        self.log_in()
        page.goto(f"{self.base}/beratungsstellen/berlin/lindenhof-video/@@termine")
        self.shoot("video-termine-starten", page.locator(".booking-staff-video").first)
        page.get_by_role("link", name="Video-Beratung starten").first.click()
        page.wait_for_load_state()
        self.shoot("video-raum-beratende", page.locator("#video-join-heading"))
