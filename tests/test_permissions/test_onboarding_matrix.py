"""The onboarding permission matrix: role x request state x action, one subTest per cell.

One OnboardingRequest of Berlin in each review state (each with a signed AVV uploaded, so
the download is possible at all). Columns: anonymous, member (authenticated, no local
role), CentreEditor of a Berlin centre, StateEditor of Berlin (the request's state),
StateEditor of Bayern, Site Administrator, Manager.
"""

from datetime import datetime
from datetime import UTC
from plone import api
from sozialplattform.site.onboarding import intake
from sozialplattform.site.testing import INTEGRATION_TESTING
from test_onboarding.fixtures import set_up_onboarding
from test_onboarding.fixtures import sign
from test_onboarding.fixtures import submission
from test_permissions.fixtures import acting_as
from test_permissions.fixtures import ANONYMOUS
from test_permissions.fixtures import CENTRE_EDITOR
from test_permissions.fixtures import create_centre
from test_permissions.fixtures import make_centre_editor
from test_permissions.fixtures import MEMBER
from test_permissions.fixtures import OTHER_STATE_EDITOR
from test_permissions.fixtures import PASSWORD
from test_permissions.fixtures import set_up_people
from test_permissions.fixtures import SITE_ADMIN
from test_permissions.fixtures import STATE_EDITOR
from zExceptions import NotFound
from zExceptions import Unauthorized
import unittest


MANAGER = "manager"
#: Column order of the tables.
ROLES = (
    ANONYMOUS,
    MEMBER,
    CENTRE_EDITOR,
    STATE_EDITOR,
    OTHER_STATE_EDITOR,
    SITE_ADMIN,
    MANAGER,
)
STATES = (
    "new",
    "avv_sent",
    "avv_signed",
    "access_granted",
    "active",
    "rejected",
    "withdrawn",
)
#: Transitions (performed as Manager) that bring a new request into each state.
PATH = {
    "new": (),
    "avv_sent": ("send_avv",),
    "avv_signed": ("send_avv", "confirm_signatures"),
    "access_granted": ("send_avv", "confirm_signatures", "grant_access"),
    "active": ("send_avv", "confirm_signatures", "grant_access", "activate"),
    "rejected": ("reject",),
    "withdrawn": ("withdraw",),
}

Y, N = True, False
ONBOARDING = (N, N, N, Y, N, Y, Y)  # the request's state editors and the admins
ADMINS = (N, N, N, N, N, Y, Y)

# fmt: off
#: action -> review state -> allowed per role.
#:                              anon member CE   SE  SE-x admin manager
MATRIX = {
    "view": dict.fromkeys(STATES, ONBOARDING),
    "modify": {
        "new":                 ONBOARDING,
        "avv_sent":            ONBOARDING,
        "avv_signed":          ONBOARDING,
        "access_granted":      ONBOARDING,
        "active":              ONBOARDING,
        # Closed requests: only the admins correct them (the retention purge deletes).
        "rejected":            ADMINS,
        "withdrawn":           ADMINS,
    },
    "download signed AVV": dict.fromkeys(STATES, ONBOARDING),
}

#: review state -> the transitions offered to those who may move requests; nobody else
#: is offered any.
TRANSITIONS = {
    "new": ("reject", "send_avv", "withdraw"),
    "avv_sent": ("confirm_signatures", "reject", "withdraw"),
    "avv_signed": ("grant_access", "reject", "withdraw"),
    "access_granted": ("activate", "withdraw"),
    "active": (),
    "rejected": (),
    "withdrawn": (),
}

#: Site-wide onboarding pages (the same for requests in every state).
#:                                   anon member CE   SE  SE-x admin manager
SITE_MATRIX = {
    "purge view":                    ADMINS,
    "onboarding control panel":      ADMINS,
}
# fmt: on


def create_manager() -> None:
    api.user.create(
        email=f"{MANAGER}@example.org",
        username=MANAGER,
        password=PASSWORD,
        roles=["Member", "Manager"],
    )


def create_request(berlin, review_state: str):
    """A Berlin request taken to ``review_state`` (each with its own requester)."""
    values, errors = intake.validate_submission(
        submission(
            email=f"{review_state.replace('_', '-')}@lindenhof.example",
            centre_name=f"Beratungsstelle {review_state}",
        )
    )
    assert not errors, errors
    request = intake.store_request(berlin, values, datetime.now(UTC))
    sign(request)
    for transition in PATH[review_state]:
        api.content.transition(
            request, transition=transition, comment="Begründung für die Akte"
        )
    return request


