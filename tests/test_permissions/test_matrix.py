"""The permission matrix: role x action x workflow state, one subTest per cell.

Centre A lies in Berlin and has an offer in the same review state as the centre. The columns
of every table follow ``fixtures.ROLES``: anonymous, member (authenticated, no local role),
CentreEditor of A, CentreEditor of another centre B (acting on A), StateEditor of Berlin,
StateEditor of Bayern, Site Administrator.
"""

from datetime import date
from plone import api
from Products.CMFCore.WorkflowCore import WorkflowException
from sozialplattform.site.content.structure import state_editors_group_id
from sozialplattform.site.testing import FUNCTIONAL_TESTING
from sozialplattform.site.testing import INTEGRATION_TESTING
from test_permissions.fixtures import acting_as
from test_permissions.fixtures import ANONYMOUS
from test_permissions.fixtures import CENTRE_EDITOR
from test_permissions.fixtures import create_centre
from test_permissions.fixtures import create_offer
from test_permissions.fixtures import create_scenario
from test_permissions.fixtures import MEMBER
from test_permissions.fixtures import move_to
from test_permissions.fixtures import OTHER_CENTRE_EDITOR
from test_permissions.fixtures import OTHER_STATE_EDITOR
from test_permissions.fixtures import rest
from test_permissions.fixtures import ROLES
from test_permissions.fixtures import SITE_ADMIN
from test_permissions.fixtures import STATE_EDITOR
from zExceptions import Unauthorized
from zope.annotation.interfaces import IAnnotations
import transaction
import unittest


Y, N = True, False
STATES = ("draft", "pending", "published")

# fmt: off
#: action -> review state of centre A (and its offer) -> allowed per role.
#:                           anon member CE-A CE-B  SE  SE-x admin
CENTRE_MATRIX = {
    "view centre": {
        "draft":            (N,   N,     Y,   N,    Y,  N,   Y),
        "pending":          (N,   N,     Y,   N,    Y,  N,   Y),
        "published":        (Y,   Y,     Y,   Y,    Y,  Y,   Y),
    },
    "modify centre": {
        "draft":            (N,   N,     Y,   N,    Y,  N,   Y),
        "pending":          (N,   N,     N,   N,    Y,  N,   Y),
        "published":        (N,   N,     Y,   N,    Y,  N,   Y),
    },
    "delete centre": {
        "draft":            (N,   N,     N,   N,    Y,  N,   Y),
        "pending":          (N,   N,     N,   N,    Y,  N,   Y),
        "published":        (N,   N,     N,   N,    Y,  N,   Y),
    },
    "add offer": {
        "draft":            (N,   N,     Y,   N,    Y,  N,   Y),
        "pending":          (N,   N,     Y,   N,    Y,  N,   Y),
        "published":        (N,   N,     Y,   N,    Y,  N,   Y),
    },
    "confirm data": {
        "draft":            (N,   N,     Y,   N,    Y,  N,   Y),
        "pending":          (N,   N,     Y,   N,    Y,  N,   Y),
        "published":        (N,   N,     Y,   N,    Y,  N,   Y),
    },
    "view history": {
        "draft":            (N,   N,     Y,   N,    Y,  N,   Y),
        "pending":          (N,   N,     Y,   N,    Y,  N,   Y),
        "published":        (N,   N,     Y,   N,    Y,  N,   Y),
    },
    "revert version": {
        "draft":            (N,   N,     N,   N,    Y,  N,   Y),
        "pending":          (N,   N,     N,   N,    Y,  N,   Y),
        "published":        (N,   N,     N,   N,    Y,  N,   Y),
    },
    "view offer": {
        "draft":            (N,   N,     Y,   N,    Y,  N,   Y),
        "pending":          (N,   N,     Y,   N,    Y,  N,   Y),
        "published":        (Y,   Y,     Y,   Y,    Y,  Y,   Y),
    },
    "modify offer": {
        "draft":            (N,   N,     Y,   N,    Y,  N,   Y),
        "pending":          (N,   N,     N,   N,    Y,  N,   Y),
        "published":        (N,   N,     Y,   N,    Y,  N,   Y),
    },
    "delete offer": {
        "draft":            (N,   N,     Y,   N,    Y,  N,   Y),
        "pending":          (N,   N,     N,   N,    Y,  N,   Y),
        "published":        (N,   N,     Y,   N,    Y,  N,   Y),
    },
}

