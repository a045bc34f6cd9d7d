"""CounsellingCentre and CounsellingOffer: fields, geocoding, indexing, serialization."""

from plone import api
from plone.app.testing import setRoles
from plone.app.testing import TEST_USER_ID
from sozialplattform.site.testing import INTEGRATION_TESTING
from zope.lifecycleevent import modified
import unittest


class TestCentre(unittest.TestCase):
    layer = INTEGRATION_TESTING

    def setUp(self):
        self.portal = self.layer["portal"]
        setRoles(self.portal, TEST_USER_ID, ["Manager"])
        self.berlin = self.portal["beratungsstellen"]["berlin"]

    def create(self, **kw):
        values = {
            "title": "Schuldnerberatung Mitte",
            "postcode": "10115",
            "city": "Berlin",
            "topics": ["schulden"],
        }
        values.update(kw)
        return api.content.create(
            container=self.berlin, type="CounsellingCentre", **values
        )

    def test_coordinates_from_postcode(self):
        centre = self.create()
        self.assertAlmostEqual(centre.latitude, 52.53, delta=0.05)
        self.assertAlmostEqual(centre.longitude, 13.38, delta=0.05)

    def test_editor_coordinates_kept(self):
        centre = self.create(latitude=52.5, longitude=13.4)
        self.assertEqual((centre.latitude, centre.longitude), (52.5, 13.4))
        centre.postcode = "10245"
        modified(centre)
        self.assertEqual((centre.latitude, centre.longitude), (52.5, 13.4))

    def test_derived_coordinates_follow_postcode(self):
        centre = self.create()
        before = (centre.latitude, centre.longitude)
        centre.postcode = "12099"
        modified(centre)
        self.assertNotEqual((centre.latitude, centre.longitude), before)

    def test_catalog(self):
        centre = self.create(nationwide=True, free_of_charge=True)
        brain = api.content.find(UID=centre.UID())[0]
        self.assertEqual(brain.state, "DE-BE")
        self.assertEqual(brain.postcode, "10115")
        self.assertEqual(brain.topics, ["schulden"])
        self.assertTrue(brain.nationwide)
        self.assertEqual(len(api.content.find(topics="schulden", state="DE-BE")), 1)
        self.assertEqual(len(api.content.find(SearchableText="Schuldnerberatung")), 1)

    def test_published_offers_add_tags(self):
        centre = self.create()
        offer = api.content.create(
            container=centre,
            type="CounsellingOffer",
            title="Beratung auf Türkisch",
            languages=["tr"],
            topics=["familie"],
        )
        self.assertEqual(
            len(api.content.find(portal_type="CounsellingCentre", languages="tr")), 0
        )
        api.content.transition(offer, to_state="published")
        found = api.content.find(portal_type="CounsellingCentre", languages="tr")
        self.assertEqual([b.UID for b in found], [centre.UID()])
        self.assertEqual(found[0].topics, ["familie", "schulden"])
        api.content.delete(offer)
        self.assertEqual(
            len(api.content.find(portal_type="CounsellingCentre", languages="tr")), 0
        )

    def test_serialization_has_state(self):
        from plone.restapi.interfaces import ISerializeToJson
        from zope.component import getMultiAdapter

        centre = self.create(
            opening_hours=[{"day": "mon", "start": "09:00", "end": "12:00"}]
        )
        data = getMultiAdapter((centre, self.layer["request"]), ISerializeToJson)()
        self.assertEqual(data["state"], "DE-BE")
        self.assertEqual(data["postcode"], "10115")
        self.assertEqual(
            data["opening_hours"], [{"day": "mon", "start": "09:00", "end": "12:00"}]
        )
        self.assertEqual(data["topics"][0]["token"], "schulden")
