"""Text indexes whose postings merge on concurrent additions (global patch).

Products.ZCTextIndex keeps, per word, ``_wordinfo[wid] -> {docid: weight}`` and stores a
plain ``dict`` while a word has fewer than ``DICT_CUTOFF`` (10) documents, an ``IIBTree``
after. BTrees resolves a conflict on a bucket of ``_wordinfo`` by comparing the values of
the three states key by key, with ``<``: Python 3 dicts cannot be ordered, so a bucket that
holds a single dict value anywhere is unresolvable. Every new document shares common words
with the others (and every bucket of a real lexicon holds rare words), so two submissions
indexed at the same time conflicted on ``SearchableText``/``Title`` almost always, and
retries of eight parallel clients kept colliding (issue 9, Medium 4).

``install()`` makes every word's postings an ``IIBTree`` from its first document on
(persistent, merges concurrent inserts of different docids); ``convert_postings`` turns the
dicts of existing indexes into IIBTrees (upgrade handler). Searching is unchanged: the
index code reads both kinds.
"""

from BTrees.IIBTree import IIBTree
from Products.ZCTextIndex.BaseIndex import BaseIndex
from Products.ZCTextIndex.ZCTextIndex import ZCTextIndex


def _add_wordinfo(self, wid, f, docid):
    doc2score = self._wordinfo.get(wid)
    if doc2score is None:
        doc2score = IIBTree()
        self.length.change(1)
    elif isinstance(doc2score, dict):
        doc2score = IIBTree(doc2score)
    doc2score[docid] = f
    self._wordinfo[wid] = doc2score  # as upstream: the bucket must see the change


def _mass_add_wordinfo(self, wid2weight, docid):
    new_word_count = 0
    for wid, weight in wid2weight.items():
        doc2score = self._wordinfo.get(wid)
        if doc2score is None:
            doc2score = IIBTree()
            new_word_count += 1
        elif isinstance(doc2score, dict):
            doc2score = IIBTree(doc2score)
        doc2score[docid] = weight
        self._wordinfo[wid] = doc2score
    self.length.change(new_word_count)


def install() -> None:
    """Replace BaseIndex's two methods (Okapi and Cosine index inherit them)."""
    BaseIndex._add_wordinfo = _add_wordinfo
    BaseIndex._mass_add_wordinfo = _mass_add_wordinfo


def convert_postings(catalog) -> int:
    """Turn the dict postings of every ZCTextIndex of ``catalog`` into IIBTrees.

    Reaches into ``index._wordinfo`` (upstream's private attribute, see the module
    docstring); returns the number of words converted.
    """
    converted = 0
    for index in catalog._catalog.indexes.values():
        if not isinstance(index, ZCTextIndex):
            continue
        wordinfo = index.index._wordinfo
        for wid in [wid for wid, value in wordinfo.items() if isinstance(value, dict)]:
            wordinfo[wid] = IIBTree(wordinfo[wid])
            converted += 1
    return converted


def upgrade_text_indexes(context=None) -> int:
    """Upgrade handler: ``convert_postings`` of the portal catalog."""
    from plone import api

    return convert_postings(api.portal.get_tool("portal_catalog"))
