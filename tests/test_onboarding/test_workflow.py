"""Storage, privacy, duplicates, guards, provisioning and retention of onboarding requests."""

from datetime import datetime
from datetime import timedelta
from datetime import UTC
from plone import api
from Products.CMFCore.WorkflowCore import WorkflowException
from Products.PlonePAS.events import UserLoggedInEvent
from sozialplattform.site.functions.gating import grants
from sozialplattform.site.onboarding import settings
from sozialplattform.site.onboarding.action import submit
from sozialplattform.site.onboarding.interfaces import IOnboardingRequest
from sozialplattform.site.onboarding.retention import purge_expired_requests
from sozialplattform.site.onboarding.setup import create_interest_form
from sozialplattform.site.testing import INTEGRATION_TESTING
from test_onboarding.fixtures import configure_state
from test_onboarding.fixtures import onboard
from test_onboarding.fixtures import set_up_onboarding
from test_onboarding.fixtures import sign
from test_onboarding.fixtures import state_editor
from test_onboarding.fixtures import store
from test_onboarding.fixtures import submission
from zope.event import notify
import unittest


def requests_in(portal) -> list:
    catalog = api.portal.get_tool("portal_catalog")
    return [
        brain._unrestrictedGetObject()
        for brain in catalog.unrestrictedSearchResults(portal_type="OnboardingRequest")
    ]


class OnboardingTestCase(unittest.TestCase):
    layer = INTEGRATION_TESTING

    def setUp(self):
        self.portal = self.layer["portal"]
        self.request = self.layer["request"]
        set_up_onboarding(self.portal)
        self.berlin = configure_state(
            self.portal,
            "berlin",
            email="land@berlin.example",
            booking=True,
            name="Kim Muster",
        )
        state_editor("berlin", "redaktion-berlin")
        state_editor("bayern", "redaktion-bayern")


class TestIntake(OnboardingTestCase):
    def test_submission_is_stored_in_the_private_folder_of_the_state(self):
        self.assertIsNone(submit(submission(), self.request))
        (request,) = requests_in(self.portal)
        self.assertEqual(request.aq_parent.getId(), "anbindung")
        self.assertEqual(request.aq_parent.aq_parent, self.berlin)
        self.assertEqual(api.content.get_state(request), "new")
        self.assertEqual(request.title, "Beratungsstelle Lindenhof")
        self.assertEqual(request.email, "Alex.Beispiel@lindenhof.example")
        self.assertEqual(request.wanted_functions, ["finder", "booking", "counselling"])
        self.assertIsNotNone(request.consent_date)

    def test_corrected_state_decides_the_folder(self):
        submit(
            submission(postcode="12529", city="Berlin", state="berlin"), self.request
        )
        (request,) = requests_in(self.portal)
        self.assertEqual(request.aq_parent.aq_parent, self.berlin)

    def test_errors_are_returned_per_field_and_nothing_is_stored(self):
        errors = submit(submission(postcode="99999", homepage="spam"), self.request)
        self.assertEqual(set(errors), {"postcode", "homepage"})
        self.assertEqual(requests_in(self.portal), [])
        self.assertNotIn("anbindung", self.berlin)

    def test_duplicate_is_linked_not_duplicated(self):
        submit(submission(), self.request)
        errors = submit(
            submission(
                email="alex.beispiel@LINDENHOF.example",
                message="Zweiter Versuch: bitte auch Online-Beratung.",
            ),
            self.request,
        )
        self.assertIsNone(errors)
        (request,) = requests_in(self.portal)
        self.assertIn("Zweiter Versuch: bitte auch Online-Beratung.", request.notes)

    def test_same_email_other_postcode_is_a_new_request(self):
        submit(submission(), self.request)
        submit(submission(postcode="10117"), self.request)
        self.assertEqual(len(requests_in(self.portal)), 2)

    def test_closed_request_is_no_duplicate(self):
        first = store(self.portal)
        api.content.transition(
            first, transition="withdraw", comment="Doppelt angelegt."
        )
        submit(submission(), self.request)
        self.assertEqual(len(requests_in(self.portal)), 2)


