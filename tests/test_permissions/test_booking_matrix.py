"""The booking's permission matrix: role x action x booking state, one subTest per cell.

Bookings are the centre's staff's only: its centre editors, its counsellors (local role
``CentreCounsellor``) and the site administrators; never the state editors, other
centres or visitors. Appointment types are centre data: they follow the centre's state.
Columns: ``fixtures.ROLES`` plus the counsellor of centre A.
"""

from AccessControl import getSecurityManager
from datetime import datetime
from datetime import timedelta
from plone import api
from sozialplattform.site.booking import BOOKING_TYPE
from sozialplattform.site.booking import COUNSELLOR_ROLE
from sozialplattform.site.booking import FOLDER_ID
from sozialplattform.site.booking import TYPE_TYPE
from sozialplattform.site.permissions import MANAGE_BOOKINGS
from test_permissions.fixtures import PASSWORD
from test_permissions.fixtures import ROLES
from test_permissions.test_matrix import PeopleTestCase
import pytz


COUNSELLOR = "counsellor"
COLUMNS = (*ROLES, COUNSELLOR)
Y, N = True, False
BOOKING_STATES = ("requested", "confirmed", "completed", "cancelled", "declined")
PATHS = {
    "confirmed": ("confirm",),
    "completed": ("confirm", "complete"),
    "cancelled": ("cancel",),
    "declined": ("decline",),
}

# fmt: off
#:                          anon member CE-A CE-B  SE  SE-x admin couns
STAFF_ONLY =               (N,   N,     Y,   N,    N,  N,   Y,    Y)
BOOKING_MATRIX = {
    "view booking": STAFF_ONLY,
    "modify booking": STAFF_ONLY,
    "manage booking": STAFF_ONLY,
    "delete booking": (N, N, N, N, N, N, Y, N),
}
#: the staff's pages on centre A (``@@termine``, ``@@termine.csv``) and the centre
#: page's link to them
PAGE_MATRIX = {
    "@@termine": STAFF_ONLY,
    "@@termine.csv": STAFF_ONLY,
    "link on the centre page": STAFF_ONLY,
}
FOLDER_MATRIX = {
    "view folder": STAFF_ONLY,
    "list folder": STAFF_ONLY,
}
#: on the appointment type of A, by the centre's review state
TYPE_MATRIX = {
    "view type": {
        "draft":     (N, N, Y, N, Y, N, Y, N),
        "published": (Y, Y, Y, Y, Y, Y, Y, Y),
    },
    "modify type": {
        "draft":     (N, N, Y, N, Y, N, Y, N),
        "published": (N, N, Y, N, Y, N, Y, N),
    },
}
TRANSITIONS = {
    "requested": ("cancel", "confirm", "decline"),
    "confirmed": ("cancel", "complete", "mark_no_show"),
    "completed": (),
    "cancelled": (),
    "declined": (),
}
# fmt: on

CHECKS = {
    "view booking": "View",
    "modify booking": "Modify portal content",
    "manage booking": MANAGE_BOOKINGS,
    "delete booking": "Delete objects",
    "view folder": "View",
    "list folder": "List folder contents",
    "view type": "View",
    "modify type": "Modify portal content",
}


class BookingTestCase(PeopleTestCase):
    def setUp(self):
        super().setUp()
        api.user.create(
            email=f"{COUNSELLOR}@example.org", username=COUNSELLOR, password=PASSWORD
        )
        self.centre = self.centres["published"]
        api.user.grant_roles(
            username=COUNSELLOR, roles=[COUNSELLOR_ROLE], obj=self.centre
        )
        self.types = {
            state: api.content.create(
                container=self.centres[state], type=TYPE_TYPE, title="Erstgespräch"
            )
            for state in ("draft", "published")
        }
        self.bookings = {state: self.book(state) for state in BOOKING_STATES}

    def book(self, review_state):
        start = pytz.timezone("Europe/Berlin").localize(datetime(2027, 1, 12, 9))
        booking = api.content.create(
            container=self.centre[FOLDER_ID],
            type=BOOKING_TYPE,
            title="Pseudonym",
            appointment_type=self.types["published"].UID(),
            start=start,
            end=start + timedelta(minutes=50),
        )
        for transition in PATHS.get(review_state, ()):
            api.content.transition(booking, transition=transition)
        return booking

    def allowed(self, username, permission, obj):
        with self.as_user(username):
            return bool(getSecurityManager().checkPermission(permission, obj))


