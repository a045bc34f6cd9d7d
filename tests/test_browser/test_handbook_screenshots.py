"""Screenshots for the handbooks (docs/handbuch), taken in a real Chromium.

Every test opens one screen of the site created from the distribution, checks that it loaded
(HTTP 200 and a known element) and saves a PNG. With ``HANDBOOK_SCREENSHOTS=1`` the images go
to ``docs/handbuch/bilder/`` (the handbooks use them), otherwise to ``var/screenshots/``::

    HANDBOOK_SCREENSHOTS=1 .venv/bin/zope-testrunner --path $PWD/tests \
        --tests-pattern '^test_' --all -t test_handbook_screenshots
"""

from axe_playwright_python.sync_playwright import Axe
from DateTime import DateTime
from datetime import date
from datetime import datetime
from datetime import UTC
from io import BytesIO
from pathlib import Path
from PIL import Image
from PIL import ImageDraw
from plone import api
from plone.app.testing import SITE_OWNER_NAME
from plone.namedfile.file import NamedBlobFile
from plone.namedfile.file import NamedBlobImage
from plone.testing.zope import login
from plone.testing.zope import logout
from sozialplattform.site.content.interfaces import ICounsellingCentre
from sozialplattform.site.content.structure import CENTRE_EDITOR_ROLE
from sozialplattform.site.content.structure import FOLDER_ID
from sozialplattform.site.content.structure import state_editors_group_id
from sozialplattform.site.downloads.handbooks import HANDBOOKS
from sozialplattform.site.onboarding import intake
from sozialplattform.site.onboarding import WORKFLOW_ID
from sozialplattform.site.onboarding.setup import avv_pdf
from sozialplattform.site.testing import BROWSER_TESTING
from sozialplattform.site.testing import DISTRIBUTION_SITE_ID
from sozialplattform.site.testing import server_url
from unittest import mock
from zoneinfo import ZoneInfo
from zope.component.hooks import setSite
import os
import re
import transaction
import unittest


ROOT = Path(__file__).resolve().parents[2]
HANDBOOK_IMAGES = ROOT / "docs" / "handbuch" / "bilder"
SCRATCH = ROOT / "var" / "screenshots"
VIEWPORT = {"width": 1280, "height": 800}
STATE_ID = "berlin"
PASSWORD = "Handbuch-Passw0rt-2026"
CENTRE_EDITOR = {
    "username": "kim.beispiel",
    "email": "kim.beispiel@beratungsstelle.example",
    "fullname": "Kim Beispiel",
}
STATE_EDITOR = {
    "username": "alex.muster",
    "email": "alex.muster@land-berlin.example",
    "fullname": "Alex Muster",
}
SITE_ADMIN = {
    "username": "robin.betrieb",
    "email": "robin.betrieb@sozialplattform.example",
    "fullname": "Robin Betrieb",
}
TILE_HOST = "tile.openstreetmap.org"
# Onboarding requests (all fictional): form data, then the steps taken with their comments.
REQUEST_FORM = {
    "centre_name": "Familienberatung Spreebogen",
    "carrier": "Spreebogen Familienhilfe e. V.",
    "street": "Alt-Moabit 90",
    "postcode": "10559",
    "city": "Berlin",
    "state": None,
    "contact_name": "Sam Beispiel",
    "email": "sam.beispiel@spreebogen.example",
    "phone": "030 3987654",
    "functions": {"finder", "booking"},
    "booking_tool_url": "https://termine.spreebogen.example/",
    "counselling_tool_url": "",
    "message": "Wir beraten Familien in Moabit und möchten Termine online anbieten.",
    "privacy": True,
    "homepage": "",
}
# shown as they are, whatever the server's time zone (see local_time)
SUBMITTED = datetime(2026, 11, 2, 9, 14)
STEPS = (
    ("send_avv", "AVV per E-Mail verschickt.", datetime(2026, 11, 3, 10, 5)),
    (
        "confirm_signatures",
        "Unterschriebene AVV per Post erhalten.",
        datetime(2026, 11, 10, 14, 30),
    ),
    ("grant_access", "", datetime(2026, 11, 10, 14, 32)),
)