#: review state of centre A (and its offer) -> transitions offered per role.
TRANSITION_MATRIX = {
    "draft": {
        ANONYMOUS: (),
        MEMBER: (),
        CENTRE_EDITOR: ("submit",),
        OTHER_CENTRE_EDITOR: (),
        STATE_EDITOR: ("publish", "submit"),
        OTHER_STATE_EDITOR: (),
        SITE_ADMIN: ("publish", "submit"),
    },
    "pending": {
        ANONYMOUS: (),
        MEMBER: (),
        CENTRE_EDITOR: ("withdraw",),
        OTHER_CENTRE_EDITOR: (),
        STATE_EDITOR: ("publish", "reject", "withdraw"),
        OTHER_STATE_EDITOR: (),
        SITE_ADMIN: ("publish", "reject", "withdraw"),
    },
    "published": {
        ANONYMOUS: (),
        MEMBER: (),
        CENTRE_EDITOR: (),
        OTHER_CENTRE_EDITOR: (),
        STATE_EDITOR: ("retract",),
        OTHER_STATE_EDITOR: (),
        SITE_ADMIN: ("retract",),
    },
}

#: actions outside a centre: on the State of A (Berlin), another State, the site.
#:                                 anon member CE-A CE-B  SE  SE-x admin
SITE_MATRIX = {
    "add centre in Berlin":        (N,   N,     N,   N,    Y,  N,   Y),
    "add centre in Bayern":        (N,   N,     N,   N,    N,  Y,   Y),
    "view recent changes Berlin":  (N,   N,     N,   N,    Y,  N,   Y),
    "view recent changes Bayern":  (N,   N,     N,   N,    N,  Y,   Y),
    "add State":                   (N,   N,     N,   N,    N,  N,   Y),
    "manage vocabularies":         (N,   N,     N,   N,    N,  N,   Y),
    "export centres of Berlin":    (N,   N,     N,   N,    Y,  N,   Y),
}

#: GET /beratungsstellen/berlin/@centres-export?format=csv: HTTP status per role
#: (None: 401 or 403).
#:                         anon member CE-A  CE-B  SE   SE-x  admin
EXPORT_STATUS =           (401, None,  None, None, 200, None, 200)
# fmt: on


def can_add(container, type_name: str) -> bool:
    """What ``++add++<type>`` and REST POST check: add permission, allowed type."""
    return bool(api.user.has_permission("Add portal content", obj=container)) and (
        type_name in [fti.getId() for fti in container.allowedContentTypes()]
    )


def has(permission: str):
    return lambda obj: bool(api.user.has_permission(permission, obj=obj))


def can_remove_centre(centre) -> bool:
    """REST DELETE checks "Delete objects" on the centre; the removal guard then asks for
    the right to create centres in its State (centre editors hold "Delete objects" only to
    remove offers)."""
    return has("Delete objects")(centre) and has(
        "sozialplattform.site: Add CounsellingCentre"
    )(centre.aq_parent)


CENTRE_CHECKS = {
    "view centre": ("centre", has("View")),
    "modify centre": ("centre", has("Modify portal content")),
    "delete centre": ("centre", can_remove_centre),
    "add offer": ("centre", lambda obj: can_add(obj, "CounsellingOffer")),
    "confirm data": ("centre", has("sozialplattform.site: Confirm centre data")),
    "view history": ("centre", has("CMFEditions: Access previous versions")),
    "revert version": ("centre", has("CMFEditions: Revert to previous versions")),
    "view offer": ("offer", has("View")),
    "modify offer": ("offer", has("Modify portal content")),
    "delete offer": ("offer", has("Delete objects")),
}


class PeopleTestCase(unittest.TestCase):
    layer = INTEGRATION_TESTING

    def setUp(self):
        self.portal = self.layer["portal"]
        self.request = self.layer["request"]
        scenario = create_scenario(self.portal)
        self.folder = scenario.folder
        self.berlin = scenario.berlin
        self.bayern = scenario.bayern
        self.centres = scenario.centres
        self.offers = scenario.offers
        self.centre_b = scenario.centre_b

    def as_user(self, username):
        return acting_as(self.portal, username)


