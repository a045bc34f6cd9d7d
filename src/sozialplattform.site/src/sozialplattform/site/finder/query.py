"""Parse and validate the finder's request parameters into a ``FinderQuery``.

Every problem raises ``FinderParameterError`` naming the parameter, which the REST service
turns into a 400 and the page into a message at the form field.
"""

from dataclasses import dataclass
from dataclasses import field
from sozialplattform.site import _
from sozialplattform.site.booking.summary import DEFAULT_WITHIN_DAYS
from sozialplattform.site.booking.summary import SCAN_DAYS
from sozialplattform.site.finder.places import resolve
from sozialplattform.site.finder.places import suggest
from sozialplattform.site.finder.text import query_words
from sozialplattform.site.geo import is_postcode_format
from sozialplattform.site.geo import lookup
from sozialplattform.site.geo import Place
from sozialplattform.site.geo import state_by_code
from sozialplattform.site.geo import state_by_id
from zope.i18nmessageid import Message
import math


DEFAULT_RADIUS_KM = 25.0
MIN_RADIUS_KM, MAX_RADIUS_KM = 1.0, 200.0
DEFAULT_BATCH_SIZE, MAX_BATCH_SIZE = 20, 100
TOKEN_FILTERS = {
    # parameter -> (catalog index, vocabulary)
    "topic": ("topics", "sozialplattform.topics"),
    "target_group": ("target_groups", "sozialplattform.target_groups"),
    "language": ("languages", "sozialplattform.languages"),
    "channel": ("channels", "sozialplattform.channels"),
}
BOOLEAN_FILTERS = ("accessible", "free_of_charge", "anonymous")
SORTS = ("distance", "title", "relevance")
TRUE, FALSE = ("true", "1", "yes", "on"), ("false", "0", "no", "off")


class FinderParameterError(ValueError):
    """A bad parameter: ``parameter`` names it, ``message`` says why.

    ``candidates``: the places an ambiguous name may mean; ``suggestions``: places
    spelt like an unknown one. Both are dicts as ``_candidate`` makes them.
    """

    def __init__(
        self, parameter: str, message: Message, candidates=None, suggestions=None
    ):
        super().__init__(f"{parameter}: {message}")
        self.parameter = parameter
        self.message = message
        self.candidates = candidates or []
        self.suggestions = suggestions or []


@dataclass
class Location:
    latitude: float
    longitude: float
    postcode: str | None = None
    place: str | None = None


@dataclass
class FinderQuery:
    location: Location | None = None
    radius_km: float = DEFAULT_RADIUS_KM
    text: str = ""
    tokens: dict[str, list[str]] = field(default_factory=dict)
    booleans: dict[str, bool] = field(default_factory=dict)
    states: list[str] = field(default_factory=list)
    include_nationwide: bool = True
    sort_on: str = "title"
    b_start: int = 0
    b_size: int = DEFAULT_BATCH_SIZE
    #: only centres with a free appointment in the next ``within_days`` days (today
    #: included; with ``channel``: of a type with one of those channels)
    bookable: bool = False
    within_days: int = DEFAULT_WITHIN_DAYS


def _values(form, name) -> list[str]:
    value = form.get(name)
    if value is None:
        return []
    values = value if isinstance(value, list | tuple) else [value]
    return [str(v).strip() for v in values if str(v).strip()]


def _single(form, name) -> str | None:
    values = _values(form, name)
    if len(values) > 1:
        raise FinderParameterError(
            name, _("error_param_once", default="Give this parameter only once.")
        )
    return values[0] if values else None


def _boolean(form, name) -> bool | None:
    value = _single(form, name)
    if value is None:
        return None
    if value.lower() in TRUE:
        return True
    if value.lower() in FALSE:
        return False
    raise FinderParameterError(
        name, _("error_param_boolean", default="Use true or false.")
    )


def plain_number(number) -> str:
    """1.0 -> "1", 12.5 -> "12.5": no float noise in messages."""
    return str(int(number)) if float(number).is_integer() else str(number)


def _number(form, name, minimum, maximum, integer=False):
    value = _single(form, name)
    if value is None:
        return None
    try:
        number = int(value) if integer else float(value)
    except ValueError:
        number = None
    if number is None or math.isnan(number) or not minimum <= number <= maximum:
        raise FinderParameterError(
            name,
            _(
                "error_param_range",
                default="Give a number from ${minimum} to ${maximum}.",
                mapping={
                    "minimum": plain_number(minimum),
                    "maximum": plain_number(maximum),
                },
            ),
        )
    return number


