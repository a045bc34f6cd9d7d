"""Sharing, layout, revert and account listing per role, over HTTP (one subTest per cell).

The columns follow ``fixtures.ROLES``: anonymous, member, CentreEditor of A, CentreEditor of
B (acting on A), StateEditor of Berlin, StateEditor of Bayern, Site Administrator. Centre A
is ``a-published``; its offer ``eigenes`` was added by A's centre editor (who owns it).
"""

from plone import api
from sozialplattform.site.testing import FUNCTIONAL_TESTING
from sozialplattform.site.testing import server_url
from test_permissions.fixtures import acting_as
from test_permissions.fixtures import CENTRE_EDITOR
from test_permissions.fixtures import create_scenario
from test_permissions.fixtures import credentials
from test_permissions.fixtures import OWNER
from test_permissions.fixtures import rest
from test_permissions.fixtures import ROLES
from test_permissions.fixtures import SITE_ADMIN
from test_permissions.fixtures import STATE_EDITOR
import requests
import transaction
import unittest


Y, N = True, False
CENTRE = "beratungsstellen/berlin/a-published"
OFFER = f"{CENTRE}/eigenes"
ALL_ROLES = (
    "CentreCounsellor",
    "CentreEditor",
    "Contributor",
    "Editor",
    "Reader",
    "Reviewer",
    "StateEditor",
)
DENIED = None

# fmt: off
#: object -> roles offered by GET @sharing per role (None: 401/403, no sharing page).
SHARING_MATRIX = {
    CENTRE: (DENIED, DENIED, DENIED, DENIED, ("CentreEditor",), DENIED, ALL_ROLES),
    OFFER:  (DENIED, DENIED, DENIED, DENIED, ("CentreEditor",), DENIED, ALL_ROLES),
}

#: action -> allowed per role. Centres and offers have one view ("view"): who may change
#: the layout gets a 400 for ``manage_main``, everyone else a 401/403.
#:                               anon member CE-A CE-B  SE  SE-x admin
ACTION_MATRIX = {
    "change layout of centre":   (N,   N,     N,   N,    N,  N,   Y),
    "change layout of offer":    (N,   N,     N,   N,    N,  N,   Y),
    "revert centre (@history)":  (N,   N,     N,   N,    Y,  N,   Y),
}

#: way of listing accounts -> lists them per role.
#:                               anon member CE-A CE-B  SE  SE-x admin
LISTING_MATRIX = {
    "@vocabularies Users":       (N,   N,     N,   N,    N,  N,   Y),
    "@vocabularies Principals":  (N,   N,     N,   N,    N,  N,   Y),
    "@vocabularies on centre":   (N,   N,     N,   N,    N,  N,   Y),
    "@querystring Creator":      (N,   N,     N,   N,    N,  N,   Y),
    "@@qsOptions Creator":       (N,   N,     N,   N,    N,  N,   Y),
    "@@getVocabulary Users":     (N,   N,     N,   N,    N,  N,   Y),
}
# fmt: on


class DelegationTestCase(unittest.TestCase):
    layer = FUNCTIONAL_TESTING

    def setUp(self):
        self.portal = self.layer["portal"]
        scenario = create_scenario(self.portal)
        with acting_as(self.portal, CENTRE_EDITOR):
            offer = api.content.create(
                container=scenario.centres["published"],
                type="CounsellingOffer",
                id="eigenes",
                title="Eigenes Angebot",
            )
        self.assertIn("Owner", offer.get_local_roles_for_userid(CENTRE_EDITOR))
        transaction.commit()

    def rest(self, method, path, username, **kwargs):
        return rest(self.layer, method, path, username, **kwargs)

    def classic(self, path, username, **params):
        """A Classic UI view (no ++api++)."""
        auth = username if isinstance(username, tuple) else credentials(username)
        return requests.get(
            server_url(self.layer, f"plone/{path}"),
            params=params,
            auth=auth,
            timeout=30,
            allow_redirects=False,
        )

    def stored(self, path):
        return self.rest("GET", path, OWNER).json()


