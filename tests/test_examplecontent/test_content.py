"""The site created from the distribution holds the example centres, valid and findable."""

from plone import api
from plone.app.contenttypes.behaviors.richtext import IRichTextBehavior
from plone.app.testing import login
from plone.app.testing import SITE_OWNER_NAME
from sozialplattform.site.content.interfaces import CENTRE_SCHEMATA
from sozialplattform.site.content.interfaces import ICounsellingCentre
from sozialplattform.site.content.interfaces import ICounsellingOffer
from sozialplattform.site.content.interfaces import IState
from sozialplattform.site.content.rules import centre_errors
from sozialplattform.site.distributions.centres import centre_data
from sozialplattform.site.distributions.centres import state_settings
from sozialplattform.site.functions.gating import available
from sozialplattform.site.functions.gating import grants
from sozialplattform.site.geo import lookup
from sozialplattform.site.geo import state_by_id
from sozialplattform.site.geo import STATES
from sozialplattform.site.testing import DISTRIBUTION_INTEGRATION_TESTING
from sozialplattform.site.testing import DISTRIBUTION_SITE_ID
from zope.component.hooks import setSite
from zope.lifecycleevent import modified
from zope.schema import getFieldNames
from zope.schema import getFieldsInOrder
import collections
import unittest


class ExampleContentTestCase(unittest.TestCase):
    layer = DISTRIBUTION_INTEGRATION_TESTING

    def setUp(self):
        self.site = self.layer["app"][DISTRIBUTION_SITE_ID]
        setSite(self.site)
        self.folder = self.site["beratungsstellen"]
        self.states = {state.id: self.folder[state.id] for state in STATES}

    def tearDown(self):
        setSite(self.layer["portal"])

    def centres(self, state_id=None):
        states = [self.states[state_id]] if state_id else self.states.values()
        return [
            obj
            for state in states
            for obj in state.objectValues()
            if ICounsellingCentre.providedBy(obj)
        ]

    def offers(self, centre):
        return [
            obj for obj in centre.objectValues() if ICounsellingOffer.providedBy(obj)
        ]


