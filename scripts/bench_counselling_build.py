"""Set up the counselling benchmark in the benchmark site: a Berlin centre offering online
counselling, a counsellor with a key, one conversation with 1,000 messages and 100 small
ones (the polling seekers). Prints their tokens as JSON on the last line.

Run by scripts/bench.py through the maintenance runner (``app`` in the globals):
`python -m sozialplattform.site.maintenance <zope.conf> run
scripts/bench_counselling_build.py`. Needs ``cryptography`` (the reference client, a test
dependency). Each run replaces the conversations of the benchmark centre.
"""

from datetime import datetime
from datetime import UTC
from plone import api
from plone.distribution.api import site as site_api
from sozialplattform.site.counselling import checks
from sozialplattform.site.counselling import conversations
from sozialplattform.site.counselling import COUNSELLOR_ROLE
from sozialplattform.site.counselling import keys
from sozialplattform.site.counselling import reference
from sozialplattform.site.counselling.content import conversation_folder
from zope.component.hooks import setSite
import json
import sys
import transaction


CENTRE_ID = "bench-beratung"
COUNSELLOR = "bench-beraterin"
PASSWORD = "Bench-Beratung-2026!"
TEXT = "Eine Nachricht von ungefähr zweihundert Zeichen Länge. " * 4
SEEKERS = 100


def site(app):
    if "Plone" not in app.objectIds():
        answers = {
            "site_id": "Plone",
            "title": "Sozialplattform Benchmark",
            "default_language": "de",
            "portal_timezone": "Europe/Berlin",
            "setup_content": False,
        }
        site_api.create(app, "sozialplattform", answers)
        transaction.commit()
    portal = app["Plone"]
    setSite(portal)
    return portal


def centre(portal):
    berlin = portal["beratungsstellen"]["berlin"]
    berlin.counselling_participation = True
    found = berlin.get(CENTRE_ID)
    if found is None:
        found = api.content.create(
            container=berlin,
            type="CounsellingCentre",
            id=CENTRE_ID,
            title="Bench-Beratung",
            postcode="10115",
            city="Berlin",
            street="Invalidenstraße 1",
        )
        api.content.transition(found, transition="publish")
    found.online_counselling_enabled = True
    return found


def counsellor(found) -> dict:
    if api.user.get(username=COUNSELLOR) is None:
        api.user.create(
            email="bench@example.org", username=COUNSELLOR, password=PASSWORD
        )
    api.user.grant_roles(username=COUNSELLOR, roles=[COUNSELLOR_ROLE], obj=found)
    pair = keys.keys_of(COUNSELLOR)
    if pair is None:
        private_key, public_key = reference.generate_counsellor_key_pair()
        public = reference.export_public_key(public_key)
        keys.set_keys(
            COUNSELLOR, public, reference.wrap_private_key(private_key, PASSWORD)
        )
        pair = keys.keys_of(COUNSELLOR)
    return pair.public_key


def conversation(found, public_key, count: int) -> dict:
    """A conversation with ``count`` messages, seeker and counsellor in turn."""
    conversation_id = reference.create_conversation_id()
    key = reference.create_conversation_key()
    now = datetime.now(UTC)

    def encrypted(role, seq):
        return reference.encrypt_message(
            key, TEXT, conversation=conversation_id, role=role, seq=seq
        )

    start = checks.check_start(
        found,
        {
            "conversation": conversation_id,
            "pseudonym": "Bench",
            "consent": True,
            "message": encrypted("seeker", 1),
            "envelopes": [
                reference.wrap_conversation_key(key, public_key, conversation_id)
            ],
        },
    )
    stored, token = conversations.create(found, start, now)
    for number in range(1, count):
        role = "counsellor" if number % 2 else "seeker"
        conversations.append(stored, encrypted(role, stored.next_seq[role]), [], now)
    return {"token": token, "cursor": stored.last_cursor}


def main(app) -> None:
    portal = site(app)
    with api.env.adopt_roles(["Manager"]):
        found = centre(portal)
        public_key = counsellor(found)
        folder = conversation_folder(found)
        for old in list(folder.objectValues()):
            conversations.delete(old)
        transaction.commit()
        big = conversation(found, public_key, 1000)
        transaction.commit()
        seekers = [conversation(found, public_key, 5) for _number in range(SEEKERS)]
        transaction.commit()
    print(json.dumps({"big": big, "seekers": seekers}))


if __name__ == "__main__":
    main(app)  # noqa: F821 - `app` comes from the runner
    sys.stdout.flush()
