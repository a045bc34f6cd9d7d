"""The finder's search over catalog index sets and metadata: it never wakes an object.

Filters are intersections of record-id sets taken straight from the catalog indexes; the
distance filter and the facets read metadata columns of the remaining records only.
"""

from Acquisition import aq_base
from BTrees.IIBTree import difference
from BTrees.IIBTree import IISet
from BTrees.IIBTree import intersection
from BTrees.IIBTree import multiunion
from dataclasses import dataclass
from plone import api
from Products.PluginIndexes.BooleanIndex.BooleanIndex import BooleanIndex
from sozialplattform.site import functions
from sozialplattform.site.booking.summary import COLUMN as BOOKING_SUMMARY
from sozialplattform.site.caching import until_catalog_changes
from sozialplattform.site.content.interfaces import ADDRESS_FIELDS
from sozialplattform.site.content.interfaces import OFFER_FLAGS
from sozialplattform.site.content.schemafields import TAG_FIELDS
from sozialplattform.site.finder import bookable
from sozialplattform.site.finder.query import FinderQuery
from sozialplattform.site.finder.query import TOKEN_FILTERS
from sozialplattform.site.finder.text import query_words
from sozialplattform.site.finder.text import words as text_words
from sozialplattform.site.geo import bounding_box
from sozialplattform.site.geo import haversine_km


WORD_INDEX = "finder_words"
FACET_INDEXES = {
    **{p: index for p, (index, _v) in TOKEN_FILTERS.items()},
    "state": "state",
}
#: The finder record: the catalog metadata columns read for each hit. Shown unchanged in
#: an item (the State's ISO code after the city), as lists, as yes/no, or used for the
#: function links. catalog.xml has a column for each (tests/test_setup/test_catalog_xml.py).
SHOWN_COLUMNS = (*ADDRESS_FIELDS[:3], "state", *ADDRESS_FIELDS[3:])
LIST_COLUMNS = TAG_FIELDS
FLAG_COLUMNS = OFFER_FLAGS
FUNCTION_COLUMNS = (
    *functions.switches(),
    *functions.external_urls(),
    "granted_functions",
    BOOKING_SUMMARY,
)
COLUMNS = (
    "UID",
    "Title",
    "Description",
    *SHOWN_COLUMNS,
    *LIST_COLUMNS,
    *FLAG_COLUMNS,
    *FUNCTION_COLUMNS,
)


@dataclass
class Hit:
    rid: int
    distance_km: float | None
    relevance: int = 0
    record: dict | None = None


@dataclass
class FinderResult:
    hits: list[Hit]
    facets: dict[str, dict[str, int]]
    sets: "CatalogSets"
    #: the free-slot question of the query, for ``next_free_slot`` of the items
    slots: bookable.SlotWindow | None = None

    @property
    def total(self) -> int:
        return len(self.hits)

    def batch(self, start: int, size: int) -> list[Hit]:
        """The hits of one page, with their metadata records filled in."""
        hits = self.hits[start : start + size]
        for hit in hits:
            hit.record = self.sets.record(hit.rid)
            hit.record["path"] = self.sets.path(hit.rid)
        return hits


def _as_set(value) -> IISet:
    if value is None:
        return IISet()
    if isinstance(value, int):
        return IISet((value,))
    return value


class CatalogSets:
    """Record-id sets from the indexes of one catalog."""

    def __init__(self, catalog):
        self.catalog = catalog._catalog
        self.positions = {name: self.catalog.schema[name] for name in COLUMNS}
        self.data = self.catalog.data
        self.sortable_titles = self.catalog.getIndex("sortable_title")._unindex

    def column(self, rid: int, name: str):
        return self.data[rid][self.positions[name]]

    def sortable_title(self, rid: int) -> str:
        return self.sortable_titles.get(rid, "")

    def index(self, name):
        return self.catalog.getIndex(name)

    def value(self, index_name: str, value) -> IISet:
        index = self.index(index_name)
        if isinstance(index, BooleanIndex):
            # stores only the rarer value's records
            found = index._apply_index({index_name: {"query": value}})
            return found[0] if found else IISet()
        return _as_set(index._index.get(value))

    def any_of(self, index_name: str, values) -> IISet:
        return multiunion([self.value(index_name, v) for v in values])

    def range(self, index_name: str, low, high) -> IISet:
        single, sets = [], []
        for value in self.index(index_name)._index.values(low, high):
            if isinstance(value, int):
                single.append(value)
            else:
                sets.append(value)
        return multiunion([IISet(single), *sets])

    def prefix(self, index_name: str, word: str) -> IISet:
        return self.range(index_name, word, word + "\U0010ffff")

    def record(self, rid: int) -> dict:
        data = self.catalog.data[rid]
        return {name: data[pos] for name, pos in self.positions.items()}

    def path(self, rid: int) -> str:
        return self.catalog.paths[rid]