class TestPrivacy(OnboardingTestCase):
    def setUp(self):
        super().setUp()
        self.obj = store(self.portal)
        centre_editor = api.user.create(
            email="ce@zentrum.example", username="centre-editor", password="x" * 12
        )
        self.assertIsNotNone(centre_editor)

    def can_view(self, username) -> bool:
        with api.env.adopt_user(username=username):
            return bool(api.user.has_permission("View", obj=self.obj))

    def found_by(self, username) -> int:
        with api.env.adopt_user(username=username):
            return len(api.content.find(portal_type="OnboardingRequest"))

    def test_only_the_states_editors_and_admins_see_requests(self):
        self.assertTrue(self.can_view("redaktion-berlin"))
        self.assertFalse(self.can_view("redaktion-bayern"))
        self.assertFalse(self.can_view("centre-editor"))
        self.assertEqual(self.found_by("redaktion-berlin"), 1)
        self.assertEqual(self.found_by("redaktion-bayern"), 0)
        self.assertEqual(self.found_by("centre-editor"), 0)

    def test_anonymous_sees_neither_folder_nor_request(self):
        folder = self.obj.aq_parent
        with api.env.adopt_roles(["Anonymous"]):
            self.assertFalse(api.user.has_permission("View", obj=folder))
            self.assertFalse(api.user.has_permission("View", obj=self.obj))

    def test_other_states_editor_cannot_move_the_request(self):
        workflow = api.portal.get_tool("portal_workflow")
        with api.env.adopt_user(username="redaktion-bayern"):
            with self.assertRaises(WorkflowException):
                workflow.doActionFor(self.obj, "send_avv")
        self.assertEqual(api.content.get_state(self.obj), "new")

    def test_signed_avv_readable_only_with_manage_onboarding(self):
        from plone.autoform.interfaces import READ_PERMISSIONS_KEY

        permissions = IOnboardingRequest.queryTaggedValue(READ_PERMISSIONS_KEY)
        self.assertEqual(permissions["signed_avv"], "sozialplattform.ManageOnboarding")
        with api.env.adopt_user(username="redaktion-berlin"):
            self.assertTrue(
                api.user.has_permission(
                    "sozialplattform.site: Manage onboarding", obj=self.obj
                )
            )
        with api.env.adopt_user(username="centre-editor"):
            self.assertFalse(
                api.user.has_permission(
                    "sozialplattform.site: Manage onboarding", obj=self.obj
                )
            )


