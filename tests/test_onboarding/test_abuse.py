"""The interest form against bots and bursts, over real HTTP: 429 in German, honeypot,
minimum fill time; refused submissions store nothing."""

from sozialplattform.site.anonymous import honeypot
from sozialplattform.site.anonymous import throttle
from sozialplattform.site.onboarding.content import onboarding_folder
from test_onboarding.fixtures import easyform_post_data
from test_onboarding.fixtures import submission
from test_onboarding.test_journey import OnboardingHTTPTestCase
from unittest import mock
import os
import requests
import transaction


class TestInterestFormAbuse(OnboardingHTTPTestCase):
    def post(self, number: int, **values) -> requests.Response:
        session = requests.Session()
        page = session.get(self.url("anbindung-beantragen"), timeout=60)
        self.assertEqual(page.status_code, 200)
        email = f"stelle-{number}@lindenhof.example"
        data = submission(email=email, centre_name=f"Stelle {number}")
        data.update(values)
        action, fields = easyform_post_data(page.text, data)
        return session.post(action, data=fields, timeout=60)

    def stored(self) -> int:
        transaction.begin()
        folder = onboarding_folder(self.berlin, create=False)
        return 0 if folder is None else len(folder.objectIds())

    def test_past_the_limit_429_in_german(self):
        with mock.patch.dict(os.environ, {throttle.ENV_PREFIX + "ONBOARDING": "2/600"}):
            for number in range(2):
                response = self.post(number)
                self.assertEqual(response.status_code, 200)
                self.assertIn("Vielen Dank für Ihre Anfrage", response.text)
            response = self.post(3)
        self.assertEqual(response.status_code, 429)
        self.assertIn("Zu viele Anfragen von Ihrer Adresse", response.text)
        self.assertIn("in 10 Minuten", response.text)
        self.assertTrue(0 < int(response.headers["Retry-After"]) <= 600)
        self.assertEqual(self.stored(), 2)

    def test_limit_off(self):
        with mock.patch.dict(os.environ, {throttle.ENV_PREFIX + "ONBOARDING": "off"}):
            for number in range(3):
                self.assertEqual(self.post(number).status_code, 200)
        self.assertEqual(self.stored(), 3)

    def test_filled_honeypot_stores_nothing(self):
        response = self.post(1, homepage="http://spam.example")
        self.assertNotIn("Vielen Dank für Ihre Anfrage", response.text)
        self.assertLess(response.status_code, 500)
        self.assertEqual(self.stored(), 0)

    def test_sent_too_fast_stores_nothing(self):
        with mock.patch.dict(os.environ, {honeypot.MIN_SECONDS_VARIABLE: "30"}):
            response = self.post(1)
        self.assertNotIn("Vielen Dank für Ihre Anfrage", response.text)
        self.assertIn("Das Formular wurde zu schnell abgeschickt", response.text)
        self.assertEqual(self.stored(), 0)

    def test_forged_timestamp_stores_nothing(self):
        self.enterContext(
            mock.patch.dict(os.environ, {honeypot.MIN_SECONDS_VARIABLE: "1"})
        )
        session = requests.Session()
        page = session.get(self.url("anbindung-beantragen"), timeout=60)
        action, fields = easyform_post_data(page.text, submission())
        fields = [
            (name, "1:forged" if name.endswith(honeypot.STARTED_SUFFIX) else value)
            for name, value in fields
        ]
        self.assertTrue(
            any(name.endswith(honeypot.STARTED_SUFFIX) for name, _ in fields), fields
        )
        response = session.post(action, data=fields, timeout=60)
        self.assertNotIn("Vielen Dank für Ihre Anfrage", response.text)
        self.assertEqual(self.stored(), 0)
