"""Vocabulary ``sozialplattform.onboarding_functions``: the functions a centre can be given."""

from sozialplattform.site.onboarding import FUNCTION_TITLES
from sozialplattform.site.onboarding import FUNCTIONS
from zope.interface import provider
from zope.schema.interfaces import IVocabularyFactory
from zope.schema.vocabulary import SimpleTerm
from zope.schema.vocabulary import SimpleVocabulary


@provider(IVocabularyFactory)
def FunctionsVocabulary(context=None):
    return SimpleVocabulary(
        [SimpleTerm(name, name, FUNCTION_TITLES[name]) for name in FUNCTIONS]
    )
