"""The city of a postcode, and the towns of each state.

GeoNames names some postcodes by district ("Hamburg Ottensen") and adds the state
("Chemnitz, Sachsen"); ``city_and_district`` turns that into ("Hamburg", "Ottensen") and
("Chemnitz", ""). ``towns_by_state`` lists the postcodes of towns (not villages).
"""

from collections.abc import Mapping
from functools import cache
from sozialplattform.site.geo.postcodes import all_postcodes
from sozialplattform.site.geo.postcodes import find_places
from sozialplattform.site.geo.postcodes import lookup
from sozialplattform.site.geo.postcodes import normalise_name
from sozialplattform.site.geo.postcodes import Place
from sozialplattform.site.geo.states import state_by_id
from sozialplattform.site.geo.states import STATES


TOWN_POSTCODES = 3
"""A place with at least this many postcodes is a town."""

CITY_STATES = frozenset({"berlin", "hamburg"})
"""States that are one city of the same name (Bremen is two: Bremen and Bremerhaven)."""


def city_and_district(postcode: str, state_id: str) -> tuple[str, str]:
    """The city and (when GeoNames names one) the district of a known postcode.

    The city is the shortest place name of the postcode that starts its first name
    ("Hamburg" for "Hamburg Ottensen"), in a city state the state's name.
    """
    places = [name.split(",")[0].strip() for name in lookup(postcode).places]
    first = places[0]
    if state_id in CITY_STATES:
        city = state_by_id(state_id).name
    else:
        prefixes = [name for name in places if first.startswith(f"{name} ")]
        city = min(prefixes, key=len) if prefixes else first
    district = first[len(city) :].strip() if first.startswith(f"{city} ") else ""
    return city, district


def is_town(place: Place) -> bool:
    """A district town (its name is a word of the district's name) or a larger place."""
    name, district = normalise_name(place.name), normalise_name(place.district)
    return len(place.postcodes) >= TOWN_POSTCODES or f" {name} " in f" {district} "


@cache
def towns_by_state() -> Mapping[str, tuple[tuple[str, ...], ...]]:
    """Per state id, the postcodes of each town, by city name; built once per process.

    Only postcodes that lie in one state and belong to a town there count. The order is
    stable (cities by name, postcodes ascending), so a seeded draw gives the same town.
    """
    towns: dict[str, dict[str, list[str]]] = {state.id: {} for state in STATES}
    for postcode in all_postcodes():
        info = lookup(postcode)
        if len(info.state_ids) != 1:
            continue
        state_id = info.state_ids[0]
        if any(
            postcode in place.postcodes and is_town(place)
            for place in find_places(info.places[0])
            if place.state_id == state_id
        ):
            city = city_and_district(postcode, state_id)[0]
            towns[state_id].setdefault(city, []).append(postcode)
    return {
        state_id: tuple(tuple(by_city[city]) for city in sorted(by_city))
        for state_id, by_city in towns.items()
    }
