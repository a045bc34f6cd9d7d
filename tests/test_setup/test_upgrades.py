"""Upgrade steps bring a site of an older profile version to the current one."""

from plone import api
from sozialplattform.site.testing import INTEGRATION_TESTING
import unittest


PROFILE = "sozialplattform.site:default"


class UpgradeTestCase(unittest.TestCase):
    """A site set back to an older profile version, upgraded to the current one."""

    layer = INTEGRATION_TESTING

    def setUp(self):
        self.portal = self.layer["portal"]
        self.setup = api.portal.get_tool("portal_setup")

    def run_upgrades_from(self, version: str) -> None:
        self.setup.setLastVersionForProfile(PROFILE, version)
        steps = self.setup.listUpgrades(PROFILE)
        self.assertTrue(steps, "no upgrade step from " + version)
        self.setup.upgradeProfile(PROFILE)
        self.assertEqual(
            self.setup.getLastVersionForProfile(PROFILE),
            tuple(self.setup.getVersionForProfile(PROFILE).split(".")),
        )


class TestUpgrade20261203001(UpgradeTestCase):
    """1000 -> 20261203001: rolemap, versioning modifiers, logo types."""

    def test_rolemap_reimported(self):
        permission = "List portal members"
        self.portal.manage_permission(permission, ["Member", "Manager"], acquire=True)
        self.run_upgrades_from("1000")
        roles = {
            role["name"]
            for role in self.portal.rolesOfPermission(permission)
            if role["selected"]
        }
        self.assertNotIn("Member", roles)
        self.assertIn("Manager", roles)

    def test_sharing_modifier_enabled(self):
        modifiers = api.portal.get_tool("portal_modifier")
        for modifier_id in modifiers.objectIds():
            if "Sharing" in modifier_id:
                modifiers[modifier_id].edit(enabled=False)
                break
        else:
            self.fail("no sharing modifier installed")
        self.assertFalse(modifiers[modifier_id].isEnabled())
        self.run_upgrades_from("1000")
        self.assertTrue(modifiers[modifier_id].isEnabled())

    def test_request_folders_lose_their_ordering_list(self):
        from plone.app.testing import setRoles
        from plone.app.testing import TEST_USER_ID
        from plone.dexterity.utils import createContentInContainer
        from plone.folder.default import DefaultOrdering
        from sozialplattform.site.content.structure import FOLDER_ID
        from sozialplattform.site.onboarding.content import onboarding_folder
        from zope.annotation.interfaces import IAnnotations

        setRoles(self.portal, TEST_USER_ID, ["Manager"])
        folder = onboarding_folder(self.portal[FOLDER_ID]["berlin"])
        folder.setOrdering("")  # as folders were before: the default, ordered
        request = createContentInContainer(
            folder, "OnboardingRequest", checkConstraints=False, id="anfrage-alt"
        )
        self.assertIn(DefaultOrdering.ORDER_KEY, IAnnotations(folder))
        self.run_upgrades_from("1000")
        self.assertNotIn(DefaultOrdering.ORDER_KEY, IAnnotations(folder))
        self.assertEqual(folder.getOrdering().__class__.__name__, "UnorderedOrdering")
        self.assertIn(request.getId(), folder.objectIds())


