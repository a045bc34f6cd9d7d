"""Reverting a version changes the content only: sharing, owner and workflow stay current."""

from Acquisition import aq_base
from plone import api
from plone.restapi.services.history.patch import revert
from sozialplattform.site.content.structure import CENTRE_EDITOR_ROLE
from sozialplattform.site.content.versioning import MODIFIER_ID
from sozialplattform.site.content.versioning import SHARING_ATTRIBUTES
from sozialplattform.site.testing import FUNCTIONAL_TESTING
from sozialplattform.site.testing import INTEGRATION_TESTING
from test_permissions.fixtures import acting_as
from test_permissions.fixtures import CENTRE_EDITOR
from test_permissions.fixtures import create_scenario
from test_permissions.fixtures import make_centre_editor
from test_permissions.fixtures import OTHER_CENTRE_EDITOR
from test_permissions.fixtures import OWNER
from test_permissions.fixtures import rest
from test_permissions.fixtures import STATE_EDITOR
from zope.lifecycleevent import modified
import transaction
import unittest


PUBLISHED = "beratungsstellen/berlin/a-published"


def local_roles(obj, username):
    return set(obj.get_local_roles_for_userid(username))


class TestRevertKeepsSharing(unittest.TestCase):
    """Version 0: X (``centre_editor``) is editor. Then X is removed, Y is added."""

    layer = INTEGRATION_TESTING

    def setUp(self):
        self.portal = self.layer["portal"]
        scenario = create_scenario(self.portal)
        self.centre = scenario.centres["published"]
        self.offer = scenario.offers["published"]
        self.repository = api.portal.get_tool("portal_repository")
        # a version that carries X's role
        self.save(self.centre, title="Mit X")
        self.version_with_x = self.versions(self.centre) - 1
        self.centre.manage_delLocalRoles([CENTRE_EDITOR])
        make_centre_editor(OTHER_CENTRE_EDITOR, self.centre)
        self.centre.reindexObjectSecurity()
        self.save(self.centre, title="Ohne X")

    def versions(self, obj):
        return self.repository.getHistoryMetadata(obj).getLength(countPurged=False)

    def save(self, obj, **values):
        for name, value in values.items():
            setattr(obj, name, value)
        modified(obj)

    def test_modifier_is_registered_and_enabled(self):
        modifier = api.portal.get_tool("portal_modifier").get(MODIFIER_ID)
        self.assertTrue(modifier.isEnabled())
        for standard in ("RetainWorkflowStateAndHistory", "RetainPermissionsSettings"):
            with self.subTest(modifier=standard):
                self.assertTrue(
                    api.portal.get_tool("portal_modifier").get(standard).isEnabled()
                )

    def test_revert_does_not_bring_back_a_removed_editor(self):
        with acting_as(self.portal, STATE_EDITOR):
            revert(self.centre, self.version_with_x)
        self.assertEqual(self.centre.title, "Mit X")
        self.assertNotIn(CENTRE_EDITOR_ROLE, local_roles(self.centre, CENTRE_EDITOR))
        with acting_as(self.portal, CENTRE_EDITOR):
            self.assertFalse(
                api.user.has_permission("Modify portal content", obj=self.centre)
            )

    def test_revert_keeps_an_editor_added_later(self):
        with acting_as(self.portal, STATE_EDITOR):
            revert(self.centre, self.version_with_x)
        self.assertIn(CENTRE_EDITOR_ROLE, local_roles(self.centre, OTHER_CENTRE_EDITOR))

    def test_revert_keeps_blocked_inheritance_owner_and_state(self):
        """A version saved with inheritance blocked and another owner restores neither."""
        owner = self.centre.getOwnerTuple()
        self.centre.__ac_local_roles_block__ = True
        self.centre.changeOwnership(api.user.get(STATE_EDITOR).getUser())
        self.save(self.centre, title="Gesperrt")
        version = self.versions(self.centre) - 1
        del self.centre.__ac_local_roles_block__
        self.centre.changeOwnership(api.user.get(username=owner[1]).getUser())
        api.content.transition(self.centre, transition="retract", comment="Zu")
        with acting_as(self.portal, STATE_EDITOR):
            revert(self.centre, version)
        self.assertEqual(self.centre.title, "Gesperrt")
        self.assertFalse(getattr(self.centre, "__ac_local_roles_block__", False))
        self.assertEqual(self.centre.getOwnerTuple(), owner)
        self.assertEqual(api.content.get_state(self.centre), "draft")
        history = api.portal.get_tool("portal_workflow").getInfoFor(
            self.centre, "review_history"
        )
        self.assertEqual(history[-1]["action"], "retract")

    def test_versions_do_not_store_sharing(self):
        """What the storage holds (``retrieve`` shows the working copy's sharing)."""
        history_id = api.portal.get_tool("portal_historyidhandler").queryUid(
            self.centre
        )
        storage = api.portal.get_tool("portal_historiesstorage")
        stored = storage.retrieve(history_id, self.versions(self.centre) - 1)
        self.assertEqual(stored.object.object.title, "Ohne X")
        for name in SHARING_ATTRIBUTES:
            with self.subTest(attribute=name):
                self.assertNotIn(name, stored.object.object.__dict__)


