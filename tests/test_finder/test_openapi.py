"""docs/api/finder-openapi.yaml describes every parameter and item field of @finder."""

from pathlib import Path
from plone import api
from plone.app.testing import setRoles
from plone.app.testing import TEST_USER_ID
from sozialplattform.site.finder import results
from sozialplattform.site.finder.browser import PARAMETERS
from sozialplattform.site.finder.query import FinderQuery
from sozialplattform.site.finder.search import search
from sozialplattform.site.functions.gating import state_participation
from sozialplattform.site.testing import INTEGRATION_TESTING
from test_finder.fixtures import create_centre
import unittest
import yaml


SPEC = Path(__file__).resolve().parents[2] / "docs" / "api" / "finder-openapi.yaml"


def schema(name: str) -> dict:
    return yaml.safe_load(SPEC.read_text())["components"]["schemas"][name]


class TestOpenAPI(unittest.TestCase):
    layer = INTEGRATION_TESTING

    def test_every_parameter_described(self):
        spec = yaml.safe_load(SPEC.read_text())
        described = {p["name"] for p in spec["paths"]["/@finder"]["get"]["parameters"]}
        self.assertEqual(described, set(PARAMETERS))

    def test_item_keys_are_the_described_fields(self):
        portal = self.layer["portal"]
        setRoles(portal, TEST_USER_ID, ["Manager"])
        create_centre(portal["beratungsstellen"]["berlin"], "Mitte", "10115", "Berlin")
        result = search(api.portal.get_tool("portal_catalog"), FinderQuery())
        [hit] = result.batch(0, 10)
        request = self.layer["request"]
        item = results.item(hit, request, state_participation())
        self.assertEqual(set(item), set(schema("Centre")["properties"]))

    def test_result_keys_are_the_described_fields(self):
        from sozialplattform.site.finder.api import run

        portal = self.layer["portal"]
        _query, answer = run(portal, self.layer["request"], form={})
        self.assertEqual(set(answer), set(schema("FinderResult")["properties"]))
        self.assertEqual(
            set(answer["facets"]),
            set(schema("FinderResult")["properties"]["facets"]["properties"]),
        )
