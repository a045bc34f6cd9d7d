"""The creating transaction keeps the new site in the ZODB cache, then the size returns.

Why it is needed (a CMFCore commit-time lookup of ghosts created in the same transaction)
is in ``distributions/zodbcache.py``; without it the distribution test layer, whose
database keeps 400 objects, fails with a POSKeyError while creating the site.
"""

from persistent.mapping import PersistentMapping
from sozialplattform.site.distributions.zodbcache import CACHE_SIZE_DURING_CREATION
from sozialplattform.site.distributions.zodbcache import (
    keep_cached_until_transaction_end,
)
from ZODB.MappingStorage import MappingStorage
import transaction
import unittest
import ZODB


class TestKeepCached(unittest.TestCase):
    def setUp(self):
        self.db = ZODB.DB(MappingStorage(), cache_size=400)
        self.manager = transaction.TransactionManager()
        self.connection = self.db.open(self.manager)
        self.root = self.connection.root()
        self.root["site"] = PersistentMapping()
        self.manager.commit()

    def tearDown(self):
        self.manager.abort()
        self.connection.close()
        self.db.close()

    def keep_cached(self):
        keep_cached_until_transaction_end(self.root["site"])

    def test_raised_until_the_commit(self):
        self.keep_cached()
        self.assertEqual(self.connection._cache.cache_size, CACHE_SIZE_DURING_CREATION)
        self.root["site"]["centre"] = PersistentMapping()
        self.manager.commit()
        self.assertEqual(self.connection._cache.cache_size, 400)
        self.assertEqual(self.db.getCacheSize(), 400)

    def test_raised_until_the_abort(self):
        self.keep_cached()
        self.manager.abort()
        self.assertEqual(self.connection._cache.cache_size, 400)

    def test_a_larger_cache_stays(self):
        self.db.setCacheSize(CACHE_SIZE_DURING_CREATION * 2)
        self.keep_cached()
        self.manager.commit()
        self.assertEqual(self.db.getCacheSize(), CACHE_SIZE_DURING_CREATION * 2)

    def test_an_object_outside_the_database(self):
        keep_cached_until_transaction_end(PersistentMapping())  # nothing to do
        self.assertEqual(self.db.getCacheSize(), 400)
