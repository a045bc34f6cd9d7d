"""``@jitsi-token`` over real HTTP: the JWT verified with PyJWT against the configured
secret and every claim rule; refusals for the window's edges, cancelled bookings, wrong
tokens, other centres' staff and the State's editors; the secret in no answer."""

from datetime import datetime
from datetime import timedelta
from plone.app.testing import setRoles
from plone.app.testing import TEST_USER_ID
from sozialplattform.site.testing import FUNCTIONAL_TESTING
from sozialplattform.site.testing import server_url
from test_jitsi import fixtures
from test_permissions.fixtures import PASSWORD
import jwt
import requests
import transaction
import unittest


JSON = {"Accept": "application/json"}


class TokenServiceTestCase(unittest.TestCase):
    layer = FUNCTIONAL_TESTING
    secret = fixtures.SECRET

    def setUp(self):
        self.portal = self.layer["portal"]
        setRoles(self.portal, TEST_USER_ID, ["Manager"])
        fixtures.configure(self.secret)
        self.centre = fixtures.centre(self.portal)
        self.other = fixtures.centre(self.portal, "andere")
        fixtures.staff(self.portal, self.centre, self.other)
        transaction.commit()

    def tearDown(self):
        fixtures.unconfigure()

    def booking(self, starts_in=timedelta(minutes=5), **values):
        transaction.begin()
        booking, token = fixtures.booking(self.centre, starts_in, **values)
        transaction.commit()
        return booking, token

    def staff_get(self, booking, user=fixtures.STAFF):
        path = "/".join(booking.getPhysicalPath()[2:])
        return requests.get(
            server_url(self.layer, f"plone/++api++/{path}/@jitsi-token"),
            auth=(user, PASSWORD) if user else None,
            headers=JSON,
            timeout=30,
        )

    def visitor_get(self, token):
        return requests.get(
            server_url(self.layer, "plone/++api++/@jitsi-token"),
            params={"token": token},
            headers=JSON,
            timeout=30,
        )

    def decode(self, body, **options):
        return jwt.decode(
            body["jwt"],
            fixtures.SECRET,
            algorithms=["HS256"],
            audience="jitsi",
            issuer=fixtures.APP_ID,
            options={"require": ["exp", "nbf", "iss", "aud", "sub", "room"]},
            **options,
        )