def _location(form, states: list[str]) -> Location | None:
    postcode = _single(form, "postcode")
    place = _single(form, "place")
    lat, lon = _single(form, "lat"), _single(form, "lon")
    given = [name for name, v in (("postcode", postcode), ("place", place)) if v]
    if lat is not None or lon is not None:
        given.append("lat")
    if len(given) > 1:
        raise FinderParameterError(
            given[1],
            _(
                "error_one_location",
                default="Give postcode, place or lat/lon, not several.",
            ),
        )
    if postcode:
        if not is_postcode_format(postcode):
            raise FinderParameterError(
                "postcode",
                _(
                    "error_postcode_format",
                    default="Enter a German postcode with five digits.",
                ),
            )
        info = lookup(postcode)
        if info is None:
            raise FinderParameterError(
                "postcode",
                _("error_postcode_unknown", default="This postcode does not exist."),
            )
        name = info.places[0] if info.places else None
        return Location(info.latitude, info.longitude, postcode=postcode, place=name)
    if place:
        return _place_location(place, states)
    if lat is not None or lon is not None:
        if lat is None or lon is None:
            missing = "lon" if lon is None else "lat"
            raise FinderParameterError(
                missing, _("error_lat_lon_pair", default="Give lat and lon together.")
            )
        latitude = _number(form, "lat", -90.0, 90.0)
        longitude = _number(form, "lon", -180.0, 180.0)
        return Location(latitude, longitude)
    return None


def _candidate(place: Place) -> dict:
    return {
        "place": place.name,
        "district": place.district,
        "state": state_by_id(place.state_id).code if place.state_id else None,
        "postcode": place.postcodes[0] if place.postcodes else None,
    }


def _place_location(place: str, states: list[str]) -> Location:
    found, candidates = resolve(place, states)
    if found is None and not candidates:
        raise FinderParameterError(
            "place",
            _("error_place_unknown", default="No place of this name in Germany."),
            suggestions=[_candidate(p) for p in suggest(place, states)],
        )
    if found is None:
        raise FinderParameterError(
            "place",
            _(
                "error_place_ambiguous",
                default="Several places have this name; choose one by its postcode.",
            ),
            candidates=[_candidate(c) for c in candidates],
        )
    postcode = found.postcodes[0] if len(found.postcodes) == 1 else None
    return Location(
        found.latitude, found.longitude, postcode=postcode, place=found.name
    )


def _states(form) -> list[str]:
    """ISO codes in their canonical spelling ("de-be" -> "DE-BE")."""
    codes = []
    for code in _values(form, "state"):
        state = state_by_code(code)
        if state is None:
            raise FinderParameterError(
                "state",
                _(
                    "error_unknown_state",
                    default="Unknown state code ${code}; use ISO codes like DE-BE.",
                    mapping={"code": code},
                ),
            )
        codes.append(state.code)
    return list(dict.fromkeys(codes))


def _text(form) -> str:
    text = _single(form, "q") or ""
    if len(text) > 200:
        raise FinderParameterError(
            "q",
            _("error_q_too_long", default="Search text is limited to 200 characters."),
        )
    if text and not query_words(text):
        raise FinderParameterError(
            "q",
            _(
                "error_q_no_words",
                default="Enter a search text with letters or digits.",
            ),
        )
    return text


def parse(form, vocabularies) -> FinderQuery:
    """Build a FinderQuery from request parameters.

    ``vocabularies`` maps a vocabulary name to the set of its tokens.
    """
    query = FinderQuery()
    query.states = _states(form)
    query.location = _location(form, query.states)
    radius = _number(form, "radius", MIN_RADIUS_KM, MAX_RADIUS_KM)
    if radius is not None:
        query.radius_km = radius
    query.text = _text(form)
    for parameter, (_index, vocabulary) in TOKEN_FILTERS.items():
        tokens = _values(form, parameter)
        unknown = [t for t in tokens if t not in vocabularies[vocabulary]]
        if unknown:
            raise FinderParameterError(
                parameter,
                _(
                    "error_unknown_token",
                    default="Unknown value ${value}.",
                    mapping={"value": ", ".join(unknown)},
                ),
            )
        if tokens:
            query.tokens[parameter] = list(dict.fromkeys(tokens))
    for name in BOOLEAN_FILTERS:
        value = _boolean(form, name)
        if value is not None:
            query.booleans[name] = value
    query.bookable = bool(_boolean(form, "bookable"))
    within = _number(form, "within_days", 1, SCAN_DAYS, integer=True)
    query.within_days = DEFAULT_WITHIN_DAYS if within is None else within
    nationwide = _boolean(form, "include_nationwide")
    query.include_nationwide = True if nationwide is None else nationwide
    default_sort = (
        "relevance" if query.text else "distance" if query.location else "title"
    )
    query.sort_on = _single(form, "sort_on") or default_sort
    if query.sort_on not in SORTS:
        raise FinderParameterError(
            "sort_on",
            _("error_sort_on", default="Sort by distance, title or relevance."),
        )
    if query.sort_on == "distance" and query.location is None:
        raise FinderParameterError(
            "sort_on",
            _("error_sort_distance", default="Sorting by distance needs a location."),
        )
    if query.sort_on == "relevance" and not query.text:
        raise FinderParameterError(
            "sort_on",
            _(
                "error_sort_relevance",
                default="Sorting by relevance needs a search text.",
            ),
        )
    query.b_start = _number(form, "b_start", 0, 10**6, integer=True) or 0
    size = _number(form, "b_size", 1, MAX_BATCH_SIZE, integer=True)
    query.b_size = DEFAULT_BATCH_SIZE if size is None else size
    return query
