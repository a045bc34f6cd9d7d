"""The example centres as data: fictional, deterministic, spread over all states."""

from datetime import date
from datetime import timedelta
from pathlib import Path
from sozialplattform.site.distributions import centres
from sozialplattform.site.distributions.centres import centre_data
from sozialplattform.site.distributions.centres import state_settings
from sozialplattform.site.distributions.exampledata import load
from sozialplattform.site.geo import lookup
from sozialplattform.site.geo import STATES
from urllib.parse import urlsplit
import collections
import functools
import json
import os
import re
import subprocess
import sys
import unittest


TODAY = date(2025, 6, 1)
PHONE = re.compile(
    r"^(?:"
    + "|".join(re.escape(block.prefix) for block in load().phone_blocks)
    + r") \d{3}$"
)
EMAIL = re.compile(r"[\w.+-]+@([\w-]+(?:\.[\w-]+)+)")
URL = re.compile(r"https?://[^\s\"'<>]+")
REAL_CARRIERS = (
    "caritas",
    "diakonie",
    "diakonisch",
    "awo",
    "arbeiterwohlfahrt",
    "drk",
    "rotes kreuz",
    "roten kreuz",
    "paritätisch",
    "pro familia",
    "donum vitae",
    "lebenshilfe",
    "johanniter",
    "malteser",
    "volkssolidarität",
    "skf",
    "kolping",
)
DATA_SCRIPT = (
    "import json, datetime\n"
    "from sozialplattform.site.distributions.centres import centre_data\n"
    "print(json.dumps(centre_data(datetime.date(2025, 6, 1)), default=str))\n"
)


