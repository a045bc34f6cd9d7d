"""The independent computation behind the ``test_independent*`` modules.

Random centres are recorded as they were generated; expected results come from those
records alone: great-circle distances with the spherical law of cosines (not the haversine
of the code under test), filters and disjunctive facet counts by plain Python set logic.
"""

from collections.abc import Callable
from collections.abc import Iterable
from plone import api
from plone.app.testing import setRoles
from plone.app.testing import TEST_USER_ID
from sozialplattform.site.geo import all_postcodes
from sozialplattform.site.geo import lookup
from sozialplattform.site.geo import state_by_id
from sozialplattform.site.testing import FUNCTIONAL_TESTING
from sozialplattform.site.testing import server_url
import math
import requests
import unittest


RADIUS_EARTH = 6371.0088


def cosine_distance(lat1, lon1, lat2, lon2) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    delta = math.radians(lon2 - lon1)
    cosine = math.sin(p1) * math.sin(p2) + math.cos(p1) * math.cos(p2) * math.cos(delta)
    return RADIUS_EARTH * math.acos(max(-1.0, min(1.0, cosine)))


def postcode_pool(prefixes: Iterable[str]) -> list[str]:
    """Postcodes of Berlin and Brandenburg starting with one of the two-digit ``prefixes``."""
    prefixes = tuple(prefixes)
    return [
        p
        for p in all_postcodes()
        if p[:2] in prefixes and lookup(p).state_id in ("berlin", "brandenburg")
    ]


def matches_filters(record: dict, filters: dict, facets: dict, skip=None) -> bool:
    """``record`` shares a value with every filter but ``skip`` (facets: name -> column)."""
    return all(
        name == skip or set(values) & set(record[facets[name]])
        for name, values in filters.items()
    )


class IndependentFinderTestCase(unittest.TestCase):
    """Subclasses create centres with ``add_centre`` and commit; ``facets`` maps names to
    columns of the records."""

    layer = FUNCTIONAL_TESTING
    facets: dict[str, str] = {}

    def setUp(self):
        portal = self.layer["portal"]
        setRoles(portal, TEST_USER_ID, ["Manager"])
        self.folder = portal["beratungsstellen"]
        self.centres = []

    def add_centre(self, values: dict, published: bool = True) -> None:
        """A centre in the State of its postcode, recorded with ``published``, ``state``
        (ISO code, as a list like the facet columns), ``lat`` and ``lon``."""
        state_id = lookup(values["postcode"]).state_id
        centre = api.content.create(
            container=self.folder[state_id], type="CounsellingCentre", **values
        )
        if published:
            api.content.transition(centre, to_state="published")
        self.centres.append(
            {
                **values,
                "published": published,
                "state": [state_by_id(state_id).code],
                "lat": centre.latitude,
                "lon": centre.longitude,
            }
        )

    def finder(self, params) -> dict:
        response = requests.get(
            server_url(self.layer, "plone/++api++/@finder"),
            params={**params, "b_size": 100},
            headers={"Accept": "application/json"},
            timeout=30,
        )
        self.assertEqual(response.status_code, 200, response.text)
        return response.json()

    def assert_facet_counts(self, data: dict, scope: Callable[..., Iterable]) -> int:
        """Disjunctive facets: each facet counts the titles ``scope(skip=name)`` returns
        (those matching all filters but its own). Returns the sum of the counts checked."""
        by_title = {c["title"]: c for c in self.centres}
        checked = 0
        for name, column in self.facets.items():
            titles = scope(skip=name)
            for facet in data["facets"][name]:
                count = sum(1 for t in titles if facet["token"] in by_title[t][column])
                self.assertEqual(facet["count"], count, (name, facet["token"]))
                checked += count
        return checked
