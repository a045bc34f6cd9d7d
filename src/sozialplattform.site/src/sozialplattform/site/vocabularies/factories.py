"""The named vocabularies ``sozialplattform.topics``, ``.target_groups``, ``.languages`` and
``.channels``.

Terms come from the current site's registry (see ``registry``), the defaults when the record
is missing. Term value and token are the stable id, the title is the German label. Topics,
target groups and languages are sorted by label (German dictionary order: umlauts as their
base letter, ß as ss, case ignored); channels keep their defined order.
"""

from sozialplattform.site import folding
from sozialplattform.site.vocabularies.registry import get_terms
from zope.interface import implementer
from zope.schema.interfaces import IVocabularyFactory
from zope.schema.vocabulary import SimpleTerm
from zope.schema.vocabulary import SimpleVocabulary


def collation_key(label: str) -> str:
    """``label`` folded for sorting as in a German dictionary (DIN 5007-1).

    Case is ignored, ß counts as ss and letters with diacritics as their base letter
    (Ä as A, é as e), so "Ärzte" sorts between "Arbeit" and "Beratung".
    """
    return folding.fold(label)


def sort_terms(terms) -> list[tuple[str, str]]:
    """``(token, label)`` pairs in German label order; ties by the exact label, then token."""
    return sorted(terms, key=lambda term: (collation_key(term[1]), term[1], term[0]))


@implementer(IVocabularyFactory)
class RegistryVocabularyFactory:
    """A vocabulary factory reading the terms of ``name`` from the registry when called."""

    def __init__(self, name: str, sort: bool = True):
        self.name = name
        self.sort = sort

    def __call__(self, context=None):
        terms = get_terms(self.name)
        if self.sort:
            terms = sort_terms(terms)
        return SimpleVocabulary(
            [
                SimpleTerm(value=token, token=token, title=label)
                for token, label in terms
            ]
        )

    def __repr__(self):
        return f"<{type(self).__name__} {self.name!r}>"


TopicsVocabulary = RegistryVocabularyFactory("topics")
TargetGroupsVocabulary = RegistryVocabularyFactory("target_groups")
LanguagesVocabulary = RegistryVocabularyFactory("languages")
ChannelsVocabulary = RegistryVocabularyFactory("channels", sort=False)