def shrink_png(path: Path):
    """A screenshot as a 256-colour palette PNG: a third of the size, same look."""
    image = Image.open(path).convert("RGB")
    image.quantize(
        colors=256, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE
    ).save(path, optimize=True)


def screenshot(
    page, name: str, locator=None, block: str = "center", full_page: bool = False
) -> Path:
    """The handbook image ``name`` of ``page`` (scrolled to ``locator``), shrunk; into
    docs/handbuch/bilder with ``HANDBOOK_SCREENSHOTS=1``, else a scratch folder."""
    if locator is not None:
        # instant: Bootstrap's smooth scrolling would still be moving
        locator.evaluate(
            f"el => el.scrollIntoView({{block: '{block}', behavior: 'instant'}})"
        )
    target = target_dir() / f"{name}.png"
    target.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(target), full_page=full_page)
    if target.stat().st_size <= 5_000:
        raise AssertionError(f"{target}: an empty screenshot")
    shrink_png(target)
    return target


def logo_png() -> bytes:
    """A fictional logo: two overlapping circles on a light square."""
    image = Image.new("RGB", (240, 120), "#f3f6f9")
    draw = ImageDraw.Draw(image)
    draw.ellipse((20, 20, 100, 100), fill="#1d6fa5")
    draw.ellipse((70, 20, 150, 100), fill="#f2a900")
    draw.rectangle((165, 45, 220, 75), fill="#1d6fa5")
    data = BytesIO()
    image.save(data, format="PNG")
    return data.getvalue()


def local_time(when: datetime) -> datetime:
    """The naive ``when`` as Berlin time: the request view shows the site's time zone."""
    # stored as UTC: ZODB cannot pickle ZoneInfo
    return when.replace(tzinfo=ZoneInfo("Europe/Berlin")).astimezone(UTC)


def target_dir() -> Path:
    return HANDBOOK_IMAGES if os.environ.get("HANDBOOK_SCREENSHOTS") == "1" else SCRATCH


def centres(state) -> list:
    return sorted(
        (obj for obj in state.objectValues() if ICounsellingCentre.providedBy(obj)),
        key=lambda obj: obj.getId(),
    )


