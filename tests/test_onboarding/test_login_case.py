"""Onboarded accounts log in with their address in any letter case (form, Basic auth, @login)."""

from plone import api
from test_onboarding.fixtures import form_inputs
from test_onboarding.fixtures import onboard
from test_onboarding.fixtures import PASSWORD
from test_onboarding.test_journey import JSON
from test_onboarding.test_journey import OnboardingHTTPTestCase
from urllib.parse import urljoin
import requests
import transaction


class TestLoginIgnoresCase(OnboardingHTTPTestCase):
    def test_login_transform_set_at_install(self):
        self.assertEqual(self.site.acl_users.login_transform, "lower")

    def login_form(self, login: str, password: str) -> requests.Session:
        """Log in through Classic UI's login form; the session carries the cookie."""
        session = requests.Session()
        page = session.get(self.url("login"), timeout=30)
        action, fields = form_inputs(page.text, "//form[.//input[@name='__ac_name']]")
        fields = [(k, v) for k, v in fields if k not in ("__ac_name", "__ac_password")]
        fields += [
            ("__ac_name", login),
            ("__ac_password", password),
            ("buttons.login", "Anmelden"),
        ]
        session.post(urljoin(page.url, action), data=fields, timeout=30)
        return session

    def test_onboarded_user_logs_in_with_the_address_as_typed(self):
        onboard(self.site, email="Erika.Test@Example.org")
        user = api.user.get(username="erika.test@example.org")
        self.assertIsNotNone(user)
        self.site.acl_users.userSetPassword(user.getId(), PASSWORD)
        transaction.commit()
        for login in ("Erika.Test@Example.org", "erika.test@example.org"):
            session = self.login_form(login, PASSWORD)
            self.assertIn("__ac", session.cookies)
            page = session.get(self.url(), timeout=30)
            self.assertIn("personaltools-logout", page.text, login)
        session = self.login_form("Erika.Test@Example.org", "falsch")
        page = session.get(self.url(), timeout=30)
        self.assertNotIn("personaltools-logout", page.text)
        # Basic authentication ignores the case as well.
        response = requests.get(
            self.url(f"++api++/@users/{user.getId()}"),
            auth=("ERIKA.TEST@example.org", PASSWORD),
            headers=JSON,
            timeout=30,
        )
        self.assertEqual(response.status_code, 200, response.text)
        # and so does the REST login of headless clients
        for login, status in (
            ("Erika.Test@Example.org", 200),
            ("ERIKA.TEST@EXAMPLE.ORG", 200),
            ("Erika.Test@Example.org-x", 401),
        ):
            response = requests.post(
                self.url("++api++/@login"),
                json={"login": login, "password": PASSWORD},
                headers=JSON,
                timeout=30,
            )
            self.assertEqual(response.status_code, status, (login, response.text))
            if status == 200:
                self.assertTrue(response.json()["token"])

    def test_existing_users_still_log_in(self):
        response = requests.get(
            self.url("++api++/@users/redaktion-berlin"),
            auth=("redaktion-berlin", PASSWORD),
            headers=JSON,
            timeout=30,
        )
        self.assertEqual(response.status_code, 200, response.text)
