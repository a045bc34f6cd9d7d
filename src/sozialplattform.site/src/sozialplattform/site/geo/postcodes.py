"""German postal codes and place names from the bundled GeoNames CSV.

The CSV (data/zipcodes.de.csv) is read once, on first use; the postcode index
and the place-name index are built from it on their own first use and shared
by all threads.

Quirks of the data handled here:

- one postcode has several rows (several places, or places plus companies);
- "company rows" (bulk recipients: firms, authorities, hospitals ...) carry a
  company name in ``place``. In this data they are exactly the rows whose
  ``state_code`` is a numeric GeoNames admin1 code ("01" ... "16"); localities
  use two-letter codes ("BW" ... "TH"). Legal-form tokens (GmbH, AG, e.V. ...)
  are checked as well, in case a later data release drops that distinction;
- ``state`` mixes German and English names, so only ``state_code`` is used;
- a few company names are mojibake ("KÃ¶ln"); they are repaired;
- 87491 Jungholz is an Austrian village served by the German post: it has no
  state (``state_ids == ()``).
"""

from collections import Counter
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from importlib.resources import files
from sozialplattform.site import folding
from sozialplattform.site.geo.states import state_by_code
from sozialplattform.site.geo.states import state_by_geonames_code
from typing import Any
from typing import NamedTuple
from typing import TypeVar
import bisect
import csv
import difflib
import re
import threading
import unicodedata


CSV_NAME = "zipcodes.de.csv"
_COLUMNS = (  # the CSV columns we use, in the order _make_row expects
    "zipcode",
    "place",
    "state_code",
    "community_code",
    "community",
    "latitude",
    "longitude",
)

_LEGAL_FORM_TOKENS = frozenset(
    {
        "ag",
        "aör",
        "bank",
        "co",
        "co.",
        "co.kg",
        "e.v",
        "e.v.",
        "eg",
        "gbr",
        "ggmbh",
        "gmbh",
        "holding",
        "inc.",
        "kg",
        "kgaa",
        "ltd.",
        "mbh",
        "ohg",
        "se",
        "sparkasse",
        "ug",
        "verlag",
        "versicherung",
    }
)
_TOKEN_SPLIT = re.compile(r"[\s,;/()]+")
_NON_WORD = re.compile(r"[\W_]+")


@dataclass(frozen=True)
class Postcode:
    """A postcode with its places, centroid and state(s)."""

    postcode: str
    places: tuple[str, ...]
    latitude: float
    longitude: float
    state_ids: tuple[str, ...]

    @property
    def state_id(self) -> str | None:
        """The main state (most rows), or None for a postcode outside Germany."""
        return self.state_ids[0] if self.state_ids else None


@dataclass(frozen=True)
class Place:
    """A town or village: one name within one district (Landkreis)."""

    name: str
    state_id: str | None
    latitude: float
    longitude: float
    postcodes: tuple[str, ...]
    district: str = ""


class _Row(NamedTuple):
    postcode: str
    place: str
    state_id: str | None
    district_code: str
    district: str
    latitude: float
    longitude: float
    is_company: bool


class _PlaceIndex(NamedTuple):
    by_name: dict[str, tuple[Place, ...]]
    by_name_without_umlauts: dict[str, tuple[Place, ...]]


_T = TypeVar("_T")
_lock = threading.RLock()
_cache: dict[str, Any] = {}


def _fold(text: str, umlauts: dict[int, str] | None = None) -> str:
    return " ".join(_NON_WORD.sub(" ", folding.fold(text, umlauts)).split())


def normalise_name(text: str) -> str:
    """Fold a name for comparison: "Groß-Umstadt" -> "gross umstadt".

    Lower case, ä/ö/ü -> ae/oe/ue, ß -> ss, other accents dropped, any run of
    punctuation or whitespace -> one space.
    """
    return _fold(text, folding.UMLAUTS_SPELLED_OUT)


def _name_without_umlauts(text: str) -> str:
    """Like normalise_name, but ä/ö/ü -> a/o/u ("München" -> "munchen")."""
    return _fold(text)


def _has_umlaut(text: str) -> bool:
    return any(char in "äöü" for char in unicodedata.normalize("NFC", text).casefold())


