"""The tables of the example centres: read from JSON into typed, frozen values."""

from sozialplattform.site.distributions import exampledata
from sozialplattform.site.distributions.centres import centre_data
from sozialplattform.site.geo import STATE_IDS
import dataclasses
import datetime
import hashlib
import json
import unittest


# The example centres that tests and handbook screenshots rely on: a digest of their
# states, ids, titles, addresses and offer ids. It changes only when the tables in
# examplecentres.json or the draws in centres.py change, which changes the site.
CENTRES_DIGEST = "c953b8f38a23809ec1d586d72e65b9c58b3fe276f20454018b4a6ef88839c9ca"


def raw() -> dict:
    return json.loads(exampledata.DATA_FILE.read_text(encoding="utf-8"))


class TestLoad(unittest.TestCase):
    def test_typed_and_frozen(self):
        data = exampledata.load()
        self.assertIs(data, exampledata.load())
        self.assertEqual(tuple(data.states), STATE_IDS)
        centre_type = data.centre_type("gehoerlos")
        self.assertEqual(centre_type.languages, ("de", "gsg"))
        self.assertIsInstance(centre_type.offers[0], exampledata.OfferTemplate)
        self.assertEqual(data.opening_hours[0][0], ("mon", "09:00", "12:00"))
        with self.assertRaises(dataclasses.FrozenInstanceError):
            centre_type.weight = 9

    def test_defaults_fill_what_a_type_leaves_out(self):
        data = exampledata.load()
        debts = data.centre_type("schulden")
        self.assertEqual(debts.carriers, data.carriers)
        self.assertEqual(debts.max_extra_languages, 1)
        self.assertEqual(debts.offers[0].costs, "kostenfrei")
        self.assertEqual(
            data.centre_type("familie").offers[2].costs,
            "kostenfrei, Anmeldung erforderlich",
        )

    def test_unknown_key_refused(self):
        broken = raw()
        broken["centre_types"][0]["colour"] = "blue"
        with self.assertRaises(TypeError):
            exampledata.parse(broken)

    def test_missing_key_refused(self):
        broken = raw()
        del broken["states"]["berlin"]["centres"]
        with self.assertRaises(TypeError):
            exampledata.parse(broken)

    def test_unknown_centre_type_refused(self):
        broken = raw()
        broken["anchors"][0]["type"] = "schuldnerberatung"
        with self.assertRaisesRegex(ValueError, "unknown state or centre type"):
            exampledata.parse(broken)

    def test_states_must_be_all_in_order(self):
        broken = raw()
        broken["states"] = dict(reversed(list(broken["states"].items())))
        with self.assertRaisesRegex(ValueError, "states must be"):
            exampledata.parse(broken)

    def test_parse_leaves_its_input_alone(self):
        data, before = raw(), raw()
        exampledata.parse(data)
        self.assertEqual(data, before)


class TestSameCentres(unittest.TestCase):
    def test_digest(self):
        keys = []
        for item in centre_data(datetime.date(2025, 6, 1)):
            values = item["values"]
            keys.append(
                [
                    item["state"],
                    item["id"],
                    item["review_state"],
                    values["title"],
                    values["street"],
                    values["postcode"],
                    values["city"],
                    [offer["id"] for offer in item["offers"]],
                ]
            )
        digest = hashlib.sha256(json.dumps(keys).encode()).hexdigest()
        self.assertEqual(digest, CENTRES_DIGEST, "the example centres changed")