class TestCentres(ExampleContentTestCase):
    def test_count(self):
        self.assertGreaterEqual(len(self.centres()), 180)
        self.assertLessEqual(len(self.centres()), 240)

    def test_every_state_has_four(self):
        for state_id in self.states:
            self.assertGreaterEqual(len(self.centres(state_id)), 4, state_id)

    def test_postcodes_lie_in_their_state(self):
        for state_id, state in self.states.items():
            for centre in self.centres(state_id):
                info = lookup(centre.postcode)
                codes = {state_by_id(s).code for s in info.state_ids}
                self.assertEqual(codes, {state.code}, centre.getId())
                self.assertEqual(
                    (centre.latitude, centre.longitude),
                    (info.latitude, info.longitude),
                    centre.getId(),
                )

    def assert_valid(self, obj, *schemata):
        for name, field in (f for schema in schemata for f in getFieldsInOrder(schema)):
            value = getattr(obj, name, None)
            try:
                field.bind(obj).validate(value)
            except Exception as error:
                self.fail(f"{obj.absolute_url_path()} {name}={value!r}: {error!r}")
        IRichTextBehavior["text"].bind(obj).validate(obj.text)
        self.assertTrue(obj.text.raw.startswith("<p>"), obj.absolute_url_path())

    def test_every_value_validates(self):
        checked = 0
        for state_id, state in self.states.items():
            for centre in self.centres(state_id):
                self.assert_valid(centre, *CENTRE_SCHEMATA)
                values = {
                    name: getattr(centre, name, None)
                    for schema in CENTRE_SCHEMATA
                    for name in getFieldNames(schema)
                }
                self.assertEqual(centre_errors(values, state), [], centre.getId())
                for offer in self.offers(centre):
                    self.assert_valid(offer, ICounsellingOffer)
                checked += 1
        self.assertGreater(checked, 0)

    def test_mostly_published_some_drafts_and_pending(self):
        states = collections.Counter(api.content.get_state(c) for c in self.centres())
        self.assertGreaterEqual(states["published"] / len(self.centres()), 0.85)
        self.assertGreater(states["pending"], 0)
        self.assertGreater(states["draft"], 0)

    def test_offers(self):
        offer_states = collections.Counter()
        for centre in self.centres():
            offers = self.offers(centre)
            self.assertTrue(1 <= len(offers) <= 3, centre.getId())
            for offer in offers:
                offer_states[api.content.get_state(offer)] += 1
                self.assertTrue(offer.title and offer.costs, offer.absolute_url_path())
        self.assertGreater(offer_states["published"], 200)

    def test_same_as_the_data(self):
        data = centre_data()
        self.assertEqual(
            sorted((item["state"], item["id"]) for item in data),
            sorted(
                (state_id, centre.getId())
                for state_id in self.states
                for centre in self.centres(state_id)
            ),
        )
        for item in data[:: max(1, len(data) // 20)]:
            centre = self.states[item["state"]][item["id"]]
            self.assertEqual(api.content.get_state(centre), item["review_state"])
            self.assertEqual(centre.title, item["values"]["title"])
            self.assertEqual(centre.phone, item["values"]["phone"])
            self.assertEqual(centre.carrier, item["values"]["carrier"])
            self.assertNotIn(item["values"]["carrier"], centre.text.raw)

    def test_later_edits_are_versioned(self):
        login(self.layer["app"], SITE_OWNER_NAME)
        repository = api.portal.get_tool("portal_repository")
        centre = self.centres("berlin")[0]
        self.assertTrue(repository.isVersionable(centre))
        centre.opening_hours_note = "Geänderte Öffnungszeiten."
        modified(centre)
        history = repository.getHistoryMetadata(centre)
        self.assertEqual(history.getLength(countPurged=False), 1)


class TestStates(ExampleContentTestCase):
    def test_onboarding_contacts_and_participation(self):
        expected = state_settings()
        for state_id, state in self.states.items():
            self.assertTrue(IState.providedBy(state))
            for name, value in expected[state_id].items():
                self.assertEqual(getattr(state, name), value, (state_id, name))
            self.assertTrue(state.contact_email.endswith("@land.example"))
            for name, field in getFieldsInOrder(IState):
                field.bind(state).validate(getattr(state, name))
        booking = [s for s in self.states.values() if s.booking_participation]
        self.assertIn(self.states["berlin"], booking)
        self.assertNotIn(self.states["bayern"], booking)

    def test_functions_only_where_the_state_takes_part(self):
        enabled = 0
        for state in self.states.values():
            for centre in self.centres(state.getId()):
                if centre.booking_enabled:
                    self.assertTrue(state.booking_participation, centre.getId())
                    enabled += 1
                if centre.online_counselling_enabled:
                    self.assertTrue(state.counselling_participation, centre.getId())
                    enabled += 1
        self.assertGreater(enabled, 10)

    def test_granted_by_their_state(self):
        """Example centres never went through the onboarding: everything is granted."""
        for centre in self.centres():
            self.assertEqual(grants(centre), {"finder", "booking", "counselling"})
            now = available(centre)
            self.assertEqual(now["booking"], bool(centre.booking_enabled))
            self.assertEqual(
                now["counselling"], bool(centre.online_counselling_enabled)
            )


class TestCatalog(ExampleContentTestCase):
    def expected_ids(self, state_id, field, token):
        """Published centres whose own or published offers' values contain ``token``."""
        result = set()
        for item in centre_data():
            if item["state"] != state_id or item["review_state"] != "published":
                continue
            values = set(item["values"][field])
            for offer in item["offers"]:
                if offer["review_state"] == "published":
                    values.update(offer["values"][field])
            if token in values:
                result.add(item["id"])
        return result

    def found_ids(self, **query):
        brains = api.content.find(
            portal_type="CounsellingCentre", review_state="published", **query
        )
        return {brain.getId for brain in brains}

    def test_berlin_by_topic(self):
        expected = self.expected_ids("berlin", "topics", "schulden")
        self.assertGreaterEqual(len(expected), 3)
        self.assertEqual(self.found_ids(state="DE-BE", topics="schulden"), expected)

    def test_berlin_by_language(self):
        for language in ("gsg", "en"):
            expected = self.expected_ids("berlin", "languages", language)
            self.assertTrue(expected, language)
            self.assertEqual(
                self.found_ids(state="DE-BE", languages=language), expected, language
            )

    def test_berlin_by_postcode_area(self):
        found = self.found_ids(state="DE-BE", postcode=["10115", "10179", "12043"])
        self.assertGreaterEqual(len(found), 2)

    def test_nationwide_centres_indexed(self):
        found = self.found_ids(nationwide=True)
        self.assertGreaterEqual(len(found), 5)
        self.assertIn("online-schuldnerberatung-lindenhof", found)

    def test_drafts_not_found_by_anonymous_search(self):
        drafts = {
            item["id"] for item in centre_data() if item["review_state"] != "published"
        }
        self.assertTrue(drafts)
        found = {
            brain.getId for brain in api.content.find(portal_type="CounsellingCentre")
        }
        self.assertGreater(len(found), 150)
        self.assertFalse(found & drafts)
