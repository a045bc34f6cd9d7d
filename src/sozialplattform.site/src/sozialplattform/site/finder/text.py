"""German full-text folding for the finder.

Words are folded so that the spellings people type match alike: case, umlauts written as
letters with or without ``e`` (Müttergenesung, Muettergenesung, Muttergenesung) and ß/ss.
The folded form is only a search key, never shown.
"""

from sozialplattform.site import folding
import re


WORD = re.compile(r"\w+")
DIGRAPHS = (("ae", "a"), ("oe", "o"), ("ue", "u"), ("ss", "s"))


def fold(text: str) -> str:
    """``folding.fold`` (case, ß, umlauts, accents), then the German e-spellings of
    umlauts and ss dropped, so that every spelling meets the same key."""
    text = folding.fold(text)
    for digraph, letter in DIGRAPHS:
        text = text.replace(digraph, letter)
    return text


def words(*texts: str) -> list[str]:
    """Sorted distinct folded words of ``texts``."""
    found = set()
    for text in texts:
        found.update(WORD.findall(fold(text)))
    return sorted(found)


def query_words(text: str) -> list[str]:
    """The folded words of a search query, in order, without duplicates."""
    seen = []
    for word in WORD.findall(fold(text)):
        if word not in seen:
            seen.append(word)
    return seen
