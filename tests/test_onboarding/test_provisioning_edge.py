"""Provisioning edge cases: existing accounts (by login, never by e-mail property),
refused login names, empty AVV, withdrawal after access was granted."""

from datetime import datetime
from datetime import timedelta
from datetime import UTC
from plone import api
from plone.namedfile.file import NamedBlobFile
from Products.CMFCore.WorkflowCore import WorkflowException
from sozialplattform.site.onboarding import intake
from sozialplattform.site.onboarding import provisioning
from sozialplattform.site.onboarding import settings
from sozialplattform.site.onboarding.retention import purge_expired_requests
from test_onboarding.fixtures import onboard
from test_onboarding.fixtures import PASSWORD
from test_onboarding.fixtures import sign
from test_onboarding.fixtures import store
from test_onboarding.fixtures import submission
from test_onboarding.test_workflow import OnboardingTestCase
from test_onboarding.test_workflow import requests_in
from unittest import mock
from zope.i18n import translate
import unittest


APOSTROPHE = "o'neill@lindenhof.example"
#: The e-mail address of the fixtures' SUBMISSION, in lower case.
ADDRESS = "alex.beispiel@lindenhof.example"


def accounts_with(email: str) -> list[str]:
    return sorted(
        user.getId()
        for user in api.user.get_users()
        if (user.getProperty("email") or "").lower() == email.lower()
    )


def do(obj, transition: str, **kwargs) -> None:
    """The transition as the UIs call it (plone.api would hide the WorkflowException)."""
    api.portal.get_tool("portal_workflow").doActionFor(obj, transition, **kwargs)


def centres() -> list:
    catalog = api.portal.get_tool("portal_catalog")
    return catalog.unrestrictedSearchResults(portal_type="CounsellingCentre")


def existing_account(username: str, email: str = ADDRESS) -> None:
    """An account made before the onboarding, e.g. by hand for another purpose."""
    api.user.create(email=email, username=username, password=PASSWORD)


def grant_access(request) -> None:
    """send_avv, the signatures, confirm_signatures and grant_access as Berlin's editor."""
    with api.env.adopt_user(username="redaktion-berlin"):
        do(request, "send_avv")
        sign(request)
        do(request, "confirm_signatures")
        do(request, "grant_access")


class TestExistingAccount(OnboardingTestCase):
    """Only the account whose login name is the address is the applicant's."""

    def test_account_with_the_address_as_login_is_reused(self):
        existing_account(ADDRESS)
        request = onboard(self.portal)
        self.assertEqual(api.content.get_state(request), "access_granted")
        self.assertEqual(request.user_id, ADDRESS)
        self.assertEqual(accounts_with(ADDRESS), [ADDRESS])
        centre = api.content.get(UID=request.centre_uid)
        self.assertIn("CentreEditor", api.user.get_roles(username=ADDRESS, obj=centre))

    def test_account_with_only_the_e_mail_property_gets_nothing(self):
        existing_account("abeispiel", email="ALEX.BEISPIEL@lindenhof.example")
        request = onboard(self.portal)
        self.assertEqual(api.content.get_state(request), "access_granted")
        self.assertEqual(request.user_id, ADDRESS)
        centre = api.content.get(UID=request.centre_uid)
        self.assertNotIn("abeispiel", dict(centre.get_local_roles()))
        self.assertIn("CentreEditor", api.user.get_roles(username=ADDRESS, obj=centre))

    def test_access_mail_names_the_existing_login(self):
        existing_account(ADDRESS)
        request = store(self.portal)
        sign(request)
        access = provisioning.provision(request)
        self.assertTrue(access.existing_account)
        self.assertEqual((access.user_id, access.login), (ADDRESS, ADDRESS))
        self.assertIn("userid=alex.beispiel", access.reset_url)

    def test_access_mail_does_not_call_an_old_login_an_e_mail_address(self):
        from sozialplattform.site.onboarding import mails

        request = onboard(self.portal)
        centre = api.content.get(UID=request.centre_uid)
        texts = {}
        for existing in (False, True):
            message = mails.send_access(
                request,
                self.berlin,
                centre=centre,
                login="abeispiel" if existing else request.email,
                reset_url="http://example.invalid/reset",
                expires="01.01.2030",
                existing_account=existing,
            )
            texts[existing] = message.get_body(("plain",)).get_content()
        self.assertIn("Your user name is your e-mail address", texts[False])
        self.assertNotIn("Your user name is your e-mail address", texts[True])
        self.assertIn("Log in with your existing user name: abeispiel", texts[True])

    def test_several_accounts_with_the_address_do_not_block_the_applicant(self):
        for username in ("abeispiel", "alex"):
            existing_account(username)
        request = store(self.portal)
        grant_access(request)
        self.assertEqual(api.content.get_state(request), "access_granted")
        self.assertEqual(request.user_id, ADDRESS)
        centre = api.content.get(UID=request.centre_uid)
        for username in ("abeispiel", "alex"):
            self.assertNotIn(username, dict(centre.get_local_roles()))


