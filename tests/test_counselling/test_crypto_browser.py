"""crypto.js in a real Chromium, loaded from the test site, against the Python reference
client in both directions (docs/developers/counselling-crypto.md)."""

from sozialplattform.site.counselling import reference
from sozialplattform.site.counselling import vectors
from sozialplattform.site.counselling import wire
from sozialplattform.site.counselling.reference import CounsellingCryptoError
from sozialplattform.site.counselling.wire import b64u_decode
from sozialplattform.site.counselling.wire import b64u_encode
from sozialplattform.site.testing import BROWSER_TESTING
from sozialplattform.site.testing import DISTRIBUTION_SITE_ID
from sozialplattform.site.testing import server_url
import requests
import unittest


MODULE = "++plone++sozialplattform.counselling/crypto.js"
VECTORS = vectors.load()
PASSPHRASE = "Meine geheime Passphrase für die Beratung"
PDF = b"%PDF-1.7\n" + bytes(range(256)) * 40 + b"\n%%EOF\n"


def flip(text: str, position: int = 0) -> str:
    data = bytearray(b64u_decode(text))
    data[position] ^= 0x80
    return b64u_encode(bytes(data))


class TestCryptoInTheBrowser(unittest.TestCase):
    layer = BROWSER_TESTING

    def setUp(self):
        self.base = server_url(self.layer, DISTRIBUTION_SITE_ID)
        context = self.layer["browser"].new_context(locale="de-DE")
        self.addCleanup(context.close)
        self.page = context.new_page()
        self.external_requests = []
        self.page.on(
            "request",
            lambda request: (
                None
                if request.url.startswith(server_url(self.layer))
                else self.external_requests.append(request.url)
            ),
        )
        self.page.goto(self.base)
        self.assertTrue(
            self.page.evaluate("window.isSecureContext"), "WebCrypto needs it"
        )

    def tearDown(self):
        self.assertEqual(self.external_requests, [], "no third-party requests")

    def run_js(self, body: str, **arg):
        """Run ``body`` in an async function with ``c`` = the module, ``arg`` = the
        keyword arguments; returns what ``body`` returns (JSON values)."""
        arg["url"] = f"{self.base}/{MODULE}"
        return self.page.evaluate(
            f"async (arg) => {{ const c = await import(arg.url); {body} }}", arg
        )

    def refused_in_browser(self, body: str, **arg) -> str:
        """The error name with which ``body`` (awaited) rejects, or 'resolved'."""
        return self.run_js(
            f"try {{ await (async () => {{ {body} }})(); return 'resolved'; }}"
            " catch (error) { return error.name; }",
            **arg,
        )

    def test_module_is_served_as_javascript(self):
        response = requests.get(f"{self.base}/{MODULE}", timeout=30)
        self.assertEqual(response.status_code, 200)
        self.assertIn("javascript", response.headers["Content-Type"])
        self.assertIn("export async function encryptMessage", response.text)

    def test_vectors(self):
        """The browser reads every fixed vector: the additional data, the messages,
        the attachment, the key id, the envelope and the passphrase-wrapped key."""
        result = self.run_js(
            """
            const v = arg.vectors;
            const hex = (bytes) =>
              Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
            const key = await c.importLinkKey(c.parseLinkFragment("#" + v.link.fragment).key);
            const messages = [];
            for (const m of v.messages) {
              const o = m.object;
              messages.push({
                aad: hex(c.additionalData({
                  kind: "message", conversation: o.conversation, role: o.role, seq: o.seq,
                })),
                text: (await c.decryptMessage(key, o, {conversation: v.conversation})).text,
              });
            }
            const a = await c.decryptAttachment(key, v.attachment.object);
            const jwk = {...v.counsellor.private_jwk, ext: false};
            const counsellor = await crypto.subtle.importKey(
              "jwk", jwk, {name: "ECDH", namedCurve: "P-256"}, false, ["deriveBits"]);
            const fromEnvelope = await c.unwrapConversationKey(
              v.envelope.object, counsellor, {conversation: v.conversation, extractable: true});
            const unwrapped = await c.unwrapPrivateKey(
              v.wrapped_private_key.object, v.wrapped_private_key.passphrase);
            const again = await c.unwrapConversationKey(v.envelope.object, unwrapped);
            const check = await c.decryptMessage(again, v.messages[0].object);
            return {
              messages,
              attachment: {data: c.b64uEncode(a.data), name: a.name, type: a.type},
              kid: await c.keyId(await c.importPublicKey(v.counsellor.public_key)),
              envelopeKey: await c.exportLinkKey(fromEnvelope),
              unwrappedExtractable: unwrapped.extractable,
              check: check.text,
              constants: [c.PROTOCOL, c.VERSION, c.PBKDF2_ITERATIONS, c.PBKDF2_MIN_ITERATIONS,
                          c.PBKDF2_MAX_ITERATIONS, c.ALG_PUBLIC_KEY, c.ALG_ENVELOPE,
                          c.ALG_PRIVATE_KEY],
            };
            """,
            vectors=VECTORS,
        )
        for got, vector in zip(result["messages"], VECTORS["messages"], strict=True):
            self.assertEqual(got["aad"], vector["additional_data"])
            self.assertEqual(got["text"], vector["text"])
        attachment = VECTORS["attachment"]
        self.assertEqual(
            result["attachment"],
            {
                "data": attachment["data"],
                "name": attachment["name"],
                "type": attachment["type"],
            },
        )
        self.assertEqual(result["kid"], VECTORS["counsellor"]["public_key"]["kid"])
        self.assertEqual(result["envelopeKey"], VECTORS["conversation_key"])
        self.assertFalse(result["unwrappedExtractable"])
        self.assertEqual(result["check"], VECTORS["messages"][0]["text"])
        self.assertEqual(
            result["constants"],
            [
                wire.PROTOCOL,
                wire.VERSION,
                wire.PBKDF2_ITERATIONS,
                wire.PBKDF2_MIN_ITERATIONS,
                wire.PBKDF2_MAX_ITERATIONS,
                wire.ALG_PUBLIC_KEY,
                wire.ALG_ENVELOPE,
                wire.ALG_PRIVATE_KEY,
            ],
        )

    def test_browser_writes_python_reads(self):
        """The seeker's browser starts a conversation: key, link, first message with an
        attachment, envelopes for two counsellors; Python (a counsellor) reads it."""
        first, first_public = reference.generate_counsellor_key_pair()
        second, second_public = reference.generate_counsellor_key_pair()
        result = self.run_js(
            """
            const conversation = c.createConversationId();
            const key = await c.createConversationKey();
            const fragment = c.linkFragment(
              "c2VjcmV0LXRva2VuLTEyOGJpdA", await c.exportLinkKey(key));
            const ctx = {conversation, role: "seeker", seq: 1};
            const text = "Ich weiß nicht weiter – bitte melden Sie sich.";
            const message = await c.encryptMessage(key, text, ctx);
            const attachment = await c.encryptAttachment(
              key, c.b64uDecode(arg.pdf), {name: "Mietvertrag.pdf", type: "application/pdf"},
              {...ctx, index: 0});
            const envelopes = [];
            for (const pub of arg.counsellors) {
              envelopes.push(await c.wrapConversationKey(key, pub, conversation));
            }
            const again = await c.encryptMessage(key, text, ctx);
            return {conversation, fragment, message, attachment, envelopes, againIv: again.iv};
            """,
            pdf=b64u_encode(PDF),
            counsellors=[
                reference.export_public_key(first_public),
                reference.export_public_key(second_public),
            ],
        )
        conversation = result["conversation"]
        self.assertEqual(len(conversation), 22)
        self.assertNotEqual(result["againIv"], result["message"]["iv"])
        link = reference.parse_link_fragment(result["fragment"])
        link_key = reference.import_link_key(link["key"])
        self.assertEqual(link["token"], "c2VjcmV0LXRva2VuLTEyOGJpdA")
        envelopes = result["envelopes"]
        self.assertEqual(
            [e["recipient"] for e in envelopes],
            [reference.key_id(first_public), reference.key_id(second_public)],
        )
        for private, envelope in zip((first, second), envelopes, strict=True):
            key = reference.unwrap_conversation_key(
                envelope, private, conversation=conversation
            )
            self.assertEqual(key, link_key)
        message = reference.decrypt_message(
            key, result["message"], conversation=conversation, role="seeker", seq=1
        )
        self.assertEqual(
            message["text"], "Ich weiß nicht weiter – bitte melden Sie sich."
        )
        attachment = reference.decrypt_attachment(key, result["attachment"])
        self.assertEqual(attachment["data"], PDF)
        self.assertEqual(
            (attachment["name"], attachment["type"]),
            ("Mietvertrag.pdf", "application/pdf"),
        )
        # the whole file is encrypted: not even its first bytes are in the clear
        self.assertNotIn(b"%PDF", b64u_decode(result["attachment"]["ciphertext"]))
        # what the browser wrote, changed, is refused by Python
        tampered = dict(
            result["message"], ciphertext=flip(result["message"]["ciphertext"], 5)
        )
        for changed in (
            tampered,
            dict(result["message"], role="counsellor"),
            dict(result["message"], seq=2),
        ):
            with self.assertRaises(CounsellingCryptoError):
                reference.decrypt_message(key, changed)
        with self.assertRaises(CounsellingCryptoError):
            reference.unwrap_conversation_key(envelopes[0], second)
        with self.assertRaises(CounsellingCryptoError):
            reference.decrypt_attachment(key, dict(result["attachment"], index=1))

    def test_python_writes_browser_reads(self):
        """A counsellor's browser sets up its keys (the private key non-extractable in
        IndexedDB), Python (the seeker) wraps and writes, the browser reads; a changed
        ciphertext, wrong additional data and a wrong passphrase fail in the browser."""
        keys = self.run_js(
            """
            const k = await c.createCounsellorKeys(arg.passphrase);
            await c.saveKey("counsellor:" + k.kid, k.privateKey);
            return {publicKey: k.publicKey, wrappedPrivateKey: k.wrappedPrivateKey,
                    extractable: k.privateKey.extractable};
            """,
            passphrase=PASSPHRASE,
        )
        self.assertFalse(keys["extractable"])
        public = reference.import_public_key(keys["publicKey"])
        kid = keys["publicKey"]["kid"]
        self.assertEqual(reference.key_id(public), kid)
        self.assertEqual(keys["wrappedPrivateKey"]["kdf"]["iterations"], 600_000)
        # the browser's passphrase-wrapped private key opens in Python
        private = reference.unwrap_private_key(keys["wrappedPrivateKey"], PASSPHRASE)
        self.assertEqual(reference.key_id(private.public_key()), kid)

        conversation = reference.create_conversation_id()
        key = reference.create_conversation_key()
        envelope = reference.wrap_conversation_key(key, keys["publicKey"], conversation)
        message = reference.encrypt_message(
            key,
            "Danke für Ihre Antwort! 😊",
            conversation=conversation,
            role="seeker",
            seq=2,
        )
        attachment = reference.encrypt_attachment(
            key,
            PDF,
            "Foto.png",
            "image/png",
            conversation=conversation,
            role="seeker",
            seq=2,
            index=1,
        )
        colleague, colleague_public = reference.generate_counsellor_key_pair()
        result = self.run_js(
            """
            const privateKey = await c.loadKey("counsellor:" + arg.kid);
            const conversation = arg.conversation;
            const key = await c.unwrapConversationKey(arg.envelope, privateKey, {conversation});
            const m = await c.decryptMessage(key, arg.message, {conversation, role: "seeker"});
            const a = await c.decryptAttachment(key, arg.attachment);
            const granted = await c.rewrapConversationKey(arg.envelope, privateKey, arg.colleague);
            const reply = await c.encryptMessage(
              key, "Gern geschehen.", {conversation, role: "counsellor", seq: 1});
            return {text: m.text, data: c.b64uEncode(a.data), name: a.name, index: a.index,
                    granted, reply, stored: privateKey.extractable,
                    keyExtractable: key.extractable};
            """,
            kid=kid,
            envelope=envelope,
            conversation=conversation,
            message=message,
            attachment=attachment,
            colleague=reference.export_public_key(colleague_public),
        )
        self.assertEqual(result["text"], "Danke für Ihre Antwort! 😊")
        self.assertEqual(b64u_decode(result["data"]), PDF)
        self.assertEqual((result["name"], result["index"]), ("Foto.png", 1))
        self.assertFalse(result["stored"])
        self.assertFalse(result["keyExtractable"])
        # the browser granted a colleague access: the colleague's Python client reads
        granted = reference.unwrap_conversation_key(result["granted"], colleague)
        self.assertEqual(granted, key)
        reply = reference.decrypt_message(key, result["reply"], role="counsellor")
        self.assertEqual(reply["text"], "Gern geschehen.")

        # refused in the browser
        refusals = {
            "tampered ciphertext": dict(
                message, ciphertext=flip(message["ciphertext"], 4)
            ),
            "tampered tag": dict(message, ciphertext=flip(message["ciphertext"], -1)),
            "wrong role": dict(message, role="counsellor"),
            "wrong seq": dict(message, seq=3),
            "other conversation": dict(
                message, conversation=reference.create_conversation_id()
            ),
        }
        for label, changed in refusals.items():
            self.assertEqual(
                self.refused_in_browser(
                    """
                    const privateKey = await c.loadKey("counsellor:" + arg.kid);
                    const key = await c.unwrapConversationKey(arg.envelope, privateKey);
                    await c.decryptMessage(key, arg.message);
                    """,
                    kid=kid,
                    envelope=envelope,
                    message=changed,
                ),
                "CounsellingCryptoError",
                label,
            )
        for label, changed in {
            "other conversation": dict(
                envelope, conversation=reference.create_conversation_id()
            ),
            "other recipient": reference.wrap_conversation_key(
                key, colleague_public, conversation
            ),
            "tampered key": dict(envelope, wrapped=flip(envelope["wrapped"], 7)),
        }.items():
            self.assertEqual(
                self.refused_in_browser(
                    """
                    const privateKey = await c.loadKey("counsellor:" + arg.kid);
                    await c.unwrapConversationKey(arg.envelope, privateKey);
                    """,
                    kid=kid,
                    envelope=changed,
                ),
                "CounsellingCryptoError",
                label,
            )
        self.assertEqual(
            self.refused_in_browser(
                "await c.unwrapPrivateKey(arg.wrapped, 'falsche Passphrase');",
                wrapped=keys["wrappedPrivateKey"],
            ),
            "CounsellingCryptoError",
        )

    def test_python_wrapped_private_key_opens_in_the_browser(self):
        private, _public = reference.generate_counsellor_key_pair()
        wrapped = reference.wrap_private_key(private, PASSPHRASE)
        conversation = reference.create_conversation_id()
        key = reference.create_conversation_key()
        envelope = reference.wrap_conversation_key(
            key, private.public_key(), conversation
        )
        message = reference.encrypt_message(
            key, "Hallo", conversation=conversation, role="seeker", seq=1
        )
        result = self.run_js(
            """
            const privateKey = await c.unwrapPrivateKey(arg.wrapped, arg.passphrase);
            const key = await c.unwrapConversationKey(arg.envelope, privateKey);
            const m = await c.decryptMessage(key, arg.message);
            let exported = "refused";
            try { await crypto.subtle.exportKey("pkcs8", privateKey); exported = "exported"; }
            catch (error) { exported = error.name; }
            return {text: m.text, exported};
            """,
            wrapped=wrapped,
            passphrase=PASSPHRASE,
            envelope=envelope,
            message=message,
        )
        self.assertEqual(result, {"text": "Hallo", "exported": "InvalidAccessError"})
        changed = dict(wrapped, ciphertext=flip(wrapped["ciphertext"], 9))
        for obj, passphrase in ((wrapped, "falsch"), (changed, PASSPHRASE)):
            self.assertEqual(
                self.refused_in_browser(
                    "await c.unwrapPrivateKey(arg.wrapped, arg.passphrase);",
                    wrapped=obj,
                    passphrase=passphrase,
                ),
                "CounsellingCryptoError",
            )
        too_few = dict(wrapped, kdf=dict(wrapped["kdf"], iterations=100_000))
        self.assertEqual(
            self.refused_in_browser(
                "await c.unwrapPrivateKey(arg.wrapped, arg.passphrase);",
                wrapped=too_few,
                passphrase=PASSPHRASE,
            ),
            "CounsellingCryptoError",
        )

    def test_limits(self):
        conversation = reference.create_conversation_id()
        limit = wire.MAX_MESSAGE_CIPHERTEXT - 16
        result = self.run_js(
            """
            const key = await c.createConversationKey();
            const ctx = {conversation: arg.conversation, role: "seeker", seq: 1};
            const ok = await c.encryptMessage(key, "ä".repeat(arg.limit / 2), ctx);
            const refused = [];
            for (const call of [
              () => c.encryptMessage(key, "x".repeat(arg.limit + 1), ctx),
              () => c.encryptAttachment(key, new Uint8Array(10 * 1024 * 1024 + 1),
                                        {name: "a.pdf", type: "application/pdf"},
                                        {...ctx, index: 0}),
              () => c.encryptMessage(key, "x", {...ctx, seq: 0}),
              () => c.encryptMessage(key, "x", {...ctx, role: "admin"}),
              () => c.encryptMessage(key, "x", {...ctx, conversation: "kurz"}),
            ]) {
              try { await call(); refused.push("resolved"); }
              catch (error) { refused.push(error.name); }
            }
            return {ok, refused};
            """,
            conversation=conversation,
            limit=limit,
        )
        wire.check_message(result["ok"])  # exactly at the limit, accepted by the server
        self.assertEqual(result["refused"], ["CounsellingCryptoError"] * 5)

    def test_check_sequence_as_in_python(self):
        delivered = [
            {"role": "seeker", "seq": 1},
            {"role": "counsellor", "seq": 1},
            {"role": "seeker", "seq": 3},
            {"role": "counsellor", "seq": 1},
        ]
        result = self.run_js(
            "return c.checkSequence(arg.delivered);", delivered=delivered
        )
        problems, state = wire.check_sequence(delivered)
        self.assertEqual(result, {"problems": problems, "next": state})
        self.assertEqual(len(problems), 2)

    def test_attachments_are_offered_only_as_pdf_jpeg_png(self):
        """chat.js: the type and the first bytes must agree; the name is cleaned."""
        result = self.run_js(
            """
            const chat = await import(arg.url.replace(/crypto\\.js$/, "chat.js"));
            const file = (type, bytes, name = "a") =>
              ({ type, name, data: new Uint8Array(bytes) });
            return {
              accepted: [
                chat.acceptable(file("application/pdf", [0x25, 0x50, 0x44, 0x46, 0x2d])),
                chat.acceptable(file("image/jpeg", [0xff, 0xd8, 0xff, 0xe0])),
                chat.acceptable(file("image/png", [0x89, 0x50, 0x4e, 0x47, 0x0d])),
              ],
              refused: [
                chat.acceptable(file("text/html", [0x3c, 0x68])),
                chat.acceptable(file("application/pdf", [0x3c, 0x68, 0x74, 0x6d, 0x6c])),
                chat.acceptable(file("image/png", [0x89, 0x50])),
              ],
              names: [
                chat.downloadName(file("image/png", [], "../x\\u0001y.html")),
                chat.downloadName(file("application/pdf", [], "C:\\\\tmp\\\\brief.pdf")),
                chat.downloadName(file("image/jpeg", [], "")),
              ],
            };
            """
        )
        self.assertEqual(result["accepted"], [True, True, True])
        self.assertEqual(result["refused"], [False, False, False])
        self.assertEqual(
            result["names"], ["_x_y.png", "C:_tmp_brief.pdf", "anhang.jpg"]
        )