def strings(value):
    """All strings inside nested dicts and lists."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from strings(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from strings(item)


@functools.cache
def cached_data() -> list[dict]:
    return centre_data(TODAY)


class TestCentreData(unittest.TestCase):
    def setUp(self):
        self.data = cached_data()

    def test_about_200_centres(self):
        self.assertGreaterEqual(len(self.data), 180)
        self.assertLessEqual(len(self.data), 240)

    def test_every_state_at_least_four_roughly_by_population(self):
        counts = collections.Counter(item["state"] for item in self.data)
        self.assertEqual(set(counts), {state.id for state in STATES})
        for state in STATES:
            self.assertGreaterEqual(counts[state.id], 4, state.id)
        self.assertEqual(counts.most_common(1)[0][0], "nordrhein-westfalen")
        self.assertGreater(counts["bayern"], counts["hessen"])
        self.assertLess(counts["bremen"], counts["sachsen"])
        self.assertLess(counts["saarland"], counts["sachsen"])

    def test_postcodes_real_and_in_their_state(self):
        for item in self.data:
            values = item["values"]
            info = lookup(values["postcode"])
            self.assertIsNotNone(info, values["postcode"])
            self.assertEqual(info.state_ids, (item["state"],), item["id"])
            places = [place.split(",")[0] for place in info.places]
            self.assertTrue(
                any(place.startswith(values["city"]) for place in places),
                (values["city"], info.places),
            )

    def test_big_cities_have_several_centres(self):
        cities = collections.Counter(item["values"]["city"] for item in self.data)
        for city in ("Berlin", "Hamburg", "München", "Köln", "Frankfurt am Main"):
            self.assertGreaterEqual(cities[city], 4, city)

    def test_unique_ids_titles_and_phones(self):
        for key in ("title", "phone", "email", "website"):
            values = [item["values"][key] for item in self.data]
            self.assertEqual(len(values), len(set(values)), key)
        ids = [item["id"] for item in self.data]
        self.assertEqual(len(ids), len(set(ids)))
        for item in self.data:
            offer_ids = [offer["id"] for offer in item["offers"]]
            self.assertEqual(len(offer_ids), len(set(offer_ids)), item["id"])

    def test_phone_numbers_reserved_for_fiction(self):
        phones = [item["values"]["phone"] for item in self.data]
        phones += [settings["contact_phone"] for settings in state_settings().values()]
        for phone in phones:
            self.assertRegex(phone, PHONE)
        self.assertEqual(len(phones), len(set(phones)))

    def test_no_address_outside_example_domains(self):
        texts = list(strings(self.data)) + list(strings(state_settings()))
        emails = [m.group(1) for text in texts for m in EMAIL.finditer(text)]
        urls = [
            urlsplit(m.group(0)).hostname for text in texts for m in URL.finditer(text)
        ]
        self.assertGreater(len(emails), 200)
        self.assertGreater(len(urls), 200)
        for domain in emails + urls:
            self.assertTrue(domain.endswith(".example"), domain)

    def test_no_real_carrier_names(self):
        for text in strings(self.data):
            words = re.sub(r"[^\wäöüß ]", " ", text.casefold())
            for name in REAL_CARRIERS:
                self.assertNotIn(f" {name} ", f" {words} ", text)

    def test_type_flags(self):
        by_type = collections.defaultdict(list)
        for item in self.data:
            by_type[item["type"]].append(item["values"])
        for key in ("sucht", "schwangerschaft", "gewalt"):
            self.assertTrue(all(v["anonymous"] for v in by_type[key]), key)
        self.assertFalse(any(v["anonymous"] for v in by_type["schulden"]))
        self.assertTrue(all("gsg" in v["languages"] for v in by_type["gehoerlos"]))
        self.assertGreater(len(by_type["migration"]), 0)
        free = sum(item["values"]["free_of_charge"] for item in self.data)
        self.assertGreater(free / len(self.data), 0.8)
        accessible = sum(item["values"]["accessible"] for item in self.data)
        self.assertTrue(0.5 < accessible / len(self.data) < 0.8)

    def test_functions_only_in_participating_states(self):
        settings = state_settings()
        for flag, participation in (
            ("booking_enabled", "booking_participation"),
            ("online_counselling_enabled", "counselling_participation"),
        ):
            states = {item["state"] for item in self.data if item["values"][flag]}
            self.assertTrue(states, flag)
            self.assertTrue(all(settings[s][participation] for s in states), flag)
            taking_part = sum(s[participation] for s in settings.values())
            self.assertTrue(5 <= taking_part <= 11, participation)
        booking = {s for s, v in settings.items() if v["booking_participation"]}
        counselling = {s for s, v in settings.items() if v["counselling_participation"]}
        self.assertNotEqual(booking, counselling)

    def test_nationwide_and_external_tools(self):
        nationwide = [
            item["values"] for item in self.data if item["values"]["nationwide"]
        ]
        self.assertGreaterEqual(len(nationwide), 5)
        for values in nationwide:
            self.assertNotIn("on_site", values["channels"])
            self.assertTrue({"chat", "video"} <= set(values["channels"]))
        for key in ("external_booking_url", "external_counselling_url"):
            self.assertGreater(sum(bool(i["values"][key]) for i in self.data), 2, key)

    def test_workflow_states(self):
        states = collections.Counter(item["review_state"] for item in self.data)
        self.assertGreaterEqual(states["published"] / len(self.data), 0.85)
        self.assertGreater(states["pending"], 0)
        self.assertGreater(states["draft"], 0)
        for item in self.data:
            self.assertTrue(1 <= len(item["offers"]) <= 3, item["id"])
            if item["review_state"] != "published":
                offer_states = {offer["review_state"] for offer in item["offers"]}
                self.assertEqual(offer_states, {item["review_state"]}, item["id"])

    def test_last_reviewed_within_the_year_before_today(self):
        dates = [item["values"]["last_reviewed"] for item in self.data]
        reviewed = [day for day in dates if day is not None]
        self.assertGreater(len(reviewed) / len(dates), 0.75)
        for day in reviewed:
            self.assertTrue(TODAY - timedelta(days=366) < day < TODAY, day)

    def test_opening_hours_and_text(self):
        for item in self.data:
            values = item["values"]
            self.assertTrue(values["opening_hours"], item["id"])
            self.assertTrue(item["text"].startswith("<p>"), item["id"])
            # the carrier is shown from its field, not repeated in the text
            self.assertNotIn(values["carrier"], item["text"])
            self.assertNotIn("{", item["text"] + values["description"])

    def test_deterministic(self):
        self.assertEqual(centre_data(TODAY), self.data)

    def test_deterministic_across_processes(self):
        """Also with another string hash seed: no set or dict order leaks in."""
        env = dict(os.environ, PYTHONHASHSEED="4711")
        result = subprocess.run(
            [sys.executable, "-c", DATA_SCRIPT],
            capture_output=True,
            text=True,
            env=env,
            check=True,
            cwd=Path(centres.__file__).parent,
            timeout=120,
        )
        self.assertEqual(
            json.loads(result.stdout), json.loads(json.dumps(self.data, default=str))
        )

    def test_today_only_moves_the_review_dates(self):
        later = centre_data(TODAY + timedelta(days=10))
        for before, after in zip(self.data, later, strict=True):
            self.assertEqual(before["id"], after["id"])
            if before["values"]["last_reviewed"]:
                self.assertEqual(
                    after["values"]["last_reviewed"]
                    - before["values"]["last_reviewed"],
                    timedelta(days=10),
                )
