"""docs/api/counselling.md and openapi.yaml name every counselling service."""

from pathlib import Path
from test_rest.test_layout import directives
from test_rest.test_layout import SERVICE
import re
import unittest
import yaml


DOCS = Path(__file__).resolve().parents[2] / "docs" / "api"


def counselling_services() -> set[tuple[str, str]]:
    return {
        (node.get("method"), node.get("name"))
        for path, node in directives(SERVICE)
        if path.parts[0] == "counselling"
    }


class TestCounsellingDocs(unittest.TestCase):
    def test_page_names_every_service(self):
        text = (DOCS / "counselling.md").read_text(encoding="utf-8")
        named = set(re.findall(r"@[a-z][a-z-]*", text))
        missing = {name for _method, name in counselling_services()} - named
        self.assertEqual(missing, set())

    def test_openapi_describes_every_method(self):
        paths = yaml.safe_load((DOCS / "openapi.yaml").read_text(encoding="utf-8"))[
            "paths"
        ]
        described = {
            (method.upper(), path.rsplit("/", 1)[-1])
            for path, item in paths.items()
            for method in item
            if method in ("get", "post", "put", "delete", "patch")
        }
        described |= {
            (method, "@counselling-keys") for method, name in described if name == "me"
        }
        self.assertEqual(counselling_services() - described, set())