class TestRevertOverHTTP(unittest.TestCase):
    layer = FUNCTIONAL_TESTING

    def setUp(self):
        self.portal = self.layer["portal"]
        self.centre = create_scenario(self.portal).centres["published"]
        transaction.commit()

    def test_revert_to_the_first_version_keeps_the_current_editor(self):
        """Version 0 was saved before ``centre_editor`` got the role."""
        response = rest(
            self.layer, "PATCH", PUBLISHED, CENTRE_EDITOR, json={"title": "Neu"}
        )
        self.assertEqual(response.status_code, 204, response.text)
        response = rest(
            self.layer,
            "PATCH",
            f"{PUBLISHED}/@history",
            STATE_EDITOR,
            json={"version": 0},
        )
        self.assertEqual(response.status_code, 200, response.text)
        stored = rest(self.layer, "GET", PUBLISHED, OWNER).json()
        self.assertEqual(stored["title"], "Centre A published")
        self.assertEqual(stored["review_state"], "published")
        response = rest(
            self.layer, "PATCH", PUBLISHED, CENTRE_EDITOR, json={"title": "Wieder"}
        )
        self.assertEqual(response.status_code, 204, response.text)


class TestRevertKeepsGrants(unittest.TestCase):
    """A revoked grant (the functions stored on the centre) stays revoked."""

    layer = INTEGRATION_TESTING

    def setUp(self):
        from sozialplattform.site.functions import gating

        self.gating = gating
        self.portal = self.layer["portal"]
        self.centre = create_scenario(self.portal).centres["published"]
        self.repository = api.portal.get_tool("portal_repository")
        gating.set_grants(self.centre, ("finder", "booking"))
        self.centre.title = "Mit Terminbuchung"
        modified(self.centre)
        history = self.repository.getHistoryMetadata(self.centre)
        self.version_with_booking = history.getLength(countPurged=False) - 1
        gating.set_grants(self.centre, ("finder",))
        self.centre.title = "Ohne Terminbuchung"
        modified(self.centre)

    def test_revert_does_not_bring_back_a_revoked_function(self):
        with acting_as(self.portal, STATE_EDITOR):
            revert(self.centre, self.version_with_booking)
        self.assertEqual(self.centre.title, "Mit Terminbuchung")
        self.assertEqual(self.gating.grants(self.centre), {"finder"})

    def test_an_old_version_shows_the_current_grants(self):
        retrieved = self.repository.retrieve(self.centre, self.version_with_booking)
        annotations = aq_base(retrieved.object).__dict__["__annotations__"]
        key = self.gating.GRANTS_KEY
        self.assertEqual(annotations[key], ("finder",))
