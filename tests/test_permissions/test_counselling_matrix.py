"""The written counselling's permission matrix: role x action, one subTest per cell.

Conversations are the centre's counsellors' only (local role ``CentreCounsellor`` on
centre A): never its data editors without that role, other centres' staff, the state
editors or the site administrators (they get the role if they need it). Columns:
``fixtures.ROLES`` plus the counsellor of A and the counsellor of centre B. The same
table is checked on the permissions (integration) and over HTTP on the REST services
(403/401 vs 200; the seeker's services answer 404 for any token but the right one).
"""

from AccessControl import getSecurityManager
from datetime import datetime
from datetime import UTC
from sozialplattform.site.counselling import checks
from sozialplattform.site.counselling import conversations
from sozialplattform.site.counselling import reference
from sozialplattform.site.counselling.content import conversation_folder
from sozialplattform.site.permissions import MANAGE_COUNSELLING
from sozialplattform.site.permissions import READ_CONVERSATIONS
from sozialplattform.site.testing import FUNCTIONAL_TESTING
from test_counselling.fixtures import make_counsellor
from test_counselling.fixtures import start_body
from test_permissions.fixtures import create_scenario
from test_permissions.fixtures import rest
from test_permissions.fixtures import ROLES
from test_permissions.test_matrix import PeopleTestCase
import transaction
import unittest


COUNSELLOR = "counsellor"
OTHER_COUNSELLOR = "other_counsellor"
COLUMNS = (*ROLES, COUNSELLOR, OTHER_COUNSELLOR)
Y, N = True, False

# fmt: off
#:                      anon member CE-A CE-B  SE  SE-x admin couns couns-B
COUNSELLORS_ONLY =     (N,   N,     N,   N,    N,  N,   N,    Y,    N)
MATRIX = {
    "view folder":               COUNSELLORS_ONLY,
    "edit chat hours":           COUNSELLORS_ONLY,
    "view conversation":         COUNSELLORS_ONLY,
    "read conversation":         COUNSELLORS_ONLY,
    "delete conversation":       (N, N, N, N, N, N, N, N, N),
}
# fmt: on
CHECKS = {
    "view folder": ("folder", "View"),
    "edit chat hours": ("folder", MANAGE_COUNSELLING),
    "view conversation": ("conversation", "View"),
    "read conversation": ("conversation", READ_CONVERSATIONS),
    "delete conversation": ("conversation", "Delete objects"),
}


def scenario(test) -> None:
    """Centre A (published) with counselling, its counsellor, centre B's counsellor
    and one conversation of A."""
    centre = test.centres["published"]
    centre.aq_parent.counselling_participation = True
    centre.online_counselling_enabled = True
    material = make_counsellor(centre, COUNSELLOR, 0)
    make_counsellor(test.centre_b, OTHER_COUNSELLOR, 1)
    body, _key = start_body([material.public_key])
    start = checks.check_start(centre, body)
    test.conversation, test.token = conversations.create(
        centre, start, datetime.now(UTC)
    )
    test.folder_ = conversation_folder(centre)
    test.body = body


class TestCounsellingMatrix(PeopleTestCase):
    def setUp(self):
        super().setUp()
        scenario(self)

    def test_matrix(self):
        objects = {"folder": self.folder_, "conversation": self.conversation}
        for action, row in MATRIX.items():
            target, permission = CHECKS[action]
            for username, expected in zip(COLUMNS, row, strict=True):
                with self.subTest(action=action, role=username):
                    with self.as_user(username):
                        allowed = getSecurityManager().checkPermission(
                            permission, objects[target]
                        )
                    self.assertEqual(bool(allowed), expected)


class TestCounsellingMatrixREST(unittest.TestCase):
    """The counsellors' services over HTTP, by role."""

    layer = FUNCTIONAL_TESTING

    def setUp(self):
        self.portal = self.layer["portal"]
        found = create_scenario(self.portal)
        self.centres, self.centre_b = found.centres, found.centre_b
        scenario(self)
        transaction.commit()
        base = "/".join(self.conversation.getPhysicalPath()[2:])
        folder = "/".join(self.folder_.getPhysicalPath()[2:])
        reply = reference.encrypt_message(
            reference.create_conversation_key(),
            "Guten Tag",
            conversation=self.conversation.conversation_id,
            role="counsellor",
            seq=1,
        )
        # name: (method, path, body, the counsellor's status); in this order (close
        # before reopen, the reply while open); 400 = past the permission, body refused
        self.calls = {
            "inbox": ("GET", f"{folder}/@conversations", None, 200),
            "messages": ("GET", f"{base}/@messages", None, 200),
            "envelopes": ("GET", f"{folder}/@counselling-envelopes", None, 200),
            "reply": ("POST", f"{base}/@messages", {"message": reply}, 201),
            "read": ("POST", f"{base}/@messages-read", {"cursor": 1}, 200),
            "video": ("POST", f"{base}/@conversation-video", None, 200),
            "assign": ("POST", f"{base}/@conversation-assign", {"to": None}, 200),
            "close": ("POST", f"{base}/@conversation-close", None, 200),
            "reopen": ("POST", f"{base}/@conversation-reopen", None, 200),
            "add envelopes": (
                "POST",
                f"{folder}/@counselling-envelopes",
                {"envelopes": []},
                400,
            ),
            "attachment": ("GET", f"{base}/@attachment", None, 400),
        }

    def test_counsellors_services(self):
        for name, (method, path, body, status) in self.calls.items():
            for username, expected in zip(COLUMNS, COUNSELLORS_ONLY, strict=True):
                with self.subTest(service=name, role=username):
                    kwargs = {} if body is None else {"json": body}
                    response = rest(self.layer, method, path, username, **kwargs)
                    if expected:
                        self.assertEqual(response.status_code, status, response.text)
                    else:
                        self.assertIn(response.status_code, (401, 403, 404))

    def test_counsellor_by_the_role_on_the_state(self):
        """The role granted on the State: a counsellor of the centre for the permission
        and for the envelopes alike (``keys.counsellor_ids``)."""
        from sozialplattform.site.counselling import keys

        transaction.begin()
        centre = self.conversation.aq_parent.aq_parent
        material = make_counsellor(centre.aq_parent, "state_counsellor", 2)
        transaction.commit()
        self.assertIn("state_counsellor", keys.counsellor_ids(centre))
        self.assertIn(material.public_key, keys.current_keys(centre).values())
        response = rest(self.layer, "GET", self.calls["inbox"][1], "state_counsellor")
        self.assertEqual(response.status_code, 200, response.text)

    def test_seeker_services_need_the_token(self):
        for username in COLUMNS:
            with self.subTest(role=username):
                response = rest(
                    self.layer, "GET", "@messages?token=" + "A" * 32, username
                )
                self.assertEqual(response.status_code, 404)
        response = rest(self.layer, "GET", f"@messages?token={self.token}")
        self.assertEqual(response.status_code, 200)
