"""German text folding: one rule for search keys, place names and sorting.

``fold("Groß-Gerau")`` is ``"gross-gerau"``: case folded (ß -> ss), accents and umlauts
dropped (ä -> a). ``fold(text, UMLAUTS_SPELLED_OUT)`` writes ä/ö/ü as ae/oe/ue first, as
German place names are spelled without umlauts ("Muenchen"). The result is a key for
comparing and sorting, never shown.
"""

import unicodedata


UMLAUTS_SPELLED_OUT = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue"})


def strip_accents(text: str) -> str:
    """``text`` without combining marks (é -> e, ä -> a)."""
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def fold(text: str, umlauts: dict[int, str] | None = None) -> str:
    """``text`` case-folded, umlauts translated by ``umlauts`` (default: ä -> a), accents
    stripped."""
    text = unicodedata.normalize("NFC", text or "").casefold()
    if umlauts:
        text = text.translate(umlauts)
    return strip_accents(text)
