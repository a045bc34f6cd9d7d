"""Geography of Germany: states, postcodes, place names and distances.

Pure Python, no Plone imports. Postcode data: GeoNames (www.geonames.org),
CC BY 4.0 -- see data/README.md.
"""

from sozialplattform.site.geo.distance import bounding_box
from sozialplattform.site.geo.distance import EARTH_RADIUS_KM
from sozialplattform.site.geo.distance import haversine_km
from sozialplattform.site.geo.postcodes import all_postcodes
from sozialplattform.site.geo.postcodes import find_places
from sozialplattform.site.geo.postcodes import is_company_name
from sozialplattform.site.geo.postcodes import is_postcode_format
from sozialplattform.site.geo.postcodes import lookup
from sozialplattform.site.geo.postcodes import normalise_name
from sozialplattform.site.geo.postcodes import Place
from sozialplattform.site.geo.postcodes import Postcode
from sozialplattform.site.geo.states import GermanState
from sozialplattform.site.geo.states import state_by_code
from sozialplattform.site.geo.states import state_by_geonames_code
from sozialplattform.site.geo.states import state_by_id
from sozialplattform.site.geo.states import STATE_IDS
from sozialplattform.site.geo.states import STATES
from sozialplattform.site.geo.towns import city_and_district
from sozialplattform.site.geo.towns import CITY_STATES
from sozialplattform.site.geo.towns import is_town
from sozialplattform.site.geo.towns import towns_by_state


__all__ = [
    "CITY_STATES",
    "EARTH_RADIUS_KM",
    "STATES",
    "STATE_IDS",
    "GermanState",
    "Place",
    "Postcode",
    "all_postcodes",
    "bounding_box",
    "city_and_district",
    "find_places",
    "haversine_km",
    "is_company_name",
    "is_postcode_format",
    "is_town",
    "lookup",
    "normalise_name",
    "state_by_code",
    "state_by_geonames_code",
    "state_by_id",
    "towns_by_state",
]