def _intersect_all(sets):
    result = None
    for item in sets:
        result = item if result is None else intersection(result, item)
    return result


def _visible_published(sets: CatalogSets) -> IISet:
    return _intersect_all(
        [
            sets.value("portal_type", "CounsellingCentre"),
            sets.value("review_state", "published"),
            # what anonymous visitors may see, should a State or centre ever restrict View
            sets.value("allowedRolesAndUsers", "Anonymous"),
        ]
    )


@until_catalog_changes
def _cached_visible_published() -> IISet:
    return _visible_published(CatalogSets(api.portal.get_tool("portal_catalog")))


def public_centres(sets: CatalogSets) -> IISet:
    """Published centres anonymous visitors may see; the site's set is kept until the
    catalog changes (the three big index sets are intersected once, not per query)."""
    site_catalog = api.portal.get_tool("portal_catalog")._catalog
    if aq_base(sets.catalog) is aq_base(site_catalog):
        return _cached_visible_published()
    return _visible_published(sets)


def base_set(sets: CatalogSets, query: FinderQuery) -> IISet:
    """Published centres matching every filter except the token facets, the location
    and ``bookable`` (applied by ``search`` to what the location leaves)."""
    parts = [public_centres(sets)]
    for name, wanted in query.booleans.items():
        parts.append(sets.value(name, wanted))
    if not query.include_nationwide:
        parts.append(difference(parts[0], sets.value("nationwide", True)))
    for word in query_words(query.text):
        parts.append(sets.prefix(WORD_INDEX, word))
    return _intersect_all(parts)


def token_sets(sets: CatalogSets, query: FinderQuery) -> dict[str, IISet]:
    """One set per active facet: OR within the parameter."""
    active = {
        parameter: sets.any_of(FACET_INDEXES[parameter], tokens)
        for parameter, tokens in query.tokens.items()
    }
    if query.states:
        active["state"] = sets.any_of("state", query.states)
    return active


def locate(
    sets: CatalogSets, candidates: IISet, query: FinderQuery
) -> dict[int, float | None]:
    """Record id -> distance in km for the candidates within the radius, and nationwide ones."""
    if query.location is None:
        return dict.fromkeys(candidates)
    lat, lon = query.location.latitude, query.location.longitude
    min_lat, max_lat, min_lon, max_lon = bounding_box(lat, lon, query.radius_km)
    box = intersection(
        sets.range("latitude", min_lat, max_lat),
        sets.range("longitude", min_lon, max_lon),
    )
    found: dict[int, float | None] = {}
    nationwide = sets.value("nationwide", True) if query.include_nationwide else IISet()
    lat_pos, lon_pos = sets.positions["latitude"], sets.positions["longitude"]
    data, radius = sets.data, query.radius_km
    for rid in intersection(candidates, difference(box, nationwide)):
        record = data[rid]
        distance = haversine_km(lat, lon, record[lat_pos], record[lon_pos])
        if distance <= radius:
            found[rid] = distance
    for rid in intersection(candidates, nationwide):
        found[rid] = None
    return found


METADATA_COUNT_LIMIT = 4000


