"""The finder's view of the named vocabularies and the states."""

from sozialplattform.site.finder.query import TOKEN_FILTERS
from sozialplattform.site.geo import STATES
from zope.component import getUtility
from zope.i18n import translate
from zope.schema.interfaces import IVocabularyFactory


def facet_terms(context, request) -> dict[str, list[tuple[str, str]]]:
    """Parameter -> [(token, title)] for the token facets and the states."""
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
