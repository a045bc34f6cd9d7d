"""Login names of new accounts: Plone's ``portal_registration.isMemberIdAllowed``."""

from plone import api
from plone.app.testing import setRoles
from plone.app.testing import TEST_USER_ID
from sozialplattform.site.onboarding import provisioning
from sozialplattform.site.testing import INTEGRATION_TESTING
import unittest


class TestLoginNameWithSite(unittest.TestCase):
    layer = INTEGRATION_TESTING

    def setUp(self):
        setRoles(self.layer["portal"], TEST_USER_ID, ["Manager"])
        api.portal.set_registry_record("plone.use_email_as_login", False)

    def test_plone_rule(self):
        self.assertIsNone(provisioning.login_name_error("kim.muster@beispiel.example"))
        self.assertEqual(
            provisioning.login_name_error("o'neill@beispiel.example"),
            provisioning.LOGIN_REFUSED,
        )

    def test_an_existing_account_is_no_refusal(self):
        # isMemberIdAllowed refuses taken ids; provisioning reuses the account instead.
        api.user.create(
            email="kim.muster@beispiel.example",
            username="kim.muster@beispiel.example",
            password="a-long-secret-password",
        )
        self.assertIsNone(provisioning.login_name_error("Kim.Muster@beispiel.example"))
        registration = api.portal.get_tool("portal_registration")
        self.assertFalse(registration.isMemberIdAllowed("kim.muster@beispiel.example"))

    def test_a_group_id_is_refused(self):
        api.group.create(groupname="team-berlin")
        self.assertEqual(
            provisioning.login_name_error("team-berlin"), provisioning.LOGIN_REFUSED
        )
