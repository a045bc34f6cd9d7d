"""Screenshots for the handbooks (docs/handbuch), taken in a real Chromium.

Every test opens one screen of the site created from the distribution, checks that it loaded
(HTTP 200 and a known element) and saves a PNG. With ``HANDBOOK_SCREENSHOTS=1`` the images go
to ``docs/handbuch/bilder/`` (the handbooks use them), otherwise to ``var/screenshots/``::

    HANDBOOK_SCREENSHOTS=1 .venv/bin/zope-testrunner --path $PWD/tests \
        --tests-pattern '^test_' --all -t test_handbook_screenshots
"""

from axe_playwright_python.sync_playwright import Axe
from pathlib import Path
from plone import api
from plone.app.testing import SITE_OWNER_NAME
from plone.testing.zope import login
from sozialplattform.site.content.interfaces import ICounsellingCentre
from sozialplattform.site.content.structure import CENTRE_EDITOR_ROLE
from sozialplattform.site.content.structure import FOLDER_ID
from sozialplattform.site.content.structure import state_editors_group_id
from sozialplattform.site.downloads.handbooks import HANDBOOKS
from sozialplattform.site.testing import BROWSER_TESTING
from sozialplattform.site.testing import DISTRIBUTION_SITE_ID
from sozialplattform.site.testing import server_url
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
TILE_HOST = "tile.openstreetmap.org"


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

    def _versions(self, centre):
        repository = api.portal.get_tool("portal_repository")
        repository.save(obj=centre, comment="Übernahme aus dem Verzeichnis des Landes")
        centre.opening_hours_note = "Termine auch nach Vereinbarung."
        centre.reindexObject()
        repository.save(obj=centre, comment="Hinweis zu den Öffnungszeiten ergänzt")

    # helpers
    def url(self, path: str = "") -> str:
        return server_url(self.layer, f"{DISTRIBUTION_SITE_ID}/{path}".rstrip("/"))

    def open(self, path: str, expected_status: int = 200):
        response = self.page.goto(self.url(path))
        self.assertEqual(response.status, expected_status, path)
        return response

    def shoot(self, name: str, locator=None) -> Path:
        if locator is not None:
            # instant: Bootstrap's smooth scrolling would still be moving
            locator.evaluate(
                "el => el.scrollIntoView({block: 'center', behavior: 'instant'})"
            )
        target = self.images / f"{name}.png"
        self.page.screenshot(path=str(target), full_page=False)
        self.assertGreater(target.stat().st_size, 5_000, target)
        return target

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

    def centre_path(self, centre) -> str:
        return "/".join(centre.getPhysicalPath()[2:])

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
        user = api.user.get(username=CENTRE_EDITOR["username"])
        reset = api.portal.get_tool("portal_password_reset").requestReset(user.getId())
        transaction.commit()
        self.open(f"passwordreset/{reset['randomstring']}")
        password = self.page.locator("input[name='password']")
        self.assertTrue(password.is_visible())
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