class TestOnboardingMatrix(unittest.TestCase):
    layer = INTEGRATION_TESTING

    def setUp(self):
        self.portal = self.layer["portal"]
        set_up_onboarding(self.portal)
        berlin = set_up_people(self.portal)
        create_manager()
        make_centre_editor(CENTRE_EDITOR, create_centre(berlin, "a", "Centre A"))
        self.requests = {state: create_request(berlin, state) for state in STATES}

    def as_user(self, username):
        return acting_as(self.portal, username)

    def test_requests_are_in_their_states(self):
        for review_state, request in self.requests.items():
            self.assertEqual(api.content.get_state(request), review_state)

    def test_table_is_complete(self):
        self.assertEqual(set(TRANSITIONS), set(STATES))
        for action, rows in MATRIX.items():
            self.assertEqual(set(rows), set(STATES), action)
            for row in rows.values():
                self.assertEqual(len(row), len(ROLES), action)
        for row in SITE_MATRIX.values():
            self.assertEqual(len(row), len(ROLES))

    def can_download(self, request) -> bool:
        """``<request>/@@download/signed_avv`` as the publisher traverses it."""
        try:
            obj = self.portal.restrictedTraverse("/".join(request.getPhysicalPath()))
            view = obj.restrictedTraverse("@@download")
            view.publishTraverse(view.request, "signed_avv")
            # What view() streams, after the field's read permission was checked
            # (streaming itself needs a committed blob).
            file = view._getFile()
        except (Unauthorized, NotFound):
            return False
        return file.data.startswith(b"%PDF-")

    def test_matrix(self):
        checks = {
            "view": lambda obj: bool(api.user.has_permission("View", obj=obj)),
            "modify": lambda obj: bool(
                api.user.has_permission("Modify portal content", obj=obj)
            ),
            "download signed AVV": self.can_download,
        }
        self.assertEqual(set(checks), set(MATRIX))
        for action, rows in MATRIX.items():
            for review_state, expected_row in rows.items():
                request = self.requests[review_state]
                for username, expected in zip(ROLES, expected_row, strict=True):
                    with self.subTest(role=username, action=action, state=review_state):
                        with self.as_user(username):
                            self.assertEqual(checks[action](request), expected)

    def test_transitions(self):
        workflow = api.portal.get_tool("portal_workflow")
        for review_state, offered_to_managers in TRANSITIONS.items():
            request = self.requests[review_state]
            for username, may_move in zip(ROLES, ONBOARDING, strict=True):
                expected = offered_to_managers if may_move else ()
                with self.subTest(
                    role=username, action="transitions", state=review_state
                ):
                    with self.as_user(username):
                        offered = tuple(
                            sorted(t["id"] for t in workflow.getTransitionsFor(request))
                        )
                    self.assertEqual(offered, expected)

    def test_transitions_refused_when_not_offered(self):
        """Performing a transition follows the same table (no hidden way around it)."""
        from Products.CMFCore.WorkflowCore import WorkflowException

        request = self.requests["new"]
        for username, may_move in zip(ROLES, ONBOARDING, strict=True):
            if may_move:
                continue
            with self.subTest(role=username):
                with self.as_user(username), self.assertRaises(WorkflowException):
                    api.portal.get_tool("portal_workflow").doActionFor(
                        request, "reject", comment="Nicht zuständig"
                    )
                self.assertEqual(api.content.get_state(request), "new")

    def test_site_pages(self):
        views = {
            "purge view": "@@purge-onboarding-requests",
            "onboarding control panel": "@@sozialplattform-onboarding",
        }
        self.assertEqual(set(views), set(SITE_MATRIX))
        for action, expected_row in SITE_MATRIX.items():
            for username, expected in zip(ROLES, expected_row, strict=True):
                with self.subTest(role=username, action=action):
                    with self.as_user(username):
                        try:
                            self.portal.restrictedTraverse(views[action])
                            allowed = True
                        except Unauthorized:
                            allowed = False
                    self.assertEqual(allowed, expected)
