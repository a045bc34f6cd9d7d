"""Resolve the ``place`` parameter to one place, or to candidates to choose from.

Rules, in this order (documented in docs/api/finder.md):

1. Exact name (case, umlaut and ß folding as in ``geo.find_places``); "St." and "Sankt"
   are the same word ("St. Ingbert" = "Sankt Ingbert").
2. Without an exact match, a qualifier is split off - in brackets, after a comma or
   slash, after "am", "an der", "im", "in", "ob", "bei", or else the words after the
   first one ("Halle (Saale)", "Frankfurt Main") - and the rest is looked up exactly,
   else as the start of longer names ("Frankfurt" -> Frankfurt am Main, Frankfurt
   (Oder)). The qualifier keeps only candidates whose name, district or state has
   words starting with the qualifier's words, if any candidate does.
3. Without a qualifier, a name that is only the start of longer names gives those
   names as candidates ("Freiburg" -> Freiburg im Breisgau, Freiburg (Elbe)).
4. ``state`` narrows the candidates (if any lies in the given states).
5. When several places share exactly one name, the biggest one is chosen if it holds at
   least 80 % of that name's postcodes and has at least 5 of them ("Hamburg" is the city,
   not the Hamburg entry in Kreis Stormarn; "Halle" is Halle (Saale)). Otherwise the
   candidates are listed.

A name that gives no place at all gets suggestions (``suggest``): names spelt like it
("Muenchn" -> München), see ``geo.postcodes.find_similar_places``.
"""

from sozialplattform.site.geo import find_places
from sozialplattform.site.geo import normalise_name
from sozialplattform.site.geo import Place
from sozialplattform.site.geo import state_by_id
from sozialplattform.site.geo.postcodes import find_places_by_prefix
from sozialplattform.site.geo.postcodes import find_similar_places
import re


DOMINANT_SHARE = 0.8
DOMINANT_MIN_POSTCODES = 5
CONNECTORS = ("an der", "am", "im", "in", "ob", "bei")
FILLER_WORDS = frozenset({"a", "d", "der", "die", "den", "dem", *CONNECTORS})
_BRACKETS = re.compile(r"^(?P<base>[^(,/]+?)\s*[(,/]\s*(?P<qualifier>[^)]*)\)?\s*$")
_CONNECTOR = re.compile(
    r"^(?P<base>.+?)\s+(?:" + "|".join(CONNECTORS) + r")\s+(?P<qualifier>.+)$"
)


def _sankt_variants(name: str) -> list[str]:
    """The folded name and its St./Sankt twin."""
    words = normalise_name(name).split()
    swapped = [{"st": "sankt", "sankt": "st"}.get(w, w) for w in words]
    return list(dict.fromkeys([" ".join(words), " ".join(swapped)]))


def _exact(name: str) -> list[Place]:
    found: list[Place] = []
    for variant in [name, *_sankt_variants(name)[1:]]:
        found.extend(p for p in find_places(variant) if p not in found)
    return found


def _prefix(name: str, limit: int = 20) -> list[Place]:
    found: list[Place] = []
    for variant in _sankt_variants(name):
        found.extend(p for p in find_places_by_prefix(variant, limit) if p not in found)
    return found[:limit]


def split_qualifier(name: str, any_words: bool = False) -> tuple[str, str] | None:
    """("Halle (Saale)") -> ("Halle", "Saale"); None when there is nothing to split.

    With ``any_words``, a name without brackets or connector splits after its first word.
    """
    text = " ".join(name.split())
    for pattern in (_BRACKETS, _CONNECTOR):
        match = pattern.match(text)
        if match and match["base"].strip() and match["qualifier"].strip():
            return match["base"].strip(), match["qualifier"].strip()
    words = text.split(" ", 1)
    return (words[0], words[1]) if any_words and len(words) == 2 else None


def _matches_qualifier(place: Place, qualifier_words: list[str]) -> bool:
    state = state_by_id(place.state_id) if place.state_id else None
    words = normalise_name(
        f"{place.name} {place.district} {state.name if state else ''}"
    ).split()
    return all(any(w.startswith(q) for w in words) for q in qualifier_words)


def _by_qualifier(candidates: list[Place], qualifier: str) -> list[Place]:
    wanted = [w for w in normalise_name(qualifier).split() if w not in FILLER_WORDS]
    if not wanted:
        return candidates
    kept = [c for c in candidates if _matches_qualifier(c, wanted)]
    return kept or candidates


def _qualified(name: str, any_words: bool) -> tuple[list[Place], bool]:
    split = split_qualifier(name, any_words)
    if split is None:
        return [], False
    base, qualifier = split
    found = _exact(base)
    if found:
        return _by_qualifier(found, qualifier), True
    found = _by_qualifier(_prefix(base, limit=500), qualifier)
    return found[:20], False


def candidates(name: str, states: list[str]) -> tuple[list[Place], bool]:
    """The places ``name`` may mean, and whether they all share one exact name."""
    found, exact = _exact(name), True
    if not found:
        found, exact = _qualified(name, any_words=False)
    if not found:
        found, exact = _prefix(name), False
    if not found:
        found, exact = _qualified(name, any_words=True)
    return _in_states(found, states), exact and len(
        {normalise_name(c.name) for c in found}
    ) == 1


def _in_states(found: list[Place], states: list[str]) -> list[Place]:
    """The places in ``states``, if any; else all of them."""
    if not states:
        return found
    narrowed = [
        c for c in found if c.state_id and state_by_id(c.state_id).code in states
    ]
    return narrowed or found


def suggest(name: str, states: list[str]) -> list[Place]:
    """Places spelt like ``name`` ("Meinten Sie ...?"), for a name without a place."""
    return _in_states(find_similar_places(name), states)


def dominant(found: list[Place]) -> Place | None:
    """The place that holds most of a shared name's postcodes, if one clearly does."""
    biggest = max(found, key=lambda place: len(place.postcodes))
    total = sum(len(place.postcodes) for place in found)
    count = len(biggest.postcodes)
    if count >= DOMINANT_MIN_POSTCODES and count >= DOMINANT_SHARE * total:
        return biggest
    return None


def resolve(name: str, states: list[str]) -> tuple[Place | None, list[Place]]:
    """(the place, []) when ``name`` is clear; (None, candidates) otherwise."""
    found, same_name = candidates(name, states)
    if len(found) == 1:
        return found[0], []
    if found and same_name:
        chosen = dominant(found)
        if chosen is not None:
            return chosen, []
    return None, found