class TestGuards(OnboardingTestCase):
    def setUp(self):
        super().setUp()
        self.obj = store(self.portal)

    def transition(self, name, **kw):
        """As plone.restapi's @workflow does it (plone.api hides the message)."""
        workflow = api.portal.get_tool("portal_workflow")
        with api.env.adopt_user(username="redaktion-berlin"):
            workflow.doActionFor(self.obj, name, **kw)

    def test_reject_and_withdraw_need_a_reason(self):
        for name in ("reject", "withdraw"):
            with self.assertRaises(WorkflowException):
                self.transition(name)
            with self.assertRaises(WorkflowException):
                self.transition(name, comment="   ")
        self.assertEqual(api.content.get_state(self.obj), "new")
        self.transition("reject", comment="Keine Beratungsstelle.")
        self.assertEqual(api.content.get_state(self.obj), "rejected")
        last = self.obj.workflow_history["onboarding_workflow"][-1]
        self.assertEqual(last["comments"], "Keine Beratungsstelle.")
        self.assertEqual(last["actor"], "redaktion-berlin")

    def test_send_avv_needs_the_avv_document(self):
        api.portal.set_registry_record("sozialplattform.onboarding.avv_file_uid", "")
        with self.assertRaises(WorkflowException) as raised:
            self.transition("send_avv")
        self.assertIn("AVV", str(raised.exception))
        self.assertEqual(api.content.get_state(self.obj), "new")

    def test_signed_needs_both_dates_and_the_pdf(self):
        self.transition("send_avv")
        with self.assertRaises(WorkflowException) as raised:
            self.transition("confirm_signatures")
        message = str(raised.exception)
        self.assertIn("centre", message)
        self.assertIn("responsible person", message)
        self.assertIn("PDF", message)
        sign(self.obj)
        self.obj.state_signature_date = None
        with self.assertRaises(WorkflowException) as raised:
            self.transition("confirm_signatures")
        self.assertNotIn("PDF", str(raised.exception))
        self.assertEqual(api.content.get_state(self.obj), "avv_sent")
        sign(self.obj)
        self.transition("confirm_signatures")
        self.assertEqual(api.content.get_state(self.obj), "avv_signed")

    def test_signed_avv_must_be_a_pdf(self):
        from plone.namedfile.file import NamedBlobFile

        self.transition("send_avv")
        sign(self.obj)
        self.obj.signed_avv = NamedBlobFile(
            data=b"GIF89a...", filename="scan.pdf", contentType="application/pdf"
        )
        with self.assertRaises(WorkflowException) as raised:
            self.transition("confirm_signatures")
        self.assertIn("PDF", str(raised.exception))
        self.assertEqual(api.content.get_state(self.obj), "avv_sent")

    def test_no_access_before_both_signatures(self):
        self.transition("send_avv")
        with self.assertRaises(WorkflowException):
            self.transition("grant_access")  # not even offered before avv_signed
        sign(self.obj)
        self.transition("confirm_signatures")
        self.obj.centre_signature_date = None
        with self.assertRaises(WorkflowException):
            self.transition("grant_access")
        self.assertEqual(api.content.get_state(self.obj), "avv_signed")
        self.assertIsNone(api.user.get(username="alex.beispiel@lindenhof.example"))
        self.assertEqual(len(api.content.find(portal_type="CounsellingCentre")), 0)


class TestAccess(OnboardingTestCase):
    def setUp(self):
        super().setUp()
        self.obj = onboard(self.portal)

    def test_user_centre_role_and_grants(self):
        user = api.user.get(username="alex.beispiel@lindenhof.example")
        self.assertEqual(user.getProperty("email"), "alex.beispiel@lindenhof.example")
        self.assertEqual(user.getProperty("fullname"), "Alex Beispiel")
        centre = api.content.get(UID=self.obj.centre_uid)
        self.assertEqual(centre.aq_parent, self.berlin)
        self.assertEqual(api.content.get_state(centre), "draft")
        self.assertEqual(centre.title, "Beratungsstelle Lindenhof")
        self.assertEqual(centre.postcode, "10115")
        self.assertEqual(centre.carrier, "Verein Lindenhof e. V.")
        self.assertEqual(
            centre.external_booking_url, "https://termine.lindenhof.example/buchen"
        )
        self.assertIn(
            "CentreEditor", api.user.get_roles(user=user, obj=centre, inherit=False)
        )
        self.assertEqual(self.obj.user_id, user.getId())
        # Berlin takes part in booking only: counselling was wanted but is not granted.
        self.assertEqual(self.obj.granted_functions, ["finder", "booking"])
        self.assertEqual(grants(centre), {"finder", "booking"})
        self.assertEqual(api.content.get_state(self.obj), "access_granted")

    def test_one_time_reset_link_is_requested(self):
        tool = api.portal.get_tool("portal_password_reset")
        stored = [userid for userid, _expiry in tool._requests.values()]
        self.assertEqual(stored, [self.obj.user_id])

    def test_first_login_activates_and_is_logged(self):
        user = api.user.get(userid=self.obj.user_id).getUser()
        with api.env.adopt_user(user=user):
            notify(UserLoggedInEvent(user))
        self.assertEqual(api.content.get_state(self.obj), "active")
        last = self.obj.workflow_history["onboarding_workflow"][-1]
        self.assertEqual(last["action"], "activate")
        self.assertEqual(last["actor"], self.obj.user_id)
        # A second login changes nothing.
        notify(UserLoggedInEvent(user))
        self.assertEqual(len(self.obj.workflow_history["onboarding_workflow"]), 5)

    def test_login_of_someone_else_changes_nothing(self):
        other = api.user.get(username="redaktion-berlin").getUser()
        notify(UserLoggedInEvent(other))
        self.assertEqual(api.content.get_state(self.obj), "access_granted")

    def test_existing_account_is_reused(self):
        second = onboard(self.portal, postcode="10117", centre_name="Zweigstelle Mitte")
        self.assertEqual(second.user_id, self.obj.user_id)
        self.assertNotEqual(second.centre_uid, self.obj.centre_uid)

    def test_request_view_shows_the_history(self):
        with api.env.adopt_user(username="redaktion-berlin"):
            html = self.obj.restrictedTraverse("@@view")()
        self.assertIn("Grant access", html)
        self.assertIn("Confirm signatures", html)
        self.assertIn("redaktion-berlin", html)
        self.assertIn("avv-unterschrieben.pdf", html)