class TestPermissionMatrix(PeopleTestCase):
    def test_table_is_complete(self):
        self.assertEqual(set(CENTRE_MATRIX), set(CENTRE_CHECKS))
        for action, rows in CENTRE_MATRIX.items():
            self.assertEqual(set(rows), set(STATES), action)
            for row in rows.values():
                self.assertEqual(len(row), len(ROLES), action)
        self.assertEqual(set(TRANSITION_MATRIX), set(STATES))
        for row in TRANSITION_MATRIX.values():
            self.assertEqual(set(row), set(ROLES))
        for row in SITE_MATRIX.values():
            self.assertEqual(len(row), len(ROLES))

    def test_centre_matrix(self):
        for action, rows in CENTRE_MATRIX.items():
            target, check = CENTRE_CHECKS[action]
            for review_state, expected_row in rows.items():
                obj = (self.centres if target == "centre" else self.offers)[
                    review_state
                ]
                self.assertEqual(api.content.get_state(obj), review_state)
                for username, expected in zip(ROLES, expected_row, strict=True):
                    with self.subTest(role=username, action=action, state=review_state):
                        with self.as_user(username):
                            self.assertEqual(check(obj), expected)

    def test_transition_matrix(self):
        workflow = api.portal.get_tool("portal_workflow")
        for review_state, expected_by_role in TRANSITION_MATRIX.items():
            centre = self.centres[review_state]
            for username, expected in expected_by_role.items():
                with self.subTest(
                    role=username, action="transitions", state=review_state
                ):
                    with self.as_user(username):
                        offered = sorted(
                            t["id"] for t in workflow.getTransitionsFor(centre)
                        )
                    self.assertEqual(tuple(offered), expected)

    def test_offer_transitions_follow_the_same_table(self):
        workflow = api.portal.get_tool("portal_workflow")
        for review_state, expected_by_role in TRANSITION_MATRIX.items():
            offer = self.offers[review_state]
            for username, expected in expected_by_role.items():
                with self.subTest(
                    role=username, action="offer transitions", state=review_state
                ):
                    with self.as_user(username):
                        offered = sorted(
                            t["id"] for t in workflow.getTransitionsFor(offer)
                        )
                    self.assertEqual(tuple(offered), expected)

    def test_site_matrix(self):
        checks = {
            "add centre in Berlin": lambda: can_add(self.berlin, "CounsellingCentre"),
            "add centre in Bayern": lambda: can_add(self.bayern, "CounsellingCentre"),
            "view recent changes Berlin": lambda: has(
                "sozialplattform.site: View recent changes"
            )(self.berlin),
            "view recent changes Bayern": lambda: has(
                "sozialplattform.site: View recent changes"
            )(self.bayern),
            "add State": lambda: can_add(self.folder, "State"),
            "manage vocabularies": lambda: has("sozialplattform.site: Manage settings")(
                self.portal
            ),
            "export centres of Berlin": lambda: has(
                "sozialplattform.site: Export centres"
            )(self.berlin),
        }
        self.assertEqual(set(checks), set(SITE_MATRIX))
        for action, expected_row in SITE_MATRIX.items():
            for username, expected in zip(ROLES, expected_row, strict=True):
                with self.subTest(role=username, action=action):
                    with self.as_user(username):
                        self.assertEqual(checks[action](), expected)


class TestPerformedTransitions(PeopleTestCase):
    def transition(self, username, obj, transition, **kw):
        """As ``username``, through the workflow tool (WorkflowException when not allowed)."""
        with self.as_user(username):
            api.portal.get_tool("portal_workflow").doActionFor(obj, transition, **kw)

    def test_centre_editor_submits_state_editor_publishes(self):
        centre = self.centres["draft"]
        self.transition(CENTRE_EDITOR, centre, "submit")
        self.assertEqual(api.content.get_state(centre), "pending")
        self.transition(STATE_EDITOR, centre, "publish")
        self.assertEqual(api.content.get_state(centre), "published")

    def test_centre_editor_cannot_publish_a_first_version(self):
        for review_state in ("draft", "pending"):
            centre = self.centres[review_state]
            with self.subTest(state=review_state):
                with self.assertRaises(WorkflowException):
                    self.transition(CENTRE_EDITOR, centre, "publish")
                self.assertEqual(api.content.get_state(centre), review_state)

    def test_other_state_editor_cannot_publish_or_reject(self):
        centre = self.centres["pending"]
        for transition in ("publish", "reject"):
            with self.subTest(transition=transition):
                with self.assertRaises(WorkflowException):
                    self.transition(
                        OTHER_STATE_EDITOR,
                        centre,
                        transition,
                        comment="Nicht zuständig",
                    )
                self.assertEqual(api.content.get_state(centre), "pending")

    def test_state_editor_rejects_and_retracts_with_a_comment(self):
        self.transition(
            STATE_EDITOR, self.centres["pending"], "reject", comment="Adresse fehlt"
        )
        self.assertEqual(api.content.get_state(self.centres["pending"]), "draft")
        self.transition(
            STATE_EDITOR, self.centres["published"], "retract", comment="Geschlossen"
        )
        self.assertEqual(api.content.get_state(self.centres["published"]), "draft")
        history = api.portal.get_tool("portal_workflow").getInfoFor(
            self.centres["published"], "review_history"
        )
        self.assertEqual(history[-1]["action"], "retract")
        self.assertEqual(history[-1]["comments"], "Geschlossen")

    def test_centre_editor_withdraws_own_submission_only(self):
        other = self.centre_b
        api.content.transition(other, transition="submit")
        with self.assertRaises(WorkflowException):
            self.transition(CENTRE_EDITOR, other, "withdraw")
        self.transition(CENTRE_EDITOR, self.centres["pending"], "withdraw")
        self.assertEqual(api.content.get_state(self.centres["pending"]), "draft")

    def test_site_admin_runs_the_whole_cycle(self):
        centre = self.centres["draft"]
        self.transition(SITE_ADMIN, centre, "submit")
        self.transition(SITE_ADMIN, centre, "reject", comment="Bitte ergänzen")
        self.transition(SITE_ADMIN, centre, "publish")
        self.transition(SITE_ADMIN, centre, "retract", comment="Veraltet")
        self.assertEqual(api.content.get_state(centre), "draft")