class TestSharingMatrix(DelegationTestCase):
    def test_roles_offered_on_the_sharing_page(self):
        for path, row in SHARING_MATRIX.items():
            for username, expected in zip(ROLES, row, strict=True):
                with self.subTest(role=username, obj=path):
                    response = self.rest("GET", f"{path}/@sharing", username)
                    if expected is DENIED:
                        self.assertIn(response.status_code, (401, 403))
                        continue
                    self.assertEqual(response.status_code, 200, response.text)
                    offered = sorted(
                        r["id"] for r in response.json()["available_roles"]
                    )
                    self.assertEqual(tuple(offered), expected)

    def test_centre_editor_cannot_grant_editor_on_own_offer(self):
        body = {
            "entries": [
                {"id": "member", "type": "user", "roles": {"Editor": True}},
            ]
        }
        response = self.rest("POST", f"{OFFER}/@sharing", CENTRE_EDITOR, json=body)
        self.assertIn(response.status_code, (401, 403), response.text)
        transaction.begin()
        offer = self.portal.unrestrictedTraverse(OFFER)
        self.assertEqual(offer.get_local_roles_for_userid("member"), ())

    def test_state_editor_finds_people_on_the_sharing_page(self):
        """Sharing searches through PAS: no account listing permission needed."""
        response = self.rest("GET", f"{CENTRE}/@sharing?search=member", STATE_EDITOR)
        self.assertEqual(response.status_code, 200, response.text)
        self.assertIn("member", [e["id"] for e in response.json()["entries"]])
        body = {
            "entries": [
                {"id": "member", "type": "user", "roles": {"CentreEditor": True}}
            ]
        }
        response = self.rest("POST", f"{CENTRE}/@sharing", STATE_EDITOR, json=body)
        self.assertEqual(response.status_code, 204, response.text)
        transaction.begin()
        centre = self.portal.unrestrictedTraverse(CENTRE)
        self.assertIn("CentreEditor", centre.get_local_roles_for_userid("member"))

    def test_state_editor_cannot_give_the_centre_editor_role_to_themselves(self):
        """Else they could read the centre's bookings (only its staff may)."""
        body = {
            "entries": [
                {"id": STATE_EDITOR, "type": "user", "roles": {"CentreEditor": True}}
            ]
        }
        response = self.rest("POST", f"{CENTRE}/@sharing", STATE_EDITOR, json=body)
        self.assertEqual(response.status_code, 403, response.text)
        self.assertIn("yourself", response.json()["message"])
        transaction.begin()
        centre = self.portal.unrestrictedTraverse(CENTRE)
        self.assertNotIn(
            "CentreEditor", centre.get_local_roles_for_userid(STATE_EDITOR)
        )

    def test_site_admin_may_give_roles_to_themselves(self):
        body = {
            "entries": [
                {"id": SITE_ADMIN, "type": "user", "roles": {"CentreCounsellor": True}}
            ]
        }
        response = self.rest("POST", f"{CENTRE}/@sharing", SITE_ADMIN, json=body)
        self.assertEqual(response.status_code, 204, response.text)


class TestActionMatrix(DelegationTestCase):
    def change_layout(self, path, username):
        response = self.rest("PATCH", path, username, json={"layout": "manage_main"})
        self.assertEqual(response.headers["Content-Type"], "application/json")
        self.assertEqual(self.stored(path)["layout"], "view")
        if response.status_code == 400:
            self.assertIn("layout", response.json()["message"])
            return True
        self.assertIn(response.status_code, (401, 403), response.text)
        return False

    def revert(self, username):
        response = self.rest(
            "PATCH", f"{CENTRE}/@history", username, json={"version": 0}
        )
        if response.status_code == 200:
            return True
        self.assertIn(response.status_code, (401, 403), response.text)
        return False

    def test_action_matrix(self):
        checks = {
            "change layout of centre": lambda user: self.change_layout(CENTRE, user),
            "change layout of offer": lambda user: self.change_layout(OFFER, user),
            "revert centre (@history)": self.revert,
        }
        self.assertEqual(set(checks), set(ACTION_MATRIX))
        for action, row in ACTION_MATRIX.items():
            # refused ones first: an allowed change would alter what the next one sees
            cells = sorted(zip(ROLES, row, strict=True), key=lambda cell: cell[1])
            for username, expected in cells:
                with self.subTest(role=username, action=action):
                    self.assertEqual(checks[action](username), expected)

    def test_layout_must_be_an_available_view(self):
        for layout in ("manage_main", "folder_contents", 5):
            with self.subTest(layout=layout):
                response = self.rest("PATCH", CENTRE, OWNER, json={"layout": layout})
                self.assertEqual(response.status_code, 400, response.text)
                self.assertIn("layout", response.json()["message"])
                self.assertEqual(self.stored(CENTRE)["layout"], "view")

    def test_unchanged_layout_is_accepted(self):
        response = self.rest(
            "PATCH", CENTRE, CENTRE_EDITOR, json={"layout": "view", "phone": "030 1"}
        )
        self.assertEqual(response.status_code, 204, response.text)
        self.assertEqual(self.stored(CENTRE)["phone"], "030 1")


class TestAccountListingMatrix(DelegationTestCase):
    def lists_accounts(self, way, username) -> bool:
        if way.startswith("@vocabularies"):
            name = "Principals" if "Principals" in way else "Users"
            base = f"{CENTRE}/" if "centre" in way else ""
            response = self.rest(
                "GET", f"{base}@vocabularies/plone.app.vocabularies.{name}", username
            )
            if response.status_code in (401, 403):
                self.assertEqual(response.headers["Content-Type"], "application/json")
                return False
            self.assertEqual(response.status_code, 200, response.text)
            return "centre_editor" in response.text
        if way == "@querystring Creator":
            response = self.rest("GET", "@querystring", username)
        elif way == "@@qsOptions Creator":
            response = self.classic("@@qsOptions", username)
        else:
            response = self.classic(
                "@@getVocabulary",
                username,
                name="plone.app.vocabularies.Users",
            )
            self.assertEqual(response.status_code, 200, response.text)
            return "centre_editor" in response.text
        self.assertEqual(response.status_code, 200, response.text)
        return bool(response.json()["indexes"]["Creator"]["values"])

    def test_listing_matrix(self):
        for way, row in LISTING_MATRIX.items():
            for username, expected in zip(ROLES, row, strict=True):
                with self.subTest(role=username, way=way):
                    self.assertEqual(self.lists_accounts(way, username), expected)
