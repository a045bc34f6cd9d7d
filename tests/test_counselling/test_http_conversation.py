"""A whole conversation over a real WSGI server between two HTTP clients: the seeker
with the token, a counsellor with a login, the reference client for all crypto; both
directions with the ``since`` cursor. Then what the server stored: no plaintext in the
objects nor in a FileStorage copy of the database."""

from pathlib import Path
from sozialplattform.site.counselling import reference
from sozialplattform.site.counselling.content import conversation_folder
from sozialplattform.site.testing import FUNCTIONAL_TESTING
from sozialplattform.site.testing import server_url
from test_counselling.fixtures import counselling_centre
from test_counselling.fixtures import make_counsellor
from test_counselling.fixtures import PASSPHRASE
from test_permissions.fixtures import PASSWORD
import requests
import tempfile
import transaction
import unittest


CENTRE = "beratungsstellen/berlin/beratung-a"
FIRST = "Ich habe Angst vor dem Gerichtsvollzieher"
REPLY = "Wir finden gemeinsam eine Lösung"
SECOND = "Danke, morgen habe ich Zeit"
FILE = b"%PDF-1.7 Vollstreckungsbescheid Aktenzeichen 4711"
FILE_NAME = "vollstreckungsbescheid.pdf"


class Client:
    """A JSON client of ``plone/++api++``."""

    def __init__(self, layer, auth=None):
        self.base = server_url(layer, "plone/++api++/")
        self.session = requests.Session()
        self.session.auth = auth
        self.session.headers["Accept"] = "application/json"

    def __call__(self, method, path, status, **kwargs):
        response = self.session.request(
            method, self.base + path.lstrip("/"), timeout=30, **kwargs
        )
        assert response.status_code == status, (
            path,
            response.status_code,
            response.text,
        )
        return response.json() if response.content else None