class TestRetention(OnboardingTestCase):
    def test_closed_requests_are_deleted_after_the_retention_period(self):
        rejected = store(self.portal)
        withdrawn = store(self.portal, postcode="10117")
        still_open = store(self.portal, postcode="10119")
        api.content.transition(rejected, transition="reject", comment="Kein Bedarf.")
        api.content.transition(
            withdrawn, transition="withdraw", comment="Zurückgezogen."
        )
        rejected_path = "/".join(rejected.getPhysicalPath())
        now = datetime.now(UTC)
        self.assertEqual(
            purge_expired_requests(self.portal, now + timedelta(days=89)), []
        )
        removed = purge_expired_requests(self.portal, now + timedelta(days=91))
        self.assertEqual(len(removed), 2)
        self.assertIn(rejected_path, removed)
        self.assertEqual(requests_in(self.portal), [still_open])
        catalog = api.portal.get_tool("portal_catalog")
        self.assertEqual(
            len(catalog.unrestrictedSearchResults(SearchableText="Lindenhof")), 1
        )

    def test_retention_period_from_the_registry(self):
        rejected = store(self.portal)
        api.content.transition(rejected, transition="reject", comment="Kein Bedarf.")
        api.portal.set_registry_record("sozialplattform.onboarding.retention_days", 10)
        self.assertEqual(settings.retention_days(), 10)
        later = datetime.now(UTC) + timedelta(days=11)
        self.assertEqual(len(purge_expired_requests(self.portal, later)), 1)


class TestInterestForm(OnboardingTestCase):
    def test_form_model_fields_and_action(self):
        from collective.easyform.api import get_actions
        from collective.easyform.api import get_schema

        form = create_interest_form(self.portal)
        self.assertEqual(
            list(get_schema(form)),
            [
                "centre_name",
                "carrier",
                "street",
                "postcode",
                "city",
                "state",
                "contact_name",
                "email",
                "phone",
                "functions",
                "booking_tool_url",
                "counselling_tool_url",
                "message",
                "privacy",
                "homepage",
            ],
        )
        self.assertEqual(list(get_actions(form)), ["onboarding_request"])
        self.assertEqual(len(get_schema(form)["state"].vocabulary), 16)
        self.assertEqual(create_interest_form(self.portal).UID(), form.UID())

    def test_avv_template_is_a_pdf_and_registered(self):
        avv = settings.avv_file()
        self.assertEqual(avv.portal_type, "File")
        data = avv.file.data
        self.assertTrue(data.startswith(b"%PDF-1.4"))
        self.assertTrue(data.rstrip().endswith(b"%%EOF"))
        xref = int(data.rsplit(b"startxref", 1)[1].split()[0])
        self.assertTrue(data[xref:].startswith(b"xref"))