def is_postcode_format(value: object) -> bool:
    """Whether ``value`` is exactly five ASCII digits."""
    return (
        isinstance(value, str)
        and len(value) == 5
        and value.isascii()
        and value.isdigit()
    )


def is_company_name(place: str) -> bool:
    """Whether a ``place`` value looks like a company (legal-form tokens)."""
    if "&" in place or "gmbh" in place.casefold():
        return True
    tokens = _TOKEN_SPLIT.split(place.casefold())
    return any(token in _LEGAL_FORM_TOKENS for token in tokens)


def _repair_mojibake(text: str) -> str:
    """Undo UTF-8 read as Latin-1/CP1252 ("KÃ¶ln" -> "Köln")."""
    if "Ã" not in text and "Â" not in text:
        return text
    for encoding in ("cp1252", "latin-1"):
        try:
            return text.encode(encoding).decode("utf-8")
        except UnicodeError:
            continue
    return text


def _state_id(state_code: str) -> str | None:
    state = state_by_geonames_code(state_code) or state_by_code(f"DE-{state_code}")
    return state.id if state else None


def _read_rows() -> list[_Row]:
    path = files(__package__).joinpath("data", CSV_NAME)
    with path.open("r", encoding="utf-8", newline="") as stream:
        reader = csv.reader(stream)
        header = next(reader)
        indexes = [header.index(name) for name in _COLUMNS]
        return [_make_row([values[i] for i in indexes]) for values in reader if values]


def _make_row(values: list[str]) -> _Row:
    """Make a row from the values of the ``_COLUMNS``, in that order."""
    postcode, place, state_code, district_code, district, latitude, longitude = (
        value.strip() for value in values
    )
    place = _repair_mojibake(place)
    return _Row(
        postcode=postcode,
        place=place,
        state_id=_state_id(state_code),
        district_code=district_code,
        district=district,
        latitude=float(latitude),
        longitude=float(longitude),
        is_company=state_code.isdigit() or is_company_name(place),
    )


def _mean(values: list[float]) -> float:
    return round(sum(values) / len(values), 4)


def _state_ids(rows: list[_Row]) -> tuple[str, ...]:
    counts = Counter(row.state_id for row in rows if row.state_id)
    # Counter keeps first-seen order, and sorted() is stable: ties keep it.
    return tuple(sorted(counts, key=lambda state_id: -counts[state_id]))


def _make_postcode(postcode: str, rows: list[_Row]) -> Postcode:
    chosen = [row for row in rows if not row.is_company] or rows
    return Postcode(
        postcode=postcode,
        places=tuple(dict.fromkeys(row.place for row in chosen)),
        latitude=_mean([row.latitude for row in chosen]),
        longitude=_mean([row.longitude for row in chosen]),
        state_ids=_state_ids(chosen),
    )


def _make_place(rows: list[_Row]) -> Place:
    if len(rows) == 1:
        name = rows[0].place
    else:
        name = Counter(row.place for row in rows).most_common(1)[0][0]
    return Place(
        name=name,
        state_id=rows[0].state_id,
        latitude=_mean([row.latitude for row in rows]),
        longitude=_mean([row.longitude for row in rows]),
        postcodes=tuple(sorted({row.postcode for row in rows})),
        district=rows[0].district,
    )


def _place_sort_key(place: Place) -> tuple[int, str, str, str]:
    return (-len(place.postcodes), place.name, place.state_id or "", place.district)


def _sorted_groups(grouped: dict[str, list[Place]]) -> dict[str, tuple[Place, ...]]:
    return {
        key: tuple(sorted(group, key=_place_sort_key)) for key, group in grouped.items()
    }


def _index_postcodes(rows: list[_Row]) -> dict[str, Postcode]:
    by_postcode: dict[str, list[_Row]] = defaultdict(list)
    for row in rows:
        by_postcode[row.postcode].append(row)
    return {code: _make_postcode(code, group) for code, group in by_postcode.items()}


