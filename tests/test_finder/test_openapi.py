"""docs/api/finder-openapi.yaml describes every parameter and item field of @finder."""

from pathlib import Path
from sozialplattform.site.finder.browser import PARAMETERS
import unittest
import yaml


SPEC = Path(__file__).resolve().parents[2] / "docs" / "api" / "finder-openapi.yaml"
ITEM_FIELDS = {
    "@id", "@type", "UID", "title", "description", "distance_km", "street", "postcode",
    "city", "state", "latitude", "longitude", "phone", "email", "website", "topics",
    "target_groups", "languages", "channels", "accessible", "free_of_charge", "anonymous",
    "nationwide", "booking_url", "counselling_url",
}  # fmt: skip


class TestOpenAPI(unittest.TestCase):
    def setUp(self):
        self.spec = yaml.safe_load(SPEC.read_text())

    def test_every_parameter_described(self):
        described = {
            p["name"] for p in self.spec["paths"]["/@finder"]["get"]["parameters"]
        }
        self.assertEqual(described, set(PARAMETERS))

    def test_item_fields_described(self):
        properties = set(self.spec["components"]["schemas"]["Centre"]["properties"])
        self.assertEqual(properties, ITEM_FIELDS)

    def test_item_fields_match_the_service(self):
        from sozialplattform.site.finder import results

        source = Path(results.__file__).read_text()
        for field in ITEM_FIELDS:
            self.assertIn(f'"{field}"', source, field)