class TestBookingMatrix(BookingTestCase):
    def test_first_type_brings_the_private_folder(self):
        self.assertEqual(self.centre[FOLDER_ID].portal_type, "BookingFolder")
        self.assertIn(FOLDER_ID, self.centres["draft"])

    def test_booking_matrix(self):
        for action, expected_row in BOOKING_MATRIX.items():
            for review_state, booking in self.bookings.items():
                self.assertEqual(api.content.get_state(booking), review_state)
                for username, expected in zip(COLUMNS, expected_row, strict=True):
                    with self.subTest(action=action, state=review_state, role=username):
                        self.assertEqual(
                            self.allowed(username, CHECKS[action], booking), expected
                        )

    def test_folder_matrix(self):
        for action, expected_row in FOLDER_MATRIX.items():
            for username, expected in zip(COLUMNS, expected_row, strict=True):
                with self.subTest(action=action, role=username):
                    self.assertEqual(
                        self.allowed(username, CHECKS[action], self.centre[FOLDER_ID]),
                        expected,
                    )

    def test_page_matrix(self):
        from zExceptions import Unauthorized

        for page, expected_row in PAGE_MATRIX.items():
            for username, expected in zip(COLUMNS, expected_row, strict=True):
                with self.subTest(page=page, role=username):
                    with self.as_user(username):
                        if page.startswith("@@"):
                            try:
                                self.centre.restrictedTraverse(page)
                                allowed = True
                            except Unauthorized:
                                allowed = False
                        else:
                            view = self.centre.restrictedTraverse("@@view")
                            allowed = view.staff_bookings_url() is not None
                    self.assertEqual(allowed, expected)

    def test_type_matrix(self):
        for action, rows in TYPE_MATRIX.items():
            for review_state, expected_row in rows.items():
                for username, expected in zip(COLUMNS, expected_row, strict=True):
                    with self.subTest(action=action, state=review_state, role=username):
                        self.assertEqual(
                            self.allowed(
                                username, CHECKS[action], self.types[review_state]
                            ),
                            expected,
                        )

    def test_transitions_offered_to_staff_only(self):
        workflow = api.portal.get_tool("portal_workflow")
        for review_state, booking in self.bookings.items():
            for username in COLUMNS:
                staff = BOOKING_MATRIX["manage booking"][COLUMNS.index(username)]
                expected = TRANSITIONS[review_state] if staff else ()
                with self.subTest(state=review_state, role=username):
                    with self.as_user(username):
                        offered = workflow.getTransitionsFor(booking)
                        ids = tuple(sorted(t["id"] for t in offered))
                    self.assertEqual(ids, expected)

    def test_state_editor_does_not_find_bookings(self):
        catalog = api.portal.get_tool("portal_catalog")
        with self.as_user("state_editor"):
            self.assertEqual(len(catalog(portal_type=BOOKING_TYPE)), 0)
        with self.as_user(COUNSELLOR):
            self.assertEqual(len(catalog(portal_type=BOOKING_TYPE)), 5)

    def test_booking_is_an_event(self):
        from plone.event.interfaces import IEvent

        booking = self.bookings["confirmed"]
        self.assertTrue(IEvent.providedBy(booking))
        catalog = api.portal.get_tool("portal_catalog")
        (brain,) = catalog(UID=booking.UID())
        self.assertEqual(brain.start.hour, 9)


# fmt: off
#: who is admitted to a video booking's room as staff (``@@video``; the same rule
#: answers ``<booking>/@jitsi-token``, over HTTP in test_jitsi.test_token_service), by
#: the booking's state, inside its window
VIDEO_MATRIX = {
    "requested": (N, N, N, N, N, N, N, N),
    "confirmed": STAFF_ONLY,
    "completed": STAFF_ONLY,
    "cancelled": (N, N, N, N, N, N, N, N),
    "declined":  (N, N, N, N, N, N, N, N),
}
# fmt: on


class TestVideoMatrix(BookingTestCase):
    def setUp(self):
        super().setUp()
        from sozialplattform.site.booking import video

        self.centre.aq_parent.counselling_participation = True
        self.centre.online_counselling_enabled = True
        self.types["published"].channel = "video"
        for booking in self.bookings.values():
            video.assign_room(booking)
        # cancelled and declined bookings lost their rooms on the transition
        self.bookings["cancelled"].video_room = None
        self.bookings["declined"].video_room = None

    def admitted(self, username, booking) -> bool:
        from sozialplattform.site.jitsi import access
        from sozialplattform.site.jitsi.interfaces import IVideoRoom
        from zExceptions import Unauthorized

        with self.as_user(username):
            try:
                booking.restrictedTraverse("@@video")
            except Unauthorized:
                return False
            video_room = IVideoRoom(booking)
            try:
                access.admit(video_room, video_room.staff_participant(), booking.start)
            except access.Refused:
                return False
            return True

    def test_video_matrix(self):
        for review_state, expected_row in VIDEO_MATRIX.items():
            booking = self.bookings[review_state]
            for username, expected in zip(COLUMNS, expected_row, strict=True):
                with self.subTest(state=review_state, role=username):
                    self.assertEqual(self.admitted(username, booking), expected)