def _index_places(rows: list[_Row]) -> _PlaceIndex:
    by_place: dict[tuple[str, str | None, str], list[_Row]] = defaultdict(list)
    for row in rows:
        if not row.is_company:
            by_place[
                (normalise_name(row.place), row.state_id, row.district_code)
            ].append(row)
    by_name: dict[str, list[Place]] = defaultdict(list)
    by_name_without_umlauts: dict[str, list[Place]] = defaultdict(list)
    for (key, _state_id, _district_code), group in by_place.items():
        place = _make_place(group)
        by_name[key].append(place)
        by_name_without_umlauts[_name_without_umlauts(place.name)].append(place)
    return _PlaceIndex(_sorted_groups(by_name), _sorted_groups(by_name_without_umlauts))


def _cached(name: str, build: Callable[[], _T]) -> _T:
    """Build a value once per process, thread-safely (double-checked lock)."""
    try:
        return _cache[name]
    except KeyError:
        pass
    with _lock:
        if name not in _cache:
            _cache[name] = build()
        return _cache[name]


def _rows() -> list[_Row]:
    return _cached("rows", _read_rows)


def _postcodes() -> dict[str, Postcode]:
    return _cached("postcodes", lambda: _index_postcodes(_rows()))


def _places() -> _PlaceIndex:
    return _cached("places", lambda: _index_places(_rows()))


def lookup(postcode: str) -> Postcode | None:
    """Return the postcode's places, centroid and states, or None if unknown.

    Surrounding whitespace is ignored; anything but five ASCII digits gives None.
    """
    postcode = postcode.strip() if isinstance(postcode, str) else postcode
    if not is_postcode_format(postcode):
        return None
    return _postcodes().get(postcode)


def all_postcodes() -> tuple[str, ...]:
    """All known postcodes, sorted."""
    return tuple(sorted(_postcodes()))


def find_places(name: str) -> list[Place]:
    """Return the places called ``name`` (whole name, not a prefix).

    Case, umlaut spelling (ü/ue) and ß/ss do not matter. A query without
    umlauts also finds names with them ("Munchen" finds München); those
    matches come after the exact ones ("Munster": Munster, then Münster).
    Several results mean the name is ambiguous (same name, other district).
    """
    key = normalise_name(name)
    if not key:
        return []
    index = _places()
    found = list(index.by_name.get(key, ()))
    if not _has_umlaut(name):
        seen = {id(place) for place in found}
        extra = index.by_name_without_umlauts.get(_name_without_umlauts(name), ())
        found.extend(place for place in extra if id(place) not in seen)
    return found


def _sorted_names() -> list[str]:
    return _cached("sorted_names", lambda: sorted(_places().by_name))


def find_places_by_prefix(name: str, limit: int = 20) -> list[Place]:
    """Places whose name starts with the whole words of ``name``.

    "Frankfurt" finds Frankfurt am Main and Frankfurt (Oder), not "Frankfurter Weg";
    folding as in ``find_places``. At most ``limit`` places, the biggest first.
    """
    key = normalise_name(name)
    if not key:
        return []
    names = _sorted_names()
    prefix = key + " "
    found: list[Place] = []
    for position in range(bisect.bisect_left(names, prefix), len(names)):
        if not names[position].startswith(prefix):
            break
        found.extend(_places().by_name[names[position]])
    return sorted(found, key=_place_sort_key)[:limit]


SIMILARITY_CUTOFF = 0.8


def _names_by_initial() -> dict[str, list[str]]:
    """The folded place names grouped by their first letter, built once."""
    grouped: dict[str, list[str]] = defaultdict(list)
    for name in _sorted_names():
        grouped[name[0]].append(name)
    return dict(grouped)


def find_similar_places(name: str, limit: int = 5) -> list[Place]:
    """The biggest place of each of up to ``limit`` names spelt like ``name``.

    For a misspelt name ("Muenchn" -> München, "Hamburk" -> Hamburg): difflib's
    similarity over the folded names that share the first letter (a typo rarely hits
    it, and it keeps the comparison to a few thousand names), at least 0.8, the
    closest first. Folding as in ``find_places``.
    """
    key = normalise_name(name)
    if not key:
        return []
    names = _cached("names_by_initial", _names_by_initial).get(key[0], [])
    close = difflib.get_close_matches(key, names, n=limit, cutoff=SIMILARITY_CUTOFF)
    return [_places().by_name[match][0] for match in close]
