"""Caches that stay valid until the catalog changes."""

from collections.abc import Callable
from functools import wraps
from plone import api


def until_catalog_changes(func: Callable[[], object]) -> Callable[[], object]:
    """Cache ``func()`` per site until the catalog's change counter moves.

    Every content change (and every workflow step) reindexes and so bumps the counter;
    the cached value is never older than the catalog.
    """
    cache: dict[str, tuple[int, object]] = {}

    @wraps(func)
    def wrapper():
        catalog = api.portal.get_tool("portal_catalog")
        path, counter = "/".join(catalog.getPhysicalPath()), catalog.getCounter()
        hit = cache.get(path)
        if hit is not None and hit[0] == counter:
            return hit[1]
        value = func()
        cache[path] = (counter, value)
        return value

    wrapper.cache = cache
    return wrapper
