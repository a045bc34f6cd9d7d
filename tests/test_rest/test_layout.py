"""Where REST services live (docs/developers/rest.md): the convention, checked on the ZCML."""

from pathlib import Path
from xml.etree import ElementTree
import sozialplattform.site
import unittest


PACKAGE = Path(sozialplattform.site.__file__).parent
SERVICE = "{http://namespaces.plone.org/plone}service"
PAGE = "{http://namespaces.zope.org/browser}page"


def directives(tag: str):
    """(path relative to the package, element) of every ``tag`` in the package's ZCML."""
    for path in sorted(PACKAGE.rglob("*.zcml")):
        for node in ElementTree.parse(path).getroot().iter(tag):
            yield path.relative_to(PACKAGE), node


class TestServiceLayout(unittest.TestCase):
    def test_services_are_endpoint_folders_or_overrides(self):
        misplaced = [
            f"{path}: {node.get('method')} {node.get('name', '')}"
            for path, node in directives(SERVICE)
            if path != Path("overrides/configure.zcml")
            and path.parts[-3:-2] != ("services",)
        ]
        self.assertEqual(misplaced, [])

    def test_endpoint_folders_have_one_module_per_method(self):
        wrong = []
        for path, node in directives(SERVICE):
            if path.parts[-3:-2] != ("services",):
                continue
            module = node.get("factory").split(".")[1]
            if module != node.get("method").lower():
                wrong.append(f"{path}: {node.get('method')} in {module}.py")
        self.assertEqual(wrong, [])

    def test_endpoint_folders_exist(self):
        folders = {
            str(path.parent)
            for path, _node in directives(SERVICE)
            if "services" in path.parts
        }
        # every feature's own endpoint, each in its folder
        self.assertEqual(
            folders,
            {
                "booking/services/book",
                "booking/services/booking",
                "booking/services/booking_cancel",
                "booking/services/booking_maintenance",
                "booking/services/booking_reschedule",
                "booking/services/slots",
                "bulk/services/centres_export",
                "counselling/services/attachment",
                "counselling/services/conversation_assign",
                "counselling/services/conversation_close",
                "counselling/services/conversation_reopen",
                "counselling/services/conversation_video",
                "counselling/services/conversations",
                "counselling/services/counselling_envelopes",
                "counselling/services/counselling_keys",
                "counselling/services/messages",
                "counselling/services/messages_read",
                "content/services/confirm_data",
                "content/services/recent_changes",
                "finder/services/finder",
                "jitsi/services/jitsi_token",
                "onboarding/services/purge_onboarding_requests",
            },
        )

    def test_status_modify_views_are_overrides(self):
        paths = {
            str(path)
            for path, node in directives(PAGE)
            if node.get("name") == "content_status_modify"
        }
        self.assertEqual(paths, {"overrides/configure.zcml"})
