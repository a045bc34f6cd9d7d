"""Caches that stay valid until the catalog changes."""

from Acquisition import aq_base
from collections.abc import Callable
from functools import wraps
from plone import api


def catalog_version(catalog) -> tuple[int, bytes] | None:
    """The catalog's committed state as a cache key, or None inside a changing transaction.

    The change counter alone could repeat: a transaction that bumped it and was aborted
    (a conflict retry, a rolled-back test) leaves the same number for the next commit.
    Together with the counter's commit id it cannot; and values computed from uncommitted
    changes are never cached.
    """
    value = catalog.getCounter()  # processes the indexing queue first
    counter = getattr(aq_base(catalog), "_counter", None)
    if counter is None:
        return value, b""
    if counter._p_changed:
        return None
    return value, counter._p_serial


def until_catalog_changes(func: Callable[[], object]) -> Callable[[], object]:
    """Cache ``func()`` per site until the catalog's change counter moves.

    Every content change (and every workflow step) reindexes and so bumps the counter;
    the cached value is never older than the catalog.
    """
    cache: dict[str, tuple[tuple, object]] = {}

    @wraps(func)
    def wrapper():
        catalog = api.portal.get_tool("portal_catalog")
        version = catalog_version(catalog)
        if version is None:
            return func()
        path = "/".join(catalog.getPhysicalPath())
        hit = cache.get(path)
        if hit is not None and hit[0] == version:
            return hit[1]
        value = func()
        cache[path] = (version, value)
        return value

    wrapper.cache = cache
    return wrapper
