"""Every permission is declared once, in permissions.zcml, and named by permissions.py."""

from pathlib import Path
from sozialplattform.site import permissions
from xml.etree import ElementTree
import sozialplattform.site
import unittest


PACKAGE = Path(sozialplattform.site.__file__).parent
ZCML = "{http://namespaces.zope.org/zope}"


def declared(path: Path) -> dict[str, str]:
    """id -> title of the ``<permission>`` directives in one ZCML file."""
    root = ElementTree.parse(path).getroot()
    return {
        node.get("id"): node.get("title") for node in root.iter(f"{ZCML}permission")
    }


def constants() -> dict[str, str]:
    """id -> title as permissions.py pairs them (``X_ID`` and ``X``)."""
    return {
        getattr(permissions, name): getattr(permissions, name[: -len("_ID")])
        for name in dir(permissions)
        if name.endswith("_ID")
    }


class TestDeclarations(unittest.TestCase):
    def test_permissions_zcml_matches_the_constants(self):
        self.assertEqual(declared(PACKAGE / "permissions.zcml"), constants())

    def test_no_other_zcml_declares_a_permission(self):
        others = {
            str(path.relative_to(PACKAGE)): declared(path)
            for path in PACKAGE.rglob("*.zcml")
            if path.name != "permissions.zcml"
        }
        self.assertEqual({path: ids for path, ids in others.items() if ids}, {})

    def test_rolemap_names_only_declared_permissions_and_each_of_them(self):
        rolemap = ElementTree.parse(PACKAGE / "profiles/default/rolemap.xml")
        ours = {
            node.get("name")
            for node in rolemap.iter("permission")
            if node.get("name").startswith("sozialplattform.site: ")
        }
        self.assertEqual(ours, set(constants().values()))

    def test_python_names_permissions_by_constant(self):
        names = {*constants(), *constants().values()}
        found = {
            str(path.relative_to(PACKAGE)): [
                name
                for name in names
                if f'"{name}"' in path.read_text() or f"'{name}'" in path.read_text()
            ]
            for path in PACKAGE.rglob("*.py")
            if path.name != "permissions.py"
        }
        self.assertEqual({path: hits for path, hits in found.items() if hits}, {})
