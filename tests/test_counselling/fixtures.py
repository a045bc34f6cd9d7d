"""A counselling centre with counsellors and their keys, and seekers' requests built
with the reference client (``counselling/reference.py``)."""

from dataclasses import dataclass
from functools import cache
from plone import api
from sozialplattform.site.anonymous import throttle
from sozialplattform.site.counselling import COUNSELLOR_ROLE
from sozialplattform.site.counselling import keys
from sozialplattform.site.counselling import reference
from test_permissions.fixtures import create_centre
from test_permissions.fixtures import PASSWORD
from test_permissions.fixtures import set_up_people


PASSPHRASE = "Beratung ist vertraulich 2026"
SECRET = "Meine Schulden wachsen mir über den Kopf"


@dataclass
class KeyMaterial:
    private_key: object
    public_key: dict
    wrapped_private_key: dict


@cache
def key_material(number: int) -> KeyMaterial:
    """Counsellor key ``number`` (PBKDF2 runs once per process and key)."""
    private_key, public_key = reference.generate_counsellor_key_pair()
    return KeyMaterial(
        private_key,
        reference.export_public_key(public_key),
        reference.wrap_private_key(private_key, PASSPHRASE),
    )


def counselling_centre(portal, centre_id: str = "beratung-a", people: bool = True):
    """A published Berlin centre offering online counselling (topic ``schulden``)."""
    berlin = set_up_people(portal) if people else portal["beratungsstellen"]["berlin"]
    throttle.reset()
    berlin.counselling_participation = True
    return create_centre(
        berlin,
        centre_id,
        f"Beratung {centre_id}",
        "published",
        online_counselling_enabled=True,
        email=f"{centre_id}@example.org",
    )


def make_counsellor(centre, username: str, number: int, with_key: bool = True):
    """A user with ``CentreCounsellor`` on ``centre`` and key ``number``."""
    if api.user.get(username=username) is None:
        api.user.create(
            email=f"{username}@example.org", username=username, password=PASSWORD
        )
    api.user.grant_roles(username=username, roles=[COUNSELLOR_ROLE], obj=centre)
    material = key_material(number)
    if with_key:
        keys.set_keys(username, material.public_key, material.wrapped_private_key)
    return material


def start_body(centre_keys, text: str = SECRET, **extra) -> tuple[dict, bytes]:
    """A ``POST @conversations`` body for the listed public keys; and the key."""
    conversation = reference.create_conversation_id()
    key = reference.create_conversation_key()
    body = {
        "conversation": conversation,
        "pseudonym": "Kiwi",
        "topic": "schulden",
        "consent": True,
        "message": reference.encrypt_message(
            key, text, conversation=conversation, role="seeker", seq=1
        ),
        "envelopes": [
            reference.wrap_conversation_key(key, public_key, conversation)
            for public_key in centre_keys
        ],
        **extra,
    }
    return body, key


def message(key: bytes, conversation: str, role: str, seq: int, text: str) -> dict:
    return reference.encrypt_message(
        key, text, conversation=conversation, role=role, seq=seq
    )