class TestUpgrade20261203002(UpgradeTestCase):
    """20261203001 -> 20261203002: the address behaviour, page-weight registry records."""

    def test_types_get_the_postal_address_behaviour(self):
        types = api.portal.get_tool("portal_types")
        for name in ("CounsellingCentre", "OnboardingRequest"):
            fti = types[name]
            fti.behaviors = tuple(
                b for b in fti.behaviors if b != "sozialplattform.postal_address"
            )
        self.run_upgrades_from("20261203001")
        for name in ("CounsellingCentre", "OnboardingRequest"):
            self.assertIn("sozialplattform.postal_address", types[name].behaviors)

    def test_editing_bundle_for_members_only(self):
        record = "plone.bundles/plone.expression"
        api.portal.set_registry_record(record, "")
        self.run_upgrades_from("20261203001")
        self.assertEqual(
            api.portal.get_registry_record(record), "python: member is not None"
        )

    def test_operator_settings_in_other_registry_files_are_kept(self):
        from plone.registry.interfaces import IRegistry
        from zope.component import getUtility

        registry = getUtility(IRegistry)
        name = next(
            key
            for key in registry.records
            if key.startswith("sozialplattform.")
            and not key.startswith("sozialplattform.branding.")  # colours: 7 chars
            and isinstance(registry[key], str)
        )
        registry[name] = "set by the operator"
        self.run_upgrades_from("20261203001")
        self.assertEqual(registry[name], "set by the operator")

    def test_operator_settings_panel_and_legal_pages(self):
        from plone.registry.interfaces import IRegistry
        from zope.component import getUtility

        registry = getUtility(IRegistry)
        names = [
            n for n in registry.records if n.startswith("sozialplattform.operator.")
        ]
        self.assertTrue(names)
        for name in names:
            del registry.records[name]
        controlpanel = api.portal.get_tool("portal_controlpanel")
        controlpanel.unregisterConfiglet("sozialplattform-operator")
        self.run_upgrades_from("20261203001")
        self.assertEqual(
            sorted(
                n for n in registry.records if n.startswith("sozialplattform.operator.")
            ),
            sorted(names),
        )
        self.assertIn(
            "sozialplattform-operator",
            [action.getId() for action in controlpanel.listActions()],
        )
        self.assertEqual(self.portal["kontakt"].getLayout(), "legal-contact")


