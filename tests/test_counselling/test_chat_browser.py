"""The written counselling live in Chromium: two browser contexts on the real pages.

A counsellor (desktop) sets up her key on the inbox; a seeker (390 px phone) writes from
the centre page with an attachment and keeps the secret link; both chat live in both
directions (the 2 s polling, no reload), each with an attachment decrypted on the other
side. Then the Python reference client reads through the REST API what the browsers
wrote and decrypts it; the link's key part was never in any request. A colleague whose
key the reference client made gets access from the inbox ("Zugang gewähren"). axe
(WCAG 2.2 AA, no serious findings) and no sideways scrolling on the seeker's pages at
320/390/1280 px and the counsellor's inbox. The handbook images
``onlineberatung-*.png`` come from here (``HANDBOOK_SCREENSHOTS=1``)."""

from axe_playwright_python.sync_playwright import Axe
from pathlib import Path
from plone import api
from plone.app.testing import SITE_OWNER_NAME
from plone.testing.zope import login
from sozialplattform.site.booking import COUNSELLOR_ROLE
from sozialplattform.site.counselling import reference
from sozialplattform.site.counselling.content import object_id
from sozialplattform.site.testing import BROWSER_TESTING
from sozialplattform.site.testing import DISTRIBUTION_SITE_ID
from sozialplattform.site.testing import server_url
from test_browser import test_accessibility as a11y
from test_browser.test_handbook_screenshots import screenshot
from test_jitsi import fixtures as jitsi
from zope.component.hooks import setSite
import re
import requests
import transaction
import unittest


PASSWORD = "Beraterin-Passw0rt-2026"
PASSPHRASE = "Lindenblüten am Kanal sind grün"
CENTRE_PATH = "beratungsstellen/berlin/lindenhof-schreiben"
JSON = {"Accept": "application/json"}
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06"
    b"\x00\x00\x00\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\xff\xff?\x00\x05\xfe"
    b"\x02\xfe\xa75\x81\x84\x00\x00\x00\x00IEND\xaeB`\x82"
)
PDF = b"%PDF-1.4\n% Merkblatt Wohngeld\n%%EOF\n"


def counselling_centre(layer):
    """A published Berlin centre with online counselling on, its conversation folder,
    and two counsellors (``beraterin`` and ``kollege``)."""
    from sozialplattform.site.counselling.content import conversation_folder

    app = layer["app"]
    site = app[DISTRIBUTION_SITE_ID]
    setSite(site)
    login(app.acl_users, SITE_OWNER_NAME)
    berlin = site["beratungsstellen"]["berlin"]
    berlin.counselling_participation = True
    centre = api.content.create(
        container=berlin,
        type="CounsellingCentre",
        id=CENTRE_PATH.rsplit("/", 1)[1],
        title="Beratung Lindenhof",
        postcode="10115",
        city="Berlin",
        online_counselling_enabled=True,
        topics=["wohnen", "schulden"],
    )
    api.content.transition(centre, transition="publish")
    for username, fullname in (
        ("beraterin", "Kim Beraterin"),
        ("kollege", "Jo Kollege"),
    ):
        api.user.create(
            email=f"{username}@lindenhof.example",
            username=username,
            password=PASSWORD,
            properties={"fullname": fullname},
        )
        api.user.grant_roles(username=username, roles=[COUNSELLOR_ROLE], obj=centre)
    conversation_folder(centre)
    transaction.commit()
    return centre