class TestTokens(TokenServiceTestCase):
    def test_staff_get_a_moderator_token(self):
        booking, _ = self.booking()
        response = self.staff_get(booking)
        self.assertEqual(response.status_code, 200, response.text)
        self.assertIn("no-store", response.headers["Cache-Control"])
        body = response.json()
        self.assertEqual(body["domain"], fixtures.DOMAIN)
        self.assertEqual(body["room"], booking.video_room)
        self.assertTrue(body["moderator"])
        claims = self.decode(body)
        self.assertEqual(claims["sub"], fixtures.DOMAIN)
        self.assertEqual(claims["room"], booking.video_room)
        user = claims["context"]["user"]
        self.assertEqual(user["name"], "Beraterin")
        self.assertIs(user["moderator"], True)
        self.assertEqual(user["affiliation"], "owner")
        self.assertNotIn("lobby", user)
        features = claims["context"]["features"]
        for name in ("recording", "livestreaming", "transcription"):
            self.assertIs(features[name], False, name)
        self.assertEqual(
            datetime.fromisoformat(body["expires"]).timestamp(), claims["exp"]
        )

    def test_the_booker_gets_a_participant_token_with_their_name(self):
        booking, token = self.booking(name="Pseudonym Mond")
        response = self.visitor_get(token)
        self.assertEqual(response.status_code, 200, response.text)
        self.assertEqual(response.headers["Referrer-Policy"], "no-referrer")
        body = response.json()
        self.assertFalse(body["moderator"])
        claims = self.decode(body)
        user = claims["context"]["user"]
        self.assertEqual(user["name"], "Pseudonym Mond")
        self.assertIs(user["moderator"], False)
        self.assertEqual(user["affiliation"], "member")
        self.assertIs(user["lobby"], True)
        self.assertEqual(claims["sub"], fixtures.DOMAIN)
        for name in ("recording", "livestreaming", "transcription"):
            self.assertIs(claims["context"]["features"][name], False, name)
        self.assertEqual(claims["room"], booking.video_room)

    def test_the_window_is_in_nbf_and_exp(self):
        booking, token = self.booking(starts_in=timedelta(minutes=10), minutes=50)
        claims = self.decode(self.visitor_get(token).json())
        start = booking.start.timestamp()
        end = booking.end.timestamp()
        self.assertEqual(claims["nbf"], start - 15 * 60)
        self.assertEqual(claims["exp"], end + 30 * 60)
        with self.assertRaises(jwt.ImmatureSignatureError):
            jwt.decode(
                self.visitor_get(token).json()["jwt"],
                fixtures.SECRET,
                algorithms=["HS256"],
                audience="jitsi",
                # seen from six minutes ago, the room (open since five) was not yet
                leeway=-timedelta(minutes=6),
            )
        with self.assertRaises(jwt.InvalidSignatureError):
            jwt.decode(
                self.visitor_get(token).json()["jwt"],
                "another secret of the same length as the right one!!",
                algorithms=["HS256"],
                audience="jitsi",
            )

    def test_before_the_window_opens_403_with_opens_at(self):
        # 16 minutes ahead: the room opens 15 minutes before the start
        booking, token = self.booking(starts_in=timedelta(minutes=16, seconds=30))
        for response in (self.visitor_get(token), self.staff_get(booking)):
            self.assertEqual(response.status_code, 403, response.text)
            error = response.json()["error"]
            self.assertNotIn("jwt", response.json())
            opens_at = datetime.fromisoformat(error["opens_at"])
            self.assertEqual(opens_at, booking.start - timedelta(minutes=15))
            self.assertIn("opens on", error["message"])

    def test_just_inside_the_window_at_both_edges(self):
        opening, opening_token = self.booking(
            starts_in=timedelta(minutes=14, seconds=30)
        )
        self.assertEqual(self.visitor_get(opening_token).status_code, 200)
        # ended 29 minutes ago: the room closes 30 minutes after the end
        closing, closing_token = self.booking(
            starts_in=-timedelta(minutes=79), minutes=50
        )
        self.assertEqual(self.visitor_get(closing_token).status_code, 200)

    def test_after_the_window_closes_403(self):
        booking, token = self.booking(starts_in=-timedelta(minutes=82), minutes=50)
        for response in (self.visitor_get(token), self.staff_get(booking)):
            self.assertEqual(response.status_code, 403, response.text)
            self.assertIn("closed", response.json()["error"]["message"])
            self.assertNotIn("opens_at", response.json()["error"])

    def test_cancelled_declined_and_requested_bookings_get_no_token(self):
        for state in ("cancelled", "declined", "requested"):
            with self.subTest(state=state):
                booking, token = self.booking(state=state)
                response = self.visitor_get(token)
                self.assertIn(response.status_code, (403, 404), response.text)
                self.assertNotIn("jwt", response.json())
                self.assertIn("message", response.json()["error"])

    def test_a_wrong_token_is_404(self):
        booking, token = self.booking()
        uid, secret = token.split(".")
        for bad in (f"{uid}.{secret[:-2]}xx", "nope", "", f"{uid}"):
            with self.subTest(token=bad):
                response = self.visitor_get(bad)
                self.assertEqual(response.status_code, 404, response.text)
                self.assertNotIn("jwt", response.json())
                self.assertNotIn(booking.video_room, response.text)

    def test_only_the_centres_staff(self):
        booking, _ = self.booking()
        for user in (None, fixtures.OTHER_STAFF, fixtures.STATE_EDITOR):
            with self.subTest(user=user):
                response = self.staff_get(booking, user)
                self.assertIn(response.status_code, (401, 403, 404), response.text)
                self.assertNotIn(booking.video_room, response.text)
        self.assertEqual(self.staff_get(booking, fixtures.DATA_EDITOR).status_code, 200)

    def test_not_available_without_online_counselling(self):
        booking, token = self.booking()
        transaction.begin()
        self.centre.online_counselling_enabled = False
        transaction.commit()
        response = self.visitor_get(token)
        self.assertEqual(response.status_code, 403, response.text)
        self.assertNotIn("jwt", response.json())

    def test_the_secret_is_in_no_answer(self):
        booking, token = self.booking()
        responses = [
            self.staff_get(booking),
            self.visitor_get(token),
            requests.get(
                server_url(
                    self.layer, "plone/++api++/@controlpanels/sozialplattform-jitsi"
                ),
                auth=("admin", "secret"),
                headers=JSON,
                timeout=30,
            ),
            requests.get(
                server_url(self.layer, "plone/++api++/@registry"),
                auth=("admin", "secret"),
                headers=JSON,
                timeout=30,
            ),
        ]
        self.assertEqual(responses[2].status_code, 200, responses[2].text)
        self.assertEqual(responses[2].json()["data"]["domain"], fixtures.DOMAIN)
        for response in responses:
            self.assertNotIn(fixtures.SECRET, response.text)


class TestWithoutSecret(TokenServiceTestCase):
    secret = None

    def test_the_room_name_alone(self):
        booking, token = self.booking()
        response = self.visitor_get(token)
        self.assertEqual(response.status_code, 200, response.text)
        body = response.json()
        self.assertIsNone(body["jwt"])
        self.assertEqual(body["room"], booking.video_room)
        self.assertEqual(body["domain"], fixtures.DOMAIN)