class TestVisibility(PeopleTestCase):
    def found(self, username, **query):
        with self.as_user(username):
            return sorted(b.getId for b in api.content.find(**query))

    def test_anonymous_finds_published_centres_and_offers_only(self):
        self.assertEqual(
            self.found(ANONYMOUS, portal_type="CounsellingCentre"), ["a-published"]
        )
        offers = api.content.find(
            portal_type="CounsellingOffer", review_state="published"
        )
        self.assertEqual(len(offers), 1)
        with self.as_user(ANONYMOUS):
            found = api.content.find(portal_type="CounsellingOffer")
            self.assertEqual([b.UID for b in found], [offers[0].UID])

    def test_centre_editor_does_not_see_other_drafts(self):
        self.assertEqual(
            self.found(CENTRE_EDITOR, portal_type="CounsellingCentre"),
            ["a-draft", "a-pending", "a-published"],
        )
        self.assertEqual(
            self.found(OTHER_CENTRE_EDITOR, portal_type="CounsellingCentre"),
            ["a-published", "b"],
        )
        with self.as_user(OTHER_CENTRE_EDITOR), self.assertRaises(Unauthorized):
            self.portal.restrictedTraverse("beratungsstellen/berlin/a-draft")

    def test_state_editors_see_their_state_only(self):
        create_centre(
            self.bayern, "muenchen", "Centre München", postcode="80331", city="München"
        )
        self.assertEqual(
            self.found(OTHER_STATE_EDITOR, portal_type="CounsellingCentre"),
            ["a-published", "muenchen"],
        )
        self.assertEqual(
            self.found(STATE_EDITOR, portal_type="CounsellingCentre"),
            ["a-draft", "a-pending", "a-published", "b"],
        )

    def test_offer_of_a_retracted_centre_is_not_public(self):
        """Anonymous sees published centres "and their offers": not those of hidden centres."""
        centre = self.centres["published"]
        api.content.transition(centre, transition="retract", comment="Geschlossen")
        self.assertEqual(api.content.get_state(self.offers["published"]), "published")
        with self.as_user(ANONYMOUS):
            with self.assertRaises(Unauthorized):
                self.portal.restrictedTraverse(
                    "beratungsstellen/berlin/a-published/offer"
                )
            self.assertEqual(len(api.content.find(portal_type="CounsellingOffer")), 0)