def _count_from_metadata(sets: CatalogSets, scope, column: str) -> dict[str, int]:
    counts: dict[str, int] = {}
    position, data = sets.positions[column], sets.data
    for rid in scope:
        values = data[rid][position]
        if isinstance(values, str):
            values = (values,)
        for value in values or ():
            counts[value] = counts.get(value, 0) + 1
    return counts


def _count_from_index(sets: CatalogSets, scope, index_name: str) -> dict[str, int]:
    index = sets.index(index_name)._index
    return {
        value: len(intersection(scope, _as_set(rids))) for value, rids in index.items()
    }


def facet_counts(sets, located: dict, base: IISet, active: dict, query) -> dict:
    """Disjunctive counts: a facet's counts apply every other active filter, not its own.

    Small scopes are counted from metadata columns, large ones by index intersections.
    """
    located_set = IISet(sorted(located))
    facets = {}
    for parameter, index_name in FACET_INDEXES.items():
        others = [s for name, s in active.items() if name != parameter]
        scope = _intersect_all([located_set, base, *others])
        if len(scope) <= METADATA_COUNT_LIMIT:
            facets[parameter] = _count_from_metadata(sets, scope, index_name)
        else:
            facets[parameter] = _count_from_index(sets, scope, index_name)
    return facets


def relevance(title: str, words: list[str]) -> int:
    """Words found at the start of title words weigh more than elsewhere.

    Title words are split like the index splits them: hyphens are word boundaries, so
    "beratung" starts a word of "Online-Beratung".
    """
    title_words = text_words(title or "")
    score = 0
    for word in words:
        if any(t.startswith(word) for t in title_words):
            score += 3
        else:
            score += 1
    return score


def sort_hits(sets: CatalogSets, hits: list[Hit], query: FinderQuery) -> list[Hit]:
    def by_title(hit):
        return sets.sortable_title(hit.rid)

    if query.sort_on == "distance":
        return sorted(
            hits,
            key=lambda h: (h.distance_km is None, h.distance_km or 0.0, by_title(h)),
        )
    if query.sort_on == "relevance":
        return sorted(
            hits,
            key=lambda h: (
                -h.relevance,
                h.distance_km is None,
                h.distance_km or 0.0,
                by_title(h),
            ),
        )
    return sorted(hits, key=by_title)


def search(catalog, query: FinderQuery, states=None) -> FinderResult:
    """``states``: ``functions.gating.state_participation()`` (the booking filter)."""
    sets = CatalogSets(catalog)
    slots = bookable.window(query, states)
    base = base_set(sets, query)
    active = token_sets(sets, query)
    candidates = _intersect_all([base, *active.values()])
    # distances once for everything the facets need; the hits are a subset of it
    located_all = locate(sets, base if active else candidates, query)
    if query.bookable:
        # last, on the few the location leaves: the facets count with it
        keep = bookable.bookable(sets, IISet(sorted(located_all)), slots)
        located_all = {rid: km for rid, km in located_all.items() if rid in keep}
    located = (
        located_all
        if not active
        else {rid: located_all[rid] for rid in candidates if rid in located_all}
    )
    words = query_words(query.text)
    hits = [
        Hit(rid, distance, relevance(sets.column(rid, "Title"), words) if words else 0)
        for rid, distance in located.items()
    ]
    facets = facet_counts(sets, located_all, base, active, query)
    return FinderResult(sort_hits(sets, hits, query), facets, sets, slots)


def nationwide(
    catalog, query: FinderQuery, limit: int = 10, states=None
) -> FinderResult:
    """Up to ``limit`` nationwide centres matching the query's filters, by title.

    Taken straight from the ``nationwide`` index, whatever the location: for the page
    that found nothing nearby.
    """
    sets = CatalogSets(catalog)
    slots = bookable.window(query, states)
    candidates = _intersect_all(
        [
            base_set(sets, query),
            *token_sets(sets, query).values(),
            sets.value("nationwide", True),
        ]
    )
    if query.bookable:
        candidates = bookable.bookable(sets, candidates, slots)
    hits = sorted(
        (Hit(rid, None) for rid in candidates),
        key=lambda hit: sets.sortable_title(hit.rid),
    )
    return FinderResult(hits[:limit], {}, sets, slots)
