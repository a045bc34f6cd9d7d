"""Keep the new site's objects in the ZODB cache until its creating transaction ends.

Why: plone.distribution creates the site and the example content in one transaction
(``plone.distribution.api.site.create``). Its savepoints let ZODB shrink the connection's
cache to its size (``Connection.savepoint`` calls ``cacheGC``), which turns objects of the
new site into ghosts, among them parts of its component registry. At the commit,
Products.CMFCore's indexing queue (``QueueTM.tpc_finish`` -> ``IndexQueue.commit``) looks
up ``IIndexQueueProcessor`` utilities in that registry *after* the connection finished the
commit and before its next transaction starts: a ghost is then loaded as of the start of
the transaction, when it did not exist yet, and the commit ends in a POSKeyError. It
happens whenever more objects were touched than the cache holds (the test databases keep
400); creating the site without the example content, or with a cache this large, does not
trigger it. Remove this module once CMFCore no longer reads persistent objects in
``tpc_finish``; ``tests/test_examplecontent/test_zodbcache.py`` says when it is needed.
"""

CACHE_SIZE_DURING_CREATION = 100_000


def keep_cached_until_transaction_end(obj) -> None:
    """Raise the cache size of ``obj``'s database until the current transaction ends.

    ``DB.setCacheSize`` applies to every connection of the database, the open ones
    included; site creation runs before the site serves requests, so only the creating
    connection is affected in practice.
    """
    jar = getattr(obj, "_p_jar", None)
    if jar is None:
        return
    db = jar.db()
    previous = db.getCacheSize()
    if previous >= CACHE_SIZE_DURING_CREATION:
        return

    def restore(*args):
        db.setCacheSize(previous)

    db.setCacheSize(CACHE_SIZE_DURING_CREATION)
    current = jar.transaction_manager.get()
    current.addAfterCommitHook(restore)
    current.addAfterAbortHook(restore)