class TestViews(PeopleTestCase):
    def traverse(self, username, path):
        with self.as_user(username):
            return self.portal.restrictedTraverse(path)

    def test_recent_changes_view_of_own_state_only(self):
        view = self.traverse(STATE_EDITOR, "beratungsstellen/berlin/@@recent-changes")
        with self.as_user(STATE_EDITOR):
            titles = [item["title"] for item in view.items()]
            self.assertIn("Centre A draft", titles)
            self.assertIn("Centre A draft", view())
        for username in (OTHER_STATE_EDITOR, CENTRE_EDITOR, MEMBER, ANONYMOUS):
            with self.subTest(role=username), self.assertRaises(Unauthorized):
                self.traverse(username, "beratungsstellen/berlin/@@recent-changes")

    def test_vocabularies_control_panel_for_site_admin_only(self):
        view = self.traverse(SITE_ADMIN, "@@sozialplattform-vocabularies")
        with self.as_user(SITE_ADMIN):
            self.assertIn("schulden", view())
        for username in (STATE_EDITOR, CENTRE_EDITOR, MEMBER, ANONYMOUS):
            with self.subTest(role=username), self.assertRaises(Unauthorized):
                self.traverse(username, "@@sozialplattform-vocabularies")

    def test_site_admin_adds_a_state(self):
        with self.as_user(SITE_ADMIN):
            state = api.content.create(
                container=self.folder,
                type="State",
                id="ausland",
                title="Ausland",
                code="DE-XX",
            )
        self.assertEqual(state.portal_type, "State")
        with self.as_user(STATE_EDITOR), self.assertRaises(Unauthorized):
            api.content.create(
                container=self.folder,
                type="State",
                id="nirgendwo",
                title="Nirgendwo",
                code="DE",
            )

    def test_confirm_data_view(self):
        from plone.protect.authenticator import createToken

        centre = self.centres["published"]
        centre.last_reviewed = date(2020, 1, 1)
        with self.as_user(CENTRE_EDITOR):
            view = self.portal.restrictedTraverse(
                "beratungsstellen/berlin/a-published/@@confirm-data"
            )
            self.assertIn("form.confirm", view())
            self.request.method = "POST"
            self.request.form.update(
                {"form.confirm": "1", "_authenticator": createToken()}
            )
            view()
        self.assertEqual(centre.last_reviewed, date.today())
        self.assertEqual(api.content.get_state(centre), "published")
        for username in (OTHER_CENTRE_EDITOR, MEMBER, ANONYMOUS):
            with self.subTest(role=username), self.assertRaises(Unauthorized):
                self.traverse(
                    username, "beratungsstellen/berlin/a-published/@@confirm-data"
                )


def forget_cached_local_roles(request) -> None:
    """borg.localrole caches allowed checks on the request; a new request would not."""
    annotations = IAnnotations(request)
    for key in [key for key in annotations if "borg.localrole" in str(key)]:
        del annotations[key]


class TestOwnerGetsNothing(PeopleTestCase):
    """Access follows the local roles only: creating a centre grants nothing lasting."""

    def test_state_editor_who_left_the_state_loses_their_centre(self):
        with self.as_user(STATE_EDITOR):
            centre = create_centre(self.berlin, "eigene", "Eigene Stelle")
            offer = create_offer(centre, "o", "Angebot")
        self.assertIn("Owner", centre.get_local_roles_for_userid(STATE_EDITOR))
        api.group.remove_user(
            groupname=state_editors_group_id("berlin"), username=STATE_EDITOR
        )
        api.group.add_user(
            groupname=state_editors_group_id("bayern"), username=STATE_EDITOR
        )
        forget_cached_local_roles(self.request)
        for review_state in STATES:  # draft, then submitted, then published
            for obj in (centre, offer):
                move_to(obj, review_state)
            for obj in (centre, offer):
                with self.subTest(state=review_state, obj=obj.portal_type):
                    with self.as_user(STATE_EDITOR):
                        self.assertFalse(has("Modify portal content")(obj))
                        self.assertFalse(has("Delete objects")(obj))
                        if review_state != "published":
                            self.assertFalse(has("View")(obj))
                            self.assertFalse(has("Access contents information")(obj))
                    with self.as_user(OTHER_STATE_EDITOR):
                        self.assertFalse(has("Modify portal content")(obj))
            with self.as_user(STATE_EDITOR):
                self.assertFalse(can_add(centre, "CounsellingOffer"))


class TestExportOverHTTP(unittest.TestCase):
    """The rolemap grants "Export centres" to state editors (no test grants it)."""

    layer = FUNCTIONAL_TESTING

    def setUp(self):
        self.portal = self.layer["portal"]
        create_scenario(self.portal)
        transaction.commit()

    def test_export_status_per_role(self):
        for username, expected in zip(ROLES, EXPORT_STATUS, strict=True):
            with self.subTest(role=username):
                response = rest(
                    self.layer,
                    "GET",
                    "beratungsstellen/berlin/@centres-export?format=csv",
                    username,
                )
                if expected is None:
                    self.assertIn(response.status_code, (401, 403), response.text)
                else:
                    self.assertEqual(response.status_code, expected, response.text)
                if expected == 200:
                    self.assertIn("Centre A draft", response.text)