class TestConversationOverHTTP(unittest.TestCase):
    layer = FUNCTIONAL_TESTING

    def setUp(self):
        self.portal = self.layer["portal"]
        self.centre = counselling_centre(self.portal)
        # the counsellor's key pair was made by "their browser" and stored on the server
        make_counsellor(self.centre, "beraterin", 0)
        transaction.commit()
        self.seeker = Client(self.layer)
        self.counsellor = Client(self.layer, ("beraterin", PASSWORD))

    def seeker_starts(self):
        info = self.seeker("GET", f"{CENTRE}/@counselling-keys", 200)
        conversation = reference.create_conversation_id()
        key = reference.create_conversation_key()
        envelopes = [
            reference.wrap_conversation_key(key, public_key, conversation)
            for public_key in info["items"]
        ]
        message = reference.encrypt_message(
            key, FIRST, conversation=conversation, role="seeker", seq=1
        )
        attachment = reference.encrypt_attachment(
            key,
            FILE,
            FILE_NAME,
            "application/pdf",
            conversation=conversation,
            role="seeker",
            seq=1,
            index=0,
        )
        answer = self.seeker(
            "POST",
            f"{CENTRE}/@conversations",
            201,
            json={
                "conversation": conversation,
                "pseudonym": "Amsel",
                "topic": info["topics"][0]["token"],
                "consent": True,
                "message": message,
                "attachments": [attachment],
                "envelopes": envelopes,
            },
        )
        link = reference.link_fragment(answer["token"], reference.export_link_key(key))
        return conversation, link

    def counsellor_unlocks(self):
        own = self.counsellor("GET", "@counselling-keys/me", 200)
        return reference.unwrap_private_key(own["wrapped_private_key"], PASSPHRASE)

    def test_conversation(self):
        conversation, link = self.seeker_starts()
        # -- the counsellor: inbox, unlock, read, reply --------------------------------
        private_key = self.counsellor_unlocks()
        inbox = self.counsellor(
            "GET", f"{CENTRE}/beratung/@conversations", 200, params={"filter": "new"}
        )
        (item,) = inbox["items"]
        self.assertEqual(item["id"], conversation)
        path = item["@id"].split("/++api++/")[-1].split("/plone/", 1)[-1]
        read = self.counsellor("GET", f"{path}/@messages", 200)
        key = reference.unwrap_conversation_key(
            read["envelope"], private_key, conversation
        )
        problems, state = reference.wire.check_sequence(
            [item["message"] for item in read["items"]]
        )
        self.assertEqual(problems, [])
        (first,) = read["items"]
        text = reference.decrypt_message(key, first["message"], role="seeker", seq=1)
        self.assertEqual(text["text"], FIRST)
        fetched = self.counsellor(
            "GET", f"{path}/@attachment", 200, params={"cursor": 1, "index": 0}
        )
        plain = reference.decrypt_attachment(key, fetched, seq=1, index=0)
        self.assertEqual((plain["data"], plain["name"]), (FILE, FILE_NAME))
        reply = reference.encrypt_message(
            key,
            REPLY,
            conversation=conversation,
            role="counsellor",
            seq=read["next_seq"],
        )
        self.counsellor("POST", f"{path}/@messages", 201, json={"message": reply})
        # -- the seeker comes back with the link ---------------------------------------
        parsed = reference.parse_link_fragment("#" + link)
        seeker_key = reference.import_link_key(parsed["key"])
        token = parsed["token"]
        got = self.seeker("GET", "@messages", 200, params={"token": token, "since": 1})
        (answer,) = got["items"]
        problems, state = reference.wire.check_sequence([answer["message"]], state)
        self.assertEqual(problems, [])
        self.assertEqual(
            reference.decrypt_message(seeker_key, answer["message"])["text"], REPLY
        )
        second = reference.encrypt_message(
            seeker_key,
            SECOND,
            conversation=conversation,
            role="seeker",
            seq=got["next_seq"],
        )
        cursor = self.seeker(
            "POST", "@messages", 201, json={"token": token, "message": second}
        )["cursor"]
        # -- the counsellor polls from their cursor ------------------------------------
        newer = self.counsellor(
            "GET", f"{path}/@messages", 200, params={"since": got["cursor"]}
        )
        self.assertEqual([i["cursor"] for i in newer["items"]], [cursor])
        self.assertEqual(
            reference.decrypt_message(key, newer["items"][0]["message"])["text"], SECOND
        )
        self.assertEqual(
            self.seeker(
                "GET", "@messages", 200, params={"token": token, "since": cursor}
            )["items"],
            [],
        )
        self.assert_no_plaintext(conversation, token, link)

    def assert_no_plaintext(self, conversation, token, link):
        secrets = [
            FIRST.encode(),
            REPLY.encode(),
            SECOND.encode(),
            FILE,
            FILE_NAME.encode(),
            token.encode(),
            link.split(".")[1].encode(),
            reference.import_link_key(link.split(".")[1]),
            PASSPHRASE.encode(),
        ]
        transaction.begin()
        folder = conversation_folder(self.centre)
        stored = folder.objectValues()[0]
        dumped = repr(stored.__dict__).encode()
        for record in stored.messages.values():
            dumped += repr(record.__dict__).encode()
            for attachment in record.attachments:
                dumped += repr(attachment.__dict__).encode() + attachment.ciphertext()
        with tempfile.TemporaryDirectory() as directory:
            self.copy_to_filestorage(Path(directory))
            files = [p for p in Path(directory).rglob("*") if p.is_file()]
            self.assertTrue(any(p.suffix == ".blob" for p in files))
            raw = b"".join(p.read_bytes() for p in files)
            # the copy holds the conversation and its metadata in clear
            self.assertIn(conversation.encode(), raw)
            self.assertIn(b"Amsel", raw)
            for secret in secrets:
                with self.subTest(secret=secret[:20]):
                    self.assertNotIn(secret, dumped)
                    self.assertNotIn(secret, raw)

    def copy_to_filestorage(self, directory: Path) -> None:
        """The test's writes (the top DemoStorage's transactions) copied record by
        record into a FileStorage with blobs, as a backup would hold them."""
        from ZODB.Connection import TransactionMetaData
        from ZODB.FileStorage import FileStorage
        from ZODB.POSException import POSKeyError
        import shutil

        source = self.layer["app"]._p_jar.db().storage
        target = FileStorage(
            str(directory / "Data.fs"), blob_dir=str(directory / "blobs")
        )
        spare = directory / "spare"
        spare.mkdir()
        try:
            for number, txn in enumerate(source.iterator()):
                meta = TransactionMetaData(txn.user, txn.description, txn.extension)
                target.tpc_begin(meta)
                for index, record in enumerate(txn):
                    try:
                        blob = source.loadBlob(record.oid, record.tid)
                    except POSKeyError:
                        blob = None
                    if blob is None:
                        target.restore(
                            record.oid, record.tid, record.data, "", None, meta
                        )
                        continue
                    copy = spare / f"{number}-{index}.blob"
                    shutil.copyfile(blob, copy)
                    target.restoreBlob(
                        record.oid, record.tid, record.data, str(copy), None, meta
                    )
                target.tpc_vote(meta)
                target.tpc_finish(meta)
        finally:
            target.close()
            shutil.rmtree(spare)