class HandbookScreenshots(unittest.TestCase):
    layer = BROWSER_TESTING

    def setUp(self):
        app = self.layer["app"]
        self.site = app[DISTRIBUTION_SITE_ID]
        setSite(self.site)
        login(app.acl_users, SITE_OWNER_NAME)
        state = self.site[FOLDER_ID][STATE_ID]
        published = [
            c for c in centres(state) if api.content.get_state(c) == "published"
        ]
        self.centre = published[0]
        self.pending = self._pending_centre(state, published[1])
        self.draft = self._draft_centre(state)
        self._users(state)
        self._versions(self.centre)
        self.centre.logo = NamedBlobImage(data=logo_png(), filename="logo.png")
        self.centre.reindexObject()
        transaction.commit()
        self.context = self.layer["browser"].new_context(
            locale="de-DE",
            viewport=VIEWPORT,
            extra_http_headers={"Accept-Language": "de"},
        )
        # no internet: the map would ask for tiles only after consent, answer nothing
        self.context.route(f"https://{TILE_HOST}/**", lambda route: route.abort())
        self.page = self.context.new_page()
        self.images = target_dir()
        self.images.mkdir(parents=True, exist_ok=True)

    def tearDown(self):
        self.context.close()

    # fixtures
    def _pending_centre(self, state, fallback):
        drafts = [c for c in centres(state) if api.content.get_state(c) == "draft"]
        centre = drafts[0] if drafts else fallback
        if api.content.get_state(centre) == "published":
            api.content.transition(
                centre, transition="retract", comment="Bitte Öffnungszeiten ergänzen."
            )
        api.content.transition(centre, transition="submit")
        return centre

    def _draft_centre(self, state):
        """A new centre of the centre editor, not yet submitted."""
        return api.content.create(
            container=state,
            type="CounsellingCentre",
            id="beispiel-familienberatung-mitte",
            title="Beispiel-Familienberatung Mitte",
            postcode="10115",
            city="Berlin",
            street="Invalidenstraße 1",
        )

    def _user(self, data: dict):
        user = api.user.get(username=data["username"]) or api.user.get(
            username=data["email"]
        )
        if user is None:
            user = api.user.create(
                email=data["email"],
                username=data["username"],
                password=PASSWORD,
                properties={"fullname": data["fullname"]},
            )
        return user

    def _users(self, state):
        centre_editor = self._user(CENTRE_EDITOR)
        for centre in (self.centre, self.draft):
            api.user.grant_roles(
                user=centre_editor, roles=[CENTRE_EDITOR_ROLE], obj=centre
            )
        state_editor = self._user(STATE_EDITOR)
        api.group.add_user(
            groupname=state_editors_group_id(STATE_ID), user=state_editor
        )
        site_admin = self._user(SITE_ADMIN)
        api.user.grant_roles(user=site_admin, roles=["Site Administrator"])

    def _versions(self, centre):
        repository = api.portal.get_tool("portal_repository")
        repository.save(obj=centre, comment="Übernahme aus dem Verzeichnis des Landes")
        centre.opening_hours_note = "Termine auch nach Vereinbarung."
        centre.reindexObject()
        repository.save(obj=centre, comment="Hinweis zu den Öffnungszeiten ergänzt")

    # onboarding requests
    def _request(self, steps: int = 0, **changes):
        """An OnboardingRequest sent through the form, taken ``steps`` of ``STEPS`` further.

        The steps are taken by the state editor; mails are not sent; the times are fixed.
        """
        values, errors = intake.validate_submission({**REQUEST_FORM, **changes})
        self.assertEqual(errors, {})
        state = self.site[FOLDER_ID][STATE_ID]
        logout()  # the form is sent anonymously
        try:
            request = intake.store_request(state, values, local_time(SUBMITTED))
        finally:
            login(self.layer["app"].acl_users, SITE_OWNER_NAME)
        self._steps(request, STEPS[:steps])
        transaction.commit()
        return request

    def _steps(self, request, steps):
        with (
            mock.patch("sozialplattform.site.mail.send", return_value=None),
            api.env.adopt_user(username=STATE_EDITOR["username"]),
        ):
            for transition, comment, _when in steps:
                if transition == "confirm_signatures":
                    self._sign(request)
                api.content.transition(request, transition=transition, comment=comment)
        self._history_times(request, [SUBMITTED] + [when for *_rest, when in steps])

    def _sign(self, request):
        request.centre_signature_date = date(2026, 11, 6)
        request.state_signature_date = date(2026, 11, 10)
        request.signed_avv = NamedBlobFile(
            data=avv_pdf(),
            filename="avv-spreebogen-unterschrieben.pdf",
            contentType="application/pdf",
        )

    def _history_times(self, request, times):
        history = list(request.workflow_history[WORKFLOW_ID])
        for index, when in enumerate(times):
            history[index] = dict(history[index], time=DateTime(local_time(when)))
        request.workflow_history[WORKFLOW_ID] = tuple(history)

    # helpers
    def url(self, path: str = "") -> str:
        return server_url(self.layer, f"{DISTRIBUTION_SITE_ID}/{path}".rstrip("/"))

    def open(self, path: str, expected_status: int = 200):
        response = self.page.goto(self.url(path))
        self.assertEqual(response.status, expected_status, path)
        return response

    def shoot(self, name: str, locator=None, full_page: bool = False) -> Path:
        return screenshot(self.page, name, locator, full_page=full_page)

    def log_in(self, data: dict):
        login_name = (
            data["email"]
            if api.portal.get_registry_record("plone.use_email_as_login", default=False)
            else data["username"]
        )
        self.open("login")
        self.page.fill("#__ac_name", login_name)
        self.page.fill("#__ac_password", PASSWORD)
        self.page.locator("#buttons-login").click()
        self.page.wait_for_load_state()
        self.assertEqual(self.page.locator("#__ac_password").count(), 0, "login failed")

    def centre_path(self, obj) -> str:
        """The path below the site of a centre (or any other content)."""
        return "/".join(obj.getPhysicalPath()[2:])

    def open_status_menu(self):
        self.page.locator("#plone-contentmenu-workflow > a").click()
        return self.page.locator("#plone-contentmenu-workflow")

    def state_of(self, obj) -> str:
        transaction.begin()  # see what the browser's requests committed
        return api.content.get_state(obj)

    # public
    def test_front_page_search(self):
        self.open("")
        form = self.page.locator("#finder-search-heading")
        self.assertTrue(form.is_visible())
        self.shoot("startseite-suche", form)

    def test_finder_results(self):
        self.open("@@finder?postcode=10115&radius=10")
        self.assertTrue(self.page.locator("#finder-results h2").is_visible())
        self.assertGreater(self.page.locator(".finder-item").count(), 0)
        self.shoot("finder-ergebnisse")

    def test_finder_filters_open(self):
        self.open("@@finder?postcode=10115&radius=25")
        self.page.locator("#finder-filters summary").click()
        fieldset = self.page.locator("#finder-filters fieldset").first
        self.assertTrue(fieldset.is_visible())
        self.shoot("finder-filter", self.page.locator("#finder-filters"))

    def test_centre_page(self):
        self.open(self.centre_path(self.centre))
        heading = self.page.get_by_role("heading", level=1)
        self.assertEqual(heading.inner_text().strip(), self.centre.title)
        self.assertTrue(self.page.locator("#centre-contact").is_visible())
        self.shoot("beratungsstelle-seite")

    def test_download_area(self):
        self.open("downloads")
        self.assertTrue(self.page.locator("#downloads-filter").is_visible())
        self.assertEqual(self.page.locator(".downloads-item").count(), len(HANDBOOKS))
        # our markup only; the site's header is checked by the finder's tests
        results = Axe().run(self.page, context="#downloads")
        serious = [
            f"{v['id']}: {[n['target'] for n in v['nodes']][:3]}"
            for v in results.response["violations"]
            if v["impact"] in ("serious", "critical")
        ]
        self.assertEqual(serious, [], "axe-core findings on the download area")
        self.shoot("downloadbereich")
        # the filter form works without JavaScript: a plain GET
        self.page.get_by_label("Rolle").select_option("ratsuchende")
        self.page.locator("#downloads-filter button[type=submit]").click()
        self.page.wait_for_url(re.compile(r"rolle=ratsuchende"))
        expected = [h for h in HANDBOOKS if "ratsuchende" in h.roles]
        self.assertEqual(self.page.locator(".downloads-item").count(), len(expected))

    def test_onboarding_page(self):
        self.open("@@anbindung")
        self.assertTrue(self.page.locator("table.onboarding-states").is_visible())
        self.shoot("anbindung-seite")

    def test_interest_form(self):
        self.open("anbindung-beantragen")
        name = self.page.locator("#form-widgets-centre_name")
        self.assertTrue(name.is_visible())
        name.fill("Familienberatung Elbufer")
        self.page.locator("#form-widgets-postcode").fill("01067")
        self.shoot("anbindung-formular", name)

    def test_set_password(self):
        # as onboarding creates them: the e-mail address is the login
        user = api.user.create(
            email="sam.neu@beratungsstelle.example",
            username="sam.neu@beratungsstelle.example",
            properties={"fullname": "Sam Neu"},
        )
        reset = api.portal.get_tool("portal_password_reset").requestReset(user.getId())
        transaction.commit()
        self.open(f"passwordreset/{reset['randomstring']}")
        password = self.page.locator("input[name='password']")
        self.assertTrue(password.is_visible())
        login = self.page.locator("input[name='userid']")
        self.assertEqual(login.input_value(), "sam.neu@beratungsstelle.example")
        self.shoot("passwort-festlegen", password)

    def test_login_form(self):
        self.open("login")
        self.assertTrue(self.page.locator("#__ac_name").is_visible())
        self.assertTrue(self.page.locator("#__ac_password").is_visible())
        self.shoot("anmelden")

    # centre editor
    def test_centre_edit_form(self):
        self.log_in(CENTRE_EDITOR)
        self.open(f"{self.centre_path(self.centre)}/edit")
        self.assertEqual(
            self.page.locator(
                "#form-widgets-IBasic-title, #form-widgets-title"
            ).first.input_value(),
            self.centre.title,
        )
        self.shoot("bearbeiten")
        self._tab(re.compile("Öffnungszeiten|Opening hours"))
        field = self.page.locator("#form-widgets-opening_hours")
        self.assertTrue(field.is_visible())
        self.assertRegex(field.input_value(), r"^(Mo|Di|Mi|Do|Fr|Sa|So) \d\d:\d\d-")
        self.shoot("bearbeiten-oeffnungszeiten")
        self._tab(re.compile("Terminbuchung|Booking and online counselling"))
        self.assertTrue(
            self.page.locator("#form-widgets-external_booking_url").is_visible()
        )
        self.shoot("bearbeiten-funktionen")

    def _tab(self, name):
        self.page.locator("nav.autotoc-nav a").filter(has_text=name).first.click()

    def test_confirm_data(self):
        self.log_in(CENTRE_EDITOR)
        self.open(f"{self.centre_path(self.centre)}/@@confirm-data")
        self.assertTrue(self.page.locator("button[name='form.confirm']").is_visible())
        self.shoot("daten-bestaetigen")

    def test_add_offer_form(self):
        self.log_in(CENTRE_EDITOR)
        self.open(f"{self.centre_path(self.centre)}/++add++CounsellingOffer")
        self.assertTrue(self.page.locator("#form-widgets-costs").count())
        self.assertTrue(self.page.locator("#form-buttons-save").is_visible())
        self.shoot("angebot-anlegen")

    def test_submit_menu(self):
        self.log_in(CENTRE_EDITOR)
        self.open(self.centre_path(self.draft))
        self.page.locator("#plone-contentmenu-workflow > a").click()
        submit = self.page.locator("#workflow-transition-submit")
        submit.wait_for(state="visible")
        self.assertEqual(
            self.page.locator("#workflow-transition-publish").count(),
            0,
            "a centre editor must not be offered to publish",
        )
        self.shoot("einreichen-menu")

    def test_centre_editor_cannot_edit_another_centre(self):
        self.log_in(CENTRE_EDITOR)
        response = self.page.goto(self.url(f"{self.centre_path(self.pending)}/edit"))
        self.assertTrue(
            response.status in (401, 403)
            or "insufficient-privileges" in self.page.url
            or "login" in self.page.url,
            (response.status, self.page.url),
        )

    # state editor
    def test_workflow_menu(self):
        self.log_in(STATE_EDITOR)
        self.open(self.centre_path(self.pending))
        self.page.locator("#plone-contentmenu-workflow > a").click()
        menu = self.page.locator("#plone-contentmenu-workflow")
        publish = menu.locator("#workflow-transition-publish")
        reject = menu.locator("#workflow-transition-reject")
        publish.wait_for(state="visible")
        self.assertTrue(reject.is_visible())
        self.shoot("workflow-menu")

    def test_reject_with_reason(self):
        self.log_in(STATE_EDITOR)
        self.open(
            f"{self.centre_path(self.pending)}/content_status_history"
            "?workflow_action=reject"
        )
        comment = self.page.locator("textarea[name='comment']")
        self.assertTrue(comment.is_visible())
        comment.fill("Bitte ergänzen Sie die Öffnungszeiten am Freitag.")
        self.shoot("ablehnen-begruendung", comment)

    def test_recent_changes(self):
        self.log_in(STATE_EDITOR)
        self.open(f"{FOLDER_ID}/{STATE_ID}/@@recent-changes")
        rows = self.page.locator("table tbody tr")
        self.assertGreater(rows.count(), 0)
        self.shoot("letzte-aenderungen")

    def test_versions(self):
        self.log_in(STATE_EDITOR)
        self.open(f"{self.centre_path(self.centre)}/@@historyview")
        self.assertGreater(
            self.page.get_by_text("Hinweis zu den Öffnungszeiten ergänzt").count(), 0
        )
        self.shoot("versionen")

    # state editor: onboarding requests
    def test_request_page(self):
        request = self._request()
        self.log_in(STATE_EDITOR)
        self.open(self.centre_path(request))
        consent = self.page.locator(".onboarding-consent")
        self.assertIn("Datenschutz-Einwilligung erteilt", consent.inner_text())
        self.assertIn("02.11.2026 09:14", consent.inner_text())
        self.assertTrue(self.page.get_by_text(REQUEST_FORM["carrier"]).is_visible())
        self.shoot("anfrage-ansicht")

    def test_request_status_menu_and_refused_step(self):
        request = self._request(steps=1)  # AVV sent, no signatures yet
        self.log_in(STATE_EDITOR)
        self.open(self.centre_path(request))
        menu = self.open_status_menu()
        confirm = menu.locator("#workflow-transition-confirm_signatures")
        confirm.wait_for(state="visible")
        self.assertTrue(menu.locator("#workflow-transition-reject").is_visible())
        self.assertTrue(menu.locator("#workflow-transition-withdraw").is_visible())
        self.assertEqual(menu.locator("#workflow-transition-send_avv").count(), 0)
        self.shoot("anfrage-status-menu")
        # without the signatures the step is refused: a message, nothing changes
        confirm.click()
        self.page.wait_for_load_state()
        message = self.page.get_by_text("Zuerst werden beide Unterschriften benötigt")
        self.assertTrue(message.is_visible())
        self.assertIn("unterschriebene AVV (PDF)", message.inner_text())
        self.assertEqual(self.state_of(request), "avv_sent")
        self.shoot("anfrage-hinweis-unterschriften")

    def test_request_signatures_and_signed_avv(self):
        request = self._request(steps=1)
        self.log_in(STATE_EDITOR)
        self.open(f"{self.centre_path(request)}/edit")
        self._tab(re.compile("Auftragsverarbeitungsvereinbarung|Data processing"))
        self.page.locator("#form-widgets-centre_signature_date").fill("2026-11-06")
        self.page.locator("#form-widgets-state_signature_date").fill("2026-11-10")
        upload = self.page.locator("input[type=file][name='form.widgets.signed_avv']")
        upload.set_input_files(
            files=[
                {
                    "name": "avv-spreebogen-unterschrieben.pdf",
                    "mimeType": "application/pdf",
                    "buffer": avv_pdf(),
                }
            ]
        )
        self.page.evaluate("document.activeElement.blur()")
        self.shoot("anfrage-avv-unterschriften", upload)
        self.page.locator("#form-buttons-save").click()
        self.page.wait_for_load_state()
        transaction.begin()
        self.assertEqual(request.centre_signature_date, date(2026, 11, 6))
        self.assertEqual(request.state_signature_date, date(2026, 11, 10))
        self.assertEqual(
            request.signed_avv.filename, "avv-spreebogen-unterschrieben.pdf"
        )
        # now the step goes through
        menu = self.open_status_menu()
        menu.locator("#workflow-transition-confirm_signatures").click()
        self.page.wait_for_load_state()
        self.assertEqual(self.state_of(request), "avv_signed")

    def test_request_reject_needs_reason(self):
        request = self._request()
        self.log_in(STATE_EDITOR)
        self.open(self.centre_path(request))
        menu = self.open_status_menu()
        menu.locator("#workflow-transition-reject").click()
        self.page.wait_for_url(re.compile(r"content_status_history"))
        self.assertTrue(
            self.page.get_by_text("Bitte geben Sie eine Begründung an").is_visible()
        )
        self.assertEqual(self.state_of(request), "new")
        comment = self.page.locator("textarea[name='comment']")
        reason = "Die Beratungsstelle ist bereits über ihren Träger angebunden."
        comment.fill(reason)
        # the whole form: the message above, the comment and the steps below
        self.shoot("anfrage-ablehnen-begruendung", full_page=True)
        with mock.patch("sozialplattform.site.mail.send", return_value=None) as send:
            self.page.get_by_role("button", name="Speichern").click()
            self.page.wait_for_load_state()
        self.assertEqual(self.state_of(request), "rejected")
        self.assertEqual(send.call_count, 1, "the centre is told the reason")
        self.assertIn(reason, str(send.call_args))
        self.assertIn(
            reason, self.page.locator("table.onboarding-history").inner_text()
        )

    def test_request_history_and_withdraw_after_access(self):
        request = self._request(steps=len(STEPS))
        centre = api.content.get(UID=request.centre_uid)
        user_id = request.user_id
        self.assertIn(CENTRE_EDITOR_ROLE, centre.get_local_roles_for_userid(user_id))
        self.log_in(STATE_EDITOR)
        self.open(self.centre_path(request))
        rows = self.page.locator("table.onboarding-history tbody tr")
        self.assertEqual(rows.count(), 1 + len(STEPS))
        self.assertRegex(
            rows.nth(1).inner_text(), r"03\.11\.2026 10:05\s+Alex Muster\s+AVV senden"
        )
        self.assertIn(
            "Unterschriebene AVV per Post erhalten.", rows.nth(2).inner_text()
        )
        self.assertIn("Zugang eingerichtet", rows.nth(3).inner_text())
        self.shoot("anfrage-verlauf", self.page.locator("table.onboarding-history"))
        # withdrawn after access: the account loses the role at the centre
        menu = self.open_status_menu()
        menu.locator("#workflow-transition-withdraw").click()
        self.page.wait_for_url(re.compile(r"content_status_history"))
        self.page.locator("textarea[name='comment']").fill(
            "Die Beratungsstelle hat ihre Anfrage zurückgenommen."
        )
        self.page.get_by_role("button", name="Speichern").click()
        self.page.wait_for_load_state()
        self.assertEqual(self.state_of(request), "withdrawn")
        self.assertNotIn(CENTRE_EDITOR_ROLE, centre.get_local_roles_for_userid(user_id))

    # site administration
    def test_onboarding_settings(self):
        self.log_in(SITE_ADMIN)
        self.open("@@sozialplattform-onboarding")
        retention = self.page.locator("#form-widgets-retention_days")
        self.assertEqual(retention.input_value(), "90")
        # the AVV document chosen by the distribution, shown by the related-items pattern
        self.page.locator(
            ".pat-relateditems-container, .select2-container"
        ).first.wait_for()
        self.page.wait_for_load_state("networkidle")
        self.page.evaluate("document.activeElement.blur()")
        self.shoot("einstellungen-anbindung")

    def test_purge_expired_requests(self):
        expired = self._request(email="info@weidenhof.example")
        with mock.patch("sozialplattform.site.mail.send", return_value=None):
            api.content.transition(expired, transition="reject", comment="Kein Bedarf.")
        # rejected long before the retention period of 90 days
        self._history_times(expired, [datetime(2026, 5, 4, 8, 0)] * 2)
        kept = self._request()
        transaction.commit()
        expired_id = expired.getId()
        self.log_in(SITE_ADMIN)
        self.open("@@purge-onboarding-requests")
        due = self.page.locator("#content-core li, main li").filter(has_text="anfrage-")
        self.assertEqual(due.count(), 1)
        self.assertIn(expired_id, due.first.inner_text())
        self.shoot("anfragen-loeschen")
        self.page.get_by_role("button", name="Jetzt löschen").click()
        self.page.wait_for_load_state()
        self.assertTrue(self.page.get_by_text("1 abgelaufene Anfragen").is_visible())
        transaction.begin()
        folder = kept.aq_parent
        self.assertNotIn(expired_id, folder.objectIds())
        self.assertIn(kept.getId(), folder.objectIds())

    # finder: search text, sort, places, pages, no results; offers of a centre
    def test_finder_search_text_and_sort(self):
        self.open("@@finder?postcode=10115&radius=25&q=Schuldner")
        sort = self.page.locator("#finder-sort")
        self.assertEqual(sort.input_value(), "relevance")
        self.assertEqual(
            [o.strip() for o in sort.locator("option").all_inner_texts()],
            ["Entfernung", "Relevanz", "Name (A–Z)"],
        )
        self.assertGreater(self.page.locator(".finder-item").count(), 0)
        self.shoot("finder-suchbegriff")

    def test_finder_choose_place(self):
        self.open("@@finder?place=Frankfurt", expected_status=400)
        question = self.page.get_by_text("Welchen Ort meinen Sie?")
        self.assertTrue(question.is_visible())
        choices = self.page.locator("#finder-form ul li a").all_inner_texts()
        self.assertTrue(any(c.startswith("Frankfurt am Main (") for c in choices))
        self.assertTrue(any(c.startswith("Frankfurt (Oder) (") for c in choices))
        self.shoot("finder-ort-auswahl")
        # "Halle (Saale)" and "Hamburg" are found straight away
        for place in ("Halle (Saale)", "Hamburg"):
            self.open(f"@@finder?place={place}")
            self.assertTrue(self.page.locator("#finder-results-heading").is_visible())

    def test_finder_pager(self):
        self.open("@@finder?postcode=50667&radius=200&b_size=4&b_start=20")
        pager = self.page.locator("nav.finder-pager")
        self.assertEqual(pager.locator("[aria-current=page]").inner_text(), "6")
        self.assertEqual(pager.locator(".page-item.disabled").count(), 2)
        self.shoot("finder-seiten", pager)

    def test_finder_no_results(self):
        catalog = api.portal.get_tool("portal_catalog")
        (online,) = catalog.unrestrictedSearchResults(
            portal_type="CounsellingCentre", Title="Digitale Suchtberatung Kompassrose"
        )
        online = online._unrestrictedGetObject()
        if api.content.get_state(online) != "published":
            api.content.transition(online, to_state="published")
            transaction.commit()
        # no local addiction counselling by chat: only the nationwide offer does that
        self.open(
            "@@finder?postcode=10115&radius=10&topic=sucht&channel=chat&only_local=1"
        )
        empty = self.page.locator(".finder-empty")
        self.assertIn("Keine Beratungsstelle passt zu Ihrer Suche.", empty.inner_text())
        self.assertTrue(
            empty.get_by_role("link", name="Im Umkreis von 25 km suchen").is_visible()
        )
        self.assertTrue(empty.get_by_role("link", name=online.title).is_visible())
        self.shoot("finder-keine-treffer", empty)

    def test_centre_offers(self):
        offers = [
            obj
            for obj in self.centre.objectValues()
            if obj.portal_type == "CounsellingOffer"
        ]
        self.assertTrue(offers)
        if not any(api.content.get_state(o) == "published" for o in offers):
            api.content.transition(offers[0], to_state="published")
            transaction.commit()
        self.open(self.centre_path(self.centre))
        self.assertTrue(self.page.locator(".centre-logo img").is_visible())
        heading = self.page.locator("#centre-offers-heading")
        self.assertTrue(heading.is_visible())
        self.assertIn(
            "Sprachen:", self.page.locator(".offer-languages").first.inner_text()
        )
        self.assertIn(
            "Beratungswege:", self.page.locator(".offer-channels").first.inner_text()
        )
        self.shoot("beratungsstelle-angebote", heading)