class TestLoginNames(OnboardingTestCase):
    def test_intake_refuses_an_address_plone_cannot_use_as_login(self):
        values, errors = intake.validate_submission(submission(email=APOSTROPHE))
        self.assertEqual(set(errors), {"email"})
        self.assertEqual(errors["email"], provisioning.LOGIN_REFUSED)
        self.assertEqual(values, {})

    def test_intake_accepts_plus_addresses(self):
        values, errors = intake.validate_submission(
            submission(email="alex+anbindung@lindenhof.example")
        )
        self.assertEqual(errors, {})

    def test_grant_access_refuses_before_anything_changes(self):
        request = store(self.portal)
        request.email = APOSTROPHE
        before = len(centres())
        with self.assertRaises(WorkflowException) as raised:
            grant_access(request)
        self.assertEqual(
            str(raised.exception),
            translate(provisioning.LOGIN_REFUSED, context=self.request),
        )
        self.assertEqual(api.content.get_state(request), "avv_signed")
        self.assertEqual(len(centres()), before)
        self.assertIsNone(request.centre_uid)
        self.assertEqual(accounts_with(APOSTROPHE), [])

    def test_a_value_error_of_plone_becomes_a_workflow_exception(self):
        with mock.patch(
            "plone.api.user.create",
            side_effect=ValueError("The login name you selected is already in use."),
        ):
            with self.assertRaises(WorkflowException) as raised:
                provisioning.ensure_user("neu@lindenhof.example", "Neu")
        self.assertIsInstance(raised.exception, provisioning.ProvisioningError)
        self.assertIn("neu@lindenhof.example", str(raised.exception))
        self.assertIn("already in use", str(raised.exception))


class TestAvvWithoutData(OnboardingTestCase):
    def test_send_avv_refuses_a_file_without_data(self):
        avv = settings.avv_file()
        avv.file = NamedBlobFile(
            data=b"", filename="leer.pdf", contentType="application/pdf"
        )
        request = store(self.portal)
        with self.assertRaises(WorkflowException) as raised:
            do(request, "send_avv")
        self.assertIn(avv.Title(), str(raised.exception))
        self.assertEqual(api.content.get_state(request), "new")

    def test_send_avv_refuses_a_file_object_without_file(self):
        settings.avv_file().file = None
        request = store(self.portal)
        with self.assertRaises(WorkflowException):
            do(request, "send_avv")
        self.assertEqual(api.content.get_state(request), "new")


class TestWithdrawAfterAccess(OnboardingTestCase):
    def test_withdraw_is_offered_and_needs_a_reason(self):
        request = onboard(self.portal)
        workflow = api.portal.get_tool("portal_workflow")
        with api.env.adopt_user(username="redaktion-berlin"):
            offered = [t["id"] for t in workflow.getTransitionsFor(request)]
            self.assertIn("withdraw", offered)
            with self.assertRaises(WorkflowException):
                do(request, "withdraw")
        self.assertEqual(api.content.get_state(request), "access_granted")

    def test_withdrawn_centre_editor_loses_the_role_and_retention_applies(self):
        request = onboard(self.portal)
        centre = api.content.get(UID=request.centre_uid)
        user_id = request.user_id
        self.assertIn("CentreEditor", centre.get_local_roles_for_userid(user_id))
        with api.env.adopt_user(username="redaktion-berlin"):
            api.content.transition(
                request,
                transition="withdraw",
                comment="Die Beratungsstelle hat sich nie angemeldet.",
            )
        self.assertEqual(api.content.get_state(request), "withdrawn")
        self.assertNotIn("CentreEditor", centre.get_local_roles_for_userid(user_id))
        later = datetime.now(UTC) + timedelta(days=settings.retention_days() + 1)
        removed = purge_expired_requests(self.portal, later)
        self.assertEqual(removed, ["/".join(request.getPhysicalPath())])
        self.assertEqual(requests_in(self.portal), [])


class TestLoginNameWithoutSite(unittest.TestCase):
    """The intake rules also run without Plone (plain validation of a submission)."""

    def test_plone_default_rule(self):
        self.assertEqual(
            provisioning.login_name_error(APOSTROPHE), provisioning.LOGIN_REFUSED
        )
        self.assertIsNone(provisioning.login_name_error("kim.muster@beispiel.example"))
        _values, errors = intake.validate_submission(submission(email=APOSTROPHE))
        self.assertEqual(set(errors), {"email"})
