"""Vocabulary ``sozialplattform.onboarding_functions``: the functions a centre can be given."""

from sozialplattform.site.functions import all_functions
from zope.interface import provider
from zope.schema.interfaces import IVocabularyFactory
from zope.schema.vocabulary import SimpleTerm
from zope.schema.vocabulary import SimpleVocabulary


@provider(IVocabularyFactory)
def FunctionsVocabulary(context=None):
    return SimpleVocabulary(
        [SimpleTerm(f.name, f.name, f.title) for f in all_functions()]
    )