class TestUpgrade20261203003(UpgradeTestCase):
    """20261203002 -> 20261203003: the platform's own pages, viewlets and tab."""

    def test_centre_folder_and_states_get_their_views(self):
        from sozialplattform.site.content.structure import FOLDER_ID

        folder = self.portal[FOLDER_ID]
        berlin = folder["berlin"]
        folder.setLayout("folder_contents")
        berlin.setLayout("view")
        self.run_upgrades_from("20261203002")
        self.assertEqual(folder.getLayout(), "centres_view")
        self.assertEqual(berlin.getLayout(), "state_view")

    def test_finder_tab_and_skip_link_first(self):
        from plone.app.viewletmanager.interfaces import IViewletSettingsStorage
        from zope.component import getUtility

        tabs = api.portal.get_tool("portal_actions").portal_tabs
        tabs.manage_delObjects(["finder"])
        storage = getUtility(IViewletSettingsStorage)
        header = storage.getOrder("plone.portalheader", "Plone Default")
        storage.setOrder(
            "plone.portalheader",
            "Plone Default",
            tuple(name for name in header if name != "sozialplattform.skiplinks"),
        )
        self.run_upgrades_from("20261203002")
        self.assertIn("finder", tabs.objectIds())
        header = storage.getOrder("plone.portalheader", "Plone Default")
        self.assertEqual(header[0], "sozialplattform.skiplinks")

    def test_booking_types_workflows_and_role(self):
        types = api.portal.get_tool("portal_types")
        workflow = api.portal.get_tool("portal_workflow")
        types.manage_delObjects(["Booking", "AppointmentType", "BookingFolder"])
        workflow.manage_delObjects(["booking_workflow", "booking_folder_workflow"])
        self.run_upgrades_from("20261203002")
        self.assertIn("Booking", types.objectIds())
        self.assertIn(
            "AppointmentType", types["CounsellingCentre"].allowed_content_types
        )
        self.assertEqual(
            workflow.getChainForPortalType("Booking"), ("booking_workflow",)
        )
        self.assertEqual(workflow.getChainForPortalType("AppointmentType"), ())
        self.assertIn("CentreCounsellor", self.portal.valid_roles())

    def test_interest_form_gets_the_current_fields(self):
        from sozialplattform.site.onboarding import FORM_ID
        from sozialplattform.site.onboarding.setup import create_interest_form
        from sozialplattform.site.onboarding.setup import FIELDS_MODEL

        with api.env.adopt_roles(["Manager"]):
            create_interest_form(self.portal)
        form = self.portal[FORM_ID]
        form.fields_model = FIELDS_MODEL.replace("sozialplattform.login_email", "")
        self.run_upgrades_from("20261203002")
        self.assertEqual(form.fields_model, FIELDS_MODEL)

    def test_branding_settings_and_panel(self):
        from plone.registry.interfaces import IRegistry
        from zope.component import getUtility

        registry = getUtility(IRegistry)
        names = [
            n for n in registry.records if n.startswith("sozialplattform.branding.")
        ]
        self.assertTrue(names)
        for name in names:
            del registry.records[name]
        controlpanel = api.portal.get_tool("portal_controlpanel")
        controlpanel.unregisterConfiglet("sozialplattform-branding")
        self.run_upgrades_from("20261203002")
        self.assertEqual(
            sorted(
                n for n in registry.records if n.startswith("sozialplattform.branding.")
            ),
            sorted(names),
        )
        self.assertEqual(
            registry["sozialplattform.branding.site_name"], "Sozialplattform"
        )
        self.assertIn(
            "sozialplattform-branding",
            [action.getId() for action in controlpanel.listActions()],
        )

    def test_branding_settings_of_the_operator_are_kept(self):
        from plone.registry.interfaces import IRegistry
        from zope.component import getUtility

        registry = getUtility(IRegistry)
        registry["sozialplattform.branding.site_name"] = "Landesportal"
        self.run_upgrades_from("20261203002")
        self.assertEqual(registry["sozialplattform.branding.site_name"], "Landesportal")

    def test_booking_settings_and_panel(self):
        from plone.registry.interfaces import IRegistry
        from zope.component import getUtility

        registry = getUtility(IRegistry)
        names = [
            n for n in registry.records if n.startswith("sozialplattform.booking.")
        ]
        self.assertEqual(
            sorted(names),
            [
                "sozialplattform.booking.reminder_hours",
                "sozialplattform.booking.retention_days",
            ],
        )
        for name in names:
            del registry.records[name]
        controlpanel = api.portal.get_tool("portal_controlpanel")
        controlpanel.unregisterConfiglet("sozialplattform-booking")
        self.run_upgrades_from("20261203002")
        self.assertEqual(registry["sozialplattform.booking.retention_days"], 30)
        self.assertEqual(registry["sozialplattform.booking.reminder_hours"], 24)
        self.assertIn(
            "sozialplattform-booking",
            [action.getId() for action in controlpanel.listActions()],
        )

    def test_booking_settings_of_the_operator_are_kept(self):
        api.portal.set_registry_record("sozialplattform.booking.retention_days", 14)
        self.run_upgrades_from("20261203002")
        self.assertEqual(
            api.portal.get_registry_record("sozialplattform.booking.retention_days"), 14
        )

    def test_booking_summaries_in_the_catalog(self):
        from plone.app.testing import setRoles
        from plone.app.testing import TEST_USER_ID
        from sozialplattform.site.booking import summary

        setRoles(self.portal, TEST_USER_ID, ["Manager"])
        centre = api.content.create(
            container=self.portal["beratungsstellen"]["berlin"],
            type="CounsellingCentre",
            id="mit-terminen",
            title="Mit Terminen",
        )
        api.content.create(
            container=centre,
            type="AppointmentType",
            id="gespraech",
            title="Gespräch",
            duration=30,
            availability=[{"day": "mon", "start": "09:00", "end": "12:00"}],
        )
        catalog = api.portal.get_tool("portal_catalog")
        catalog.delIndex(summary.INDEX)
        catalog.delColumn(summary.COLUMN)
        self.run_upgrades_from("20261203002")
        found = catalog.unrestrictedSearchResults(**{summary.INDEX: True})
        self.assertEqual([brain.getId for brain in found], ["mit-terminen"])
        self.assertEqual(found[0].booking_summary[0][0], "on_site")
        self.assertTrue(found[0].booking_summary[0][2])


