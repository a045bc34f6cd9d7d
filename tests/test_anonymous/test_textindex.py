"""Two documents indexed at the same time: the text index's buckets merge (textindex.py).

Known words only: a word new to the lexicon in both transactions is a real conflict.

Without ``textindex.install()`` every trial conflicts: the ``_wordinfo`` bucket holds
dict postings of rare words, which BTrees' conflict resolution cannot compare.
"""

from BTrees.IIBTree import IIBTree
from Products.ZCTextIndex.Lexicon import CaseNormalizer
from Products.ZCTextIndex.Lexicon import Lexicon
from Products.ZCTextIndex.Lexicon import Splitter
from Products.ZCTextIndex.OkapiIndex import OkapiIndex
from sozialplattform.site.overrides import textindex
from ZODB.DemoStorage import DemoStorage
from ZODB.POSException import ConflictError
import transaction
import unittest
import ZODB


class TestConcurrentIndexing(unittest.TestCase):
    def setUp(self):
        textindex.install()  # idempotent; the package does it on import
        self.db = ZODB.DB(DemoStorage())
        self.addCleanup(self.db.close)
        self.managers = [transaction.TransactionManager() for _ in range(2)]
        self.connections = [self.db.open(tm) for tm in self.managers]
        root = self.connections[0].root()
        root["index"] = OkapiIndex(Lexicon(Splitter(), CaseNormalizer()))
        for docid in range(1, 200):  # several buckets: no split of a fresh tree
            text = f"Beratungsstelle Anfrage Berlin einzig{docid} selten{docid % 7}"
            root["index"].index_doc(docid, text)
        self.managers[0].commit()

    def test_concurrent_additions_merge(self):
        for trial in range(5):
            for number, (tm, connection) in enumerate(
                zip(self.managers, self.connections, strict=True)
            ):
                tm.begin()
                connection.root()["index"].index_doc(
                    1000 + 2 * trial + number,
                    f"Beratungsstelle Anfrage Berlin einzig{trial * 2 + number + 1}",
                )
            self.managers[0].commit()
            try:
                self.managers[1].commit()
            except ConflictError as error:  # pragma: no cover - the failure
                self.managers[1].abort()
                self.fail(f"trial {trial}: {error}")
        self.managers[0].begin()
        index = self.connections[0].root()["index"]
        self.assertEqual(len(index.search("einzig2")), 2)
        self.assertEqual(len(index.search("beratungsstelle")), 199 + 10)

    def test_convert_postings_leaves_no_dict(self):
        index = self.connections[0].root()["index"]
        index._wordinfo[5] = {1: 2}  # as stored before the patch

        class Catalog:  # the shape convert_postings reads: _catalog.indexes
            class _catalog:
                indexes = {
                    "SearchableText": textindex.ZCTextIndex.__new__(
                        textindex.ZCTextIndex
                    )
                }

        Catalog._catalog.indexes["SearchableText"].index = index
        self.assertEqual(textindex.convert_postings(Catalog), 1)
        self.assertIsInstance(index._wordinfo[5], IIBTree)
        self.assertEqual(dict(index._wordinfo[5]), {1: 2})
        self.assertFalse(any(isinstance(v, dict) for v in index._wordinfo.values()))