class TestChatInTheBrowser(unittest.TestCase):
    layer = BROWSER_TESTING

    def setUp(self):
        self.root = server_url(self.layer)
        self.base = server_url(self.layer, DISTRIBUTION_SITE_ID)
        self.centre = counselling_centre(self.layer)
        jitsi.configure()
        transaction.commit()
        self.addCleanup(jitsi.unconfigure)
        browser = self.layer["browser"]
        self.seeker_context = browser.new_context(
            locale="de-DE",
            viewport={"width": 390, "height": a11y.HEIGHT},
            is_mobile=True,
            has_touch=True,
        )
        self.staff_context = browser.new_context(
            locale="de-DE", viewport={"width": 1280, "height": a11y.HEIGHT}
        )
        self.addCleanup(self.seeker_context.close)
        self.addCleanup(self.staff_context.close)
        self.seeker = self.seeker_context.new_page()
        self.staff = self.staff_context.new_page()
        self.requests = []
        self.external = []
        for page in (self.seeker, self.staff):
            page.on("request", self.record)

    def record(self, request):
        if not request.url.startswith((self.root, "blob:", "data:")):
            self.external.append(request.url)
        self.requests.append(
            (request.url, request.post_data or "", str(request.headers))
        )

    def serious_findings(self, page) -> list[str]:
        """axe except Plone's editing toolbar (its findings are Plone's own)."""
        result = Axe().run(page, context={"exclude": [["#edit-bar"]]})
        return [
            f"{v['id']}: {[n['target'] for n in v['nodes']][:4]}"
            for v in result.response["violations"]
            if v["impact"] in ("serious", "critical")
        ]

    def assertAccessible(self, page, url, ready, widths=a11y.WIDTHS):
        for width in widths:
            with self.subTest(url=url.split("#")[0], width=width):
                page.set_viewport_size({"width": width, "height": a11y.HEIGHT})
                page.goto(url)
                page.wait_for_selector(ready)
                overflow, wide = page.evaluate(a11y.OVERFLOW)
                self.assertEqual(
                    (self.serious_findings(page), max(overflow, 0)), ([], 0), wide
                )

    def log_in(self, page, username):
        page.goto(f"{self.base}/login")
        page.fill("#__ac_name", username)
        page.fill("#__ac_password", PASSWORD)
        page.click("#buttons-login")
        page.wait_for_load_state()

    def staff_session(self, username) -> requests.Session:
        session = requests.Session()
        session.auth = (username, PASSWORD)
        session.headers.update(JSON)
        return session

    def test_seeker_and_counsellor_chat_live(self):
        seeker, staff = self.seeker, self.staff
        inbox = f"{self.base}/{CENTRE_PATH}/beratung"
        # the counsellor's first use: the key from a passphrase, its fingerprint shown
        self.log_in(staff, "beraterin")
        staff.goto(inbox)
        staff.get_by_role("textbox", name="Passphrase", exact=True).fill(PASSPHRASE)
        staff.get_by_role("textbox", name="Passphrase wiederholen").fill(PASSPHRASE)
        screenshot(
            staff, "onlineberatung-schluessel", staff.locator(".counselling-keys")
        )
        staff.get_by_role("button", name="Schlüssel erstellen").click()
        fingerprint = staff.locator(".counselling-key-ready code")
        fingerprint.wait_for()
        kid = fingerprint.inner_text().replace(" ", "")
        me = self.staff_session("beraterin").get(
            f"{self.base}/++api++/@counselling-keys/me", timeout=30
        )
        self.assertEqual(me.json()["public_key"]["kid"], kid)

        # the seeker: centre page → "Schreiben Sie uns" → the form with an attachment
        seeker.goto(f"{self.base}/{CENTRE_PATH}")
        seeker.get_by_role("link", name="Schreiben Sie uns").click()
        seeker.wait_for_selector(".counselling-form:not([hidden])")
        self.assertIn(
            "0800 111 0 111", seeker.locator(".counselling-emergency").inner_text()
        )
        seeker.get_by_label("Pseudonym").fill("Sonnenblume")
        seeker.get_by_label("Thema").select_option(index=1)
        seeker.get_by_label("Ihre Nachricht (Pflichtfeld)").fill(
            "Ich habe Mietschulden. Was tun?"
        )
        seeker.get_by_label("Anhänge (freiwillig)").set_input_files(
            [{"name": "mahnung.png", "mimeType": "image/png", "buffer": PNG}]
        )
        seeker.get_by_label("Ich bin einverstanden").check()
        # a bad e-mail address: the page's own German text, nothing is sent
        email = seeker.get_by_label("E-Mail für Hinweise (freiwillig)")
        email.fill("kein-at-zeichen")
        seeker.get_by_role("button", name="Verschlüsselt senden").click()
        seeker.wait_for_selector(
            ".counselling-error:has-text('gültige E-Mail-Adresse')"
        )
        email.fill("")
        seeker.get_by_role("button", name="Verschlüsselt senden").click()
        link_box = seeker.get_by_label("Ihr geheimer Link")
        link_box.wait_for()
        self.assertEqual(
            seeker.evaluate("document.activeElement.id"), "counselling-link-heading"
        )
        link = link_box.input_value()
        self.assertRegex(link, r"/Plone/@@beratung#[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{43}$")
        token, link_key = link.split("#", 1)[1].split(".")
        with seeker.expect_download() as saved:
            seeker.get_by_role("button", name="Link speichern").click()
        self.assertIn(link, Path(saved.value.path()).read_text(encoding="utf-8"))
        screenshot(
            seeker, "onlineberatung-link", seeker.locator(".counselling-link"), "start"
        )
        seeker.get_by_role("link", name="Zum Gespräch").click()
        seeker.wait_for_selector(".chat-message")
        # the skip link keeps the key in the address bar
        seeker.get_by_role("link", name="Zum Inhalt springen").focus()
        seeker.keyboard.press("Enter")
        seeker.wait_for_function("document.activeElement.id === 'content'")
        self.assertEqual(seeker.url, link)
        self.assertIn(
            "Ich habe Mietschulden.", seeker.locator(".chat-messages").inner_text()
        )
        # no chat hours set: only the answer time, no "outside the chat hours"
        self.assertEqual(
            seeker.locator(".counselling-out-of-hours").inner_text().strip(),
            "Wir antworten in der Regel innerhalb von 2 Werktagen.",
        )

        # the counsellor: the inbox lists it as new; the conversation decrypts
        staff.goto(inbox)
        item = staff.locator(".counselling-item").first
        item.wait_for()
        self.assertEqual(
            staff.locator("[data-filter=new] .counselling-count").inner_text(), "1"
        )
        screenshot(staff, "onlineberatung-posteingang")
        item.get_by_role("link", name="Sonnenblume").click()
        staff.wait_for_selector(".chat-message .chat-text")
        conversation_page = staff.url
        self.assertIn(
            "Ich habe Mietschulden.", staff.locator(".chat-messages").inner_text()
        )
        staff.get_by_role("button", name=re.compile("^Anhang 1 ")).click()
        attachment = staff.get_by_role("link", name=re.compile(r"^mahnung\.png "))
        attachment.wait_for()
        self.assertEqual(
            staff.evaluate(
                "async (url) => Array.from(new Uint8Array("
                "await (await fetch(url)).arrayBuffer()))",
                attachment.get_attribute("href"),
            ),
            list(PNG),
        )
        staff.get_by_role("textbox", name="Ihre Nachricht").fill(
            "Wir helfen Ihnen. Anbei ein Merkblatt."
        )
        staff.get_by_label("Anhänge (freiwillig)").set_input_files(
            [{"name": "merkblatt.pdf", "mimeType": "application/pdf", "buffer": PDF}]
        )
        staff.get_by_role("button", name="Senden", exact=True).click()
        staff.wait_for_selector(".chat-mine .chat-text")
        # the first reply took the conversation
        staff.wait_for_selector(".counselling-assignee:has-text('Kim Beraterin')")

        # live on the seeker's page: marked as new, announced, the PDF decrypts
        reply = seeker.locator(".chat-counsellor").first
        reply.wait_for()
        self.assertIn("Neu", reply.inner_text())
        self.assertIn("Wir helfen Ihnen.", reply.inner_text())
        seeker.wait_for_selector(".chat-announcer:has-text('Neue Nachrichten: 1')")
        reply.get_by_role("button", name=re.compile("^Anhang 1 ")).click()
        seeker.get_by_role("link", name=re.compile(r"^merkblatt\.pdf ")).wait_for()
        seeker.get_by_role("textbox", name="Ihre Nachricht").fill(
            "Danke, das hilft mir!"
        )
        seeker.get_by_role("button", name="Senden", exact=True).click()
        # ... and back, live on the counsellor's page
        staff.wait_for_selector(
            ".chat-seeker .chat-text:has-text('Danke, das hilft mir!')"
        )
        screenshot(
            staff,
            "onlineberatung-gespraech",
            staff.locator(".documentFirstHeading"),
            "start",
        )

        # the Python reference client reads what the browsers wrote (REST, seeker token)
        key = reference.import_link_key(link_key)
        data = requests.get(
            f"{self.base}/++api++/@messages",
            params={"token": token},
            headers=JSON,
            timeout=30,
        ).json()
        conversation = data["conversation"]
        texts = [
            (
                item["message"]["role"],
                reference.decrypt_message(
                    key, item["message"], conversation=conversation
                )["text"],
            )
            for item in data["items"]
        ]
        self.assertEqual(
            texts,
            [
                ("seeker", "Ich habe Mietschulden. Was tun?"),
                ("counsellor", "Wir helfen Ihnen. Anbei ein Merkblatt."),
                ("seeker", "Danke, das hilft mir!"),
            ],
        )
        answer = data["items"][1]
        stored = requests.get(
            f"{self.base}/++api++/@attachment",
            params={"token": token, "cursor": answer["cursor"], "index": 0},
            headers=JSON,
            timeout=30,
        ).json()
        pdf = reference.decrypt_attachment(key, stored, conversation=conversation)
        self.assertEqual(
            (pdf["name"], pdf["type"], pdf["data"]),
            ("merkblatt.pdf", "application/pdf", PDF),
        )
        # an HTML file as an attachment (the reference client as the seeker): the
        # counsellor's page does not offer it for download
        context = {"conversation": conversation, "role": "seeker", "seq": 3}
        html = b"<html><script>alert(1)</script></html>"
        posted = requests.post(
            f"{self.base}/++api++/@messages",
            json={
                "token": token,
                "message": reference.encrypt_message(key, "Hier die Datei.", **context),
                "attachments": [
                    reference.encrypt_attachment(
                        key, html, "x.html", "text/html", index=0, **context
                    )
                ],
            },
            headers=JSON,
            timeout=30,
        )
        self.assertEqual(posted.status_code, 201, posted.text)
        refused = staff.locator(".chat-seeker:has-text('Hier die Datei.')")
        refused.get_by_role("button", name=re.compile("^Anhang 1 ")).click()
        staff.wait_for_selector(
            ".chat-announcer:has-text('Der Anhang konnte nicht geöffnet werden')"
        )
        self.assertEqual(refused.locator(".chat-attachment-link").count(), 0)
        # the link's key was never sent, and nothing went to third parties
        for url, body, headers in self.requests:
            self.assertNotIn(link_key, url + body + headers)
        self.assertEqual(self.external, [])

        # a colleague's key (made by the reference client): the inbox grants access
        colleague = self.staff_session("kollege")
        private_key, public_key = reference.generate_counsellor_key_pair()
        response = colleague.put(
            f"{self.base}/++api++/@counselling-keys/me",
            json={
                "public_key": reference.export_public_key(public_key),
                "wrapped_private_key": reference.wrap_private_key(
                    private_key, "Kollegen-Passphrase 2026"
                ),
            },
            timeout=60,
        )
        self.assertEqual(response.status_code, 200, response.text)
        staff.goto(inbox)
        banner = staff.locator(".counselling-grant")
        banner.wait_for()
        self.assertIn("1 Kolleg:innen warten auf Zugang", banner.inner_text())
        self.assertIn(
            " ".join(re.findall(".{1,4}", reference.key_id(public_key))),
            banner.inner_text(),
        )
        banner.get_by_role("button", name="Zugang gewähren").click()
        staff.wait_for_selector(".counselling-status:has-text('Zugang zu 1 Gespräch')")
        theirs = colleague.get(
            f"{self.base}/++api++/{CENTRE_PATH}/beratung/{object_id(conversation)}"
            "/@messages",
            timeout=30,
        ).json()
        granted = reference.unwrap_conversation_key(
            theirs["envelope"], private_key, conversation
        )
        self.assertEqual(granted, key)

        # hand over to the colleague, offer a video call: the seeker sees it live
        staff.goto(conversation_page)
        staff.get_by_label(
            "An eine Kollegin oder einen Kollegen übergeben"
        ).select_option(label="Jo Kollege")
        staff.get_by_role("button", name="Übergeben", exact=True).click()
        staff.wait_for_selector(".counselling-assignee:has-text('Jo Kollege')")
        staff.get_by_role("button", name="Video-Gespräch anbieten").click()
        staff.wait_for_selector(".counselling-video:not([hidden])")
        video = seeker.get_by_role("link", name="Zum Video-Gespräch")
        video.wait_for()
        self.assertIn(f"/@@video?token={token}", video.get_attribute("href"))
        # the key locked on this device, then unlocked with the passphrase (as on a
        # new device): the conversation decrypts again
        staff.get_by_role("button", name="Schlüssel auf diesem Gerät sperren").click()
        staff.get_by_role("textbox", name="Passphrase", exact=True).fill(PASSPHRASE)
        staff.get_by_role("button", name="Entsperren").click()
        staff.wait_for_selector(
            ".chat-seeker .chat-text:has-text('Danke, das hilft mir!')"
        )
        self.assertEqual(fingerprint.inner_text().replace(" ", ""), kid)
        # the seeker deletes the conversation, after a confirmation
        seeker.get_by_role("button", name="Gespräch löschen").click()
        confirm = seeker.get_by_role("button", name="Ja, endgültig löschen")
        self.assertEqual(
            seeker.evaluate("document.activeElement.textContent").strip(),
            "Ja, endgültig löschen",
        )
        confirm.click()
        seeker.wait_for_selector(
            ".counselling-status:has-text('Das Gespräch ist gelöscht.')"
        )
        self.assertNotIn("#", seeker.url)
        gone = requests.get(
            f"{self.base}/++api++/@messages",
            params={"token": token},
            headers=JSON,
            timeout=30,
        )
        self.assertEqual(gone.status_code, 404)
        # a forgotten passphrase: after a confirmation a new key replaces the old one
        staff.goto(inbox)
        staff.get_by_role("button", name="Schlüssel auf diesem Gerät sperren").click()
        staff.get_by_role(
            "button", name="Passphrase vergessen? Neuen Schlüssel einrichten"
        ).click()
        staff.get_by_role("button", name="Ja, neuen Schlüssel einrichten").click()
        staff.get_by_role("textbox", name="Passphrase", exact=True).fill(PASSPHRASE)
        staff.get_by_role("textbox", name="Passphrase wiederholen").fill(PASSPHRASE)
        staff.get_by_role("button", name="Schlüssel erstellen").click()
        staff.wait_for_function(
            "(old) => { const f = document.querySelector('.counselling-key-ready');"
            " return !f.hidden && f.dataset.kid && f.dataset.kid !== old; }",
            arg=kid,
        )
        me = self.staff_session("beraterin").get(
            f"{self.base}/++api++/@counselling-keys/me", timeout=30
        )
        self.assertNotEqual(me.json()["public_key"]["kid"], kid)

    def test_pages_are_accessible(self):
        """The seeker's pages on a phone and a desktop, the counsellor's inbox."""
        start = f"{self.base}/{CENTRE_PATH}/@@online-counselling"
        # a counsellor's key, so that the form is offered
        private_key, public_key = reference.generate_counsellor_key_pair()
        self.staff_session("beraterin").put(
            f"{self.base}/++api++/@counselling-keys/me",
            json={
                "public_key": reference.export_public_key(public_key),
                "wrapped_private_key": reference.wrap_private_key(
                    private_key, PASSPHRASE
                ),
            },
            timeout=60,
        ).raise_for_status()
        self.assertAccessible(self.seeker, start, ".counselling-form:not([hidden])")
        # a conversation, started by the reference client as a headless seeker would
        conversation = reference.create_conversation_id()
        key = reference.create_conversation_key()
        context = {"conversation": conversation, "role": "seeker", "seq": 1}
        created = requests.post(
            f"{self.base}/++api++/{CENTRE_PATH}/@conversations",
            json={
                "conversation": conversation,
                "pseudonym": "Sonnenblume",
                "topic": "wohnen",
                "consent": True,
                "message": reference.encrypt_message(key, "Hallo!", **context),
                "envelopes": [
                    reference.wrap_conversation_key(key, public_key, conversation)
                ],
            },
            headers=JSON,
            timeout=30,
        )
        self.assertEqual(created.status_code, 201, created.text)
        link = (
            created.json()["url"]
            + "#"
            + reference.link_fragment(
                created.json()["token"], reference.export_link_key(key)
            )
        )
        self.assertAccessible(self.seeker, link, ".chat-message .chat-text")
        self.log_in(self.staff, "beraterin")
        self.assertAccessible(
            self.staff,
            f"{self.base}/{CENTRE_PATH}/beratung",
            ".counselling-item",
            widths=(390, 1280),
        )
        self.assertEqual(self.external, [])