class TestUpgrade20261207001(UpgradeTestCase):
    """20261203003 -> 20261207001: video counselling (Jitsi Meet)."""

    def test_jitsi_records_and_control_panel(self):
        from plone.registry.interfaces import IRegistry
        from sozialplattform.site.jitsi import settings
        from zope.component import getUtility

        registry = getUtility(IRegistry)
        for name in settings.FIELDS:
            del registry.records[f"{settings.RECORD_PREFIX}.{name}"]
        controlpanel = api.portal.get_tool("portal_controlpanel")
        controlpanel.unregisterConfiglet(settings.CONFIGLET_ID)
        self.run_upgrades_from("20261203003")
        self.assertTrue(registry[f"{settings.RECORD_PREFIX}.lobby"])
        self.assertEqual(registry[f"{settings.RECORD_PREFIX}.open_before_minutes"], 15)
        self.assertIn(
            settings.CONFIGLET_ID,
            [action.getId() for action in controlpanel.listActions()],
        )

    def test_caching_rules_for_personal_pages_and_the_finder(self):
        from plone.caching.interfaces import ICacheSettings
        from plone.registry.interfaces import IRegistry
        from sozialplattform.site.upgrades import v20261207001
        from zope.component import getUtility

        registry = getUtility(IRegistry)
        settings = registry.forInterface(ICacheSettings)
        mapping = dict(settings.operationMapping)
        del mapping["sozialplattform.personal"]
        mapping["operator.own"] = "plone.app.caching.noCaching"
        settings.operationMapping = mapping
        del registry.records[v20261207001.FINDER_LAST_MODIFIED]
        self.run_upgrades_from("20261203003")
        mapping = settings.operationMapping
        self.assertEqual(mapping["sozialplattform.personal"], "sozialplattform.noStore")
        self.assertEqual(mapping["operator.own"], "plone.app.caching.noCaching")
        self.assertEqual(
            mapping["sozialplattform.finder"], "plone.app.caching.moderateCaching"
        )
        self.assertTrue(registry[v20261207001.FINDER_LAST_MODIFIED])

    def test_written_counselling_types_workflow_records_and_panel(self):
        from plone.registry.interfaces import IRegistry
        from sozialplattform.site.counselling import settings
        from zope.component import getUtility

        registry = getUtility(IRegistry)
        for name in ("closed_retention_days", "inactive_retention_days"):
            del registry.records[f"{settings.RECORD_PREFIX}.{name}"]
        types = api.portal.get_tool("portal_types")
        types.manage_delObjects(["ConversationFolder", "Conversation"])
        workflow = api.portal.get_tool("portal_workflow")
        workflow.manage_delObjects(["conversation_folder_workflow"])
        self.portal.manage_permission("sozialplattform.site: Read conversations", [])
        controlpanel = api.portal.get_tool("portal_controlpanel")
        controlpanel.unregisterConfiglet(settings.CONFIGLET_ID)
        self.run_upgrades_from("20261203003")
        self.assertEqual(
            registry[f"{settings.RECORD_PREFIX}.closed_retention_days"], 30
        )
        self.assertEqual(
            registry[f"{settings.RECORD_PREFIX}.inactive_retention_days"], 180
        )
        self.assertIn("ConversationFolder", types)
        self.assertIn("Conversation", types)
        self.assertEqual(
            workflow.getChainForPortalType("ConversationFolder"),
            ("conversation_folder_workflow",),
        )
        roles = {
            role["name"]
            for role in self.portal.rolesOfPermission(
                "sozialplattform.site: Read conversations"
            )
            if role["selected"]
        }
        self.assertEqual(roles, {"Manager", "CentreCounsellor"})
        self.assertIn(
            settings.CONFIGLET_ID,
            [action.getId() for action in controlpanel.listActions()],
        )

    def test_counselling_settings_of_the_operator_are_kept(self):
        record = "sozialplattform.counselling.closed_retention_days"
        api.portal.set_registry_record(record, 14)
        self.run_upgrades_from("20261203003")
        self.assertEqual(api.portal.get_registry_record(record), 14)

    def test_conversation_folders_of_centres_with_online_counselling(self):
        from plone.app.testing import setRoles
        from plone.app.testing import TEST_USER_ID
        from test_counselling.fixtures import counselling_centre

        setRoles(self.portal, TEST_USER_ID, ["Manager"])
        centre = counselling_centre(self.portal, "beratung-u", people=False)
        centre.manage_delObjects(["beratung"])
        self.run_upgrades_from("20261203003")
        self.assertEqual(centre["beratung"].portal_type, "ConversationFolder")
