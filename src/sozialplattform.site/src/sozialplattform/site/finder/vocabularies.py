"""The finder's view of the named vocabularies and the states."""

from sozialplattform.site.finder.query import TOKEN_FILTERS
from sozialplattform.site.geo import STATES
from sozialplattform.site.vocabularies.registry import get_lines
from zope.component import getUtility
from zope.i18n import translate
from zope.schema.interfaces import IVocabularyFactory


_cache: dict = {}


def facet_terms(context, request) -> dict[str, list[tuple[str, str]]]:
    """Parameter -> [(token, title)] for the token facets and the states.

    Cached by the vocabularies' registry values and the request's language, so a change in
    the control panel shows at once.
    """
    key = (
        tuple(
            tuple(get_lines(name.split(".", 1)[1]) or ())
            for _i, name in TOKEN_FILTERS.values()
        ),
        getattr(request, "get", lambda *a: None)("LANGUAGE") or "",
    )
    cached = _cache.get(key)
    if cached is None:
        if len(_cache) > 32:
            _cache.clear()
        cached = _cache[key] = _facet_terms(context, request)
    return cached


def _facet_terms(context, request) -> dict[str, list[tuple[str, str]]]:
    terms = {}
    for parameter, (_index, name) in TOKEN_FILTERS.items():
        vocabulary = getUtility(IVocabularyFactory, name)(context)
        terms[parameter] = [
            (term.token, translate(term.title or term.token, context=request))
            for term in vocabulary
        ]
    terms["state"] = [(state.code, state.name) for state in STATES]
    return terms


def token_sets(terms: dict) -> dict[str, set[str]]:
    """Vocabulary name -> set of tokens, as the query parser wants it."""
    return {
        name: {token for token, _title in terms[parameter]}
        for parameter, (_index, name) in TOKEN_FILTERS.items()
    }
