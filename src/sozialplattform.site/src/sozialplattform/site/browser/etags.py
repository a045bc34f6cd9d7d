"""ETag components for plone.app.caching (profiles/default/registry/caching.xml)."""

from datetime import UTC
from plone.app.caching.interfaces import IETagValue
from plone.app.caching.operations.utils import getContext
from zope.component import adapter
from zope.interface import implementer
from zope.interface import Interface


@implementer(IETagValue)
@adapter(Interface, Interface)
class LastTransaction:
    """``lastTransaction``: the database's last committed transaction.

    Pages also show what is not in the catalog (registry settings such as the switched-on
    functions, the footer's operator data), so the catalog counter alone could answer 304
    for a changed page. With this component a browser gets 304 only when nothing at all
    was committed since it fetched the page.
    """

    def __init__(self, published, request):
        self.published = published
        self.request = request

    def __call__(self):
        jar = getattr(getContext(self.published), "_p_jar", None)
        if jar is None:
            return None
        return jar.db().lastTransaction().hex()


def last_commit(published):
    """``ILastModified`` for the finder: the time of the database's last commit.

    The finder's answer depends on the catalog (and registry settings), so it cannot be
    newer than the last committed transaction; with ``Last-Modified`` a client (or a
    proxy) can revalidate with ``If-Modified-Since`` as well as with the ETag.
    """
    context = getattr(published, "context", None)
    jar = getattr(context, "_p_jar", None)
    if jar is None:
        return None
    return _LastCommit(jar.db().lastTransaction())


class _LastCommit:
    def __init__(self, tid: bytes):
        self.tid = tid

    def __call__(self):
        from datetime import datetime
        from persistent.TimeStamp import TimeStamp

        stamp = TimeStamp(self.tid).timeTime()
        # HTTP dates have whole seconds: round down, so If-Modified-Since compares equal
        return datetime.fromtimestamp(int(stamp), tz=UTC)
