"""Containers for anonymous writes: no ordering list, ids that never collide.

A Dexterity ``Container`` keeps its items in a BTree (conflict-resolving buckets), but
plone.folder's default ordering also appends every new id to one ``PersistentList`` in the
folder's annotations: two concurrent additions always conflict on it. plone.folder's
``unordered`` ordering keeps no such list. Sequential ids (``title-1``, ``title-2``) would
collide the same way; random ids spread the inserts over the BTree's buckets.

OFS also sends an ``IContainerModifiedEvent`` after every addition, on which plone.dexterity
reindexes the container and sets its modification date: a write of the container itself
and of its catalog record per addition. ``UnorderedContainer`` skips that reindex.
"""

from plone.dexterity.content import Container
from plone.folder.default import DefaultOrdering
from secrets import token_hex
from zope.annotation.interfaces import IAnnotations


UNORDERED = "unordered"


class UnorderedContainer(Container):
    """A Dexterity container without an ordering list (plone.folder ``unordered``)."""

    _ordering = UNORDERED
    _v_adding = False

    def _setObject(self, id, object, *args, **kwargs):
        self._v_adding = True  # volatile: never stored, per connection
        try:
            return super()._setObject(id, object, *args, **kwargs)
        finally:
            self._v_adding = False

    def reindexObject(self, idxs=None, **kwargs):
        # Called from plone.dexterity's reindexOnModify for the IContainerModifiedEvent of
        # an addition: nothing of the container's own changes, so nothing to store.
        # ``update_metadata`` comes from CMFCore's reindexObjectSecurity (deleting a
        # user with local roles here).
        if self._v_adding:
            return None
        return super().reindexObject(idxs=[] if idxs is None else idxs, **kwargs)


def make_unordered(folder) -> bool:
    """Switch an existing folder to the unordered ordering; keep its content.

    Drops the default ordering's list and position map (plone.folder's annotation keys).
    Returns whether anything changed.
    """
    changed = folder._ordering != UNORDERED
    if changed:
        folder.setOrdering(UNORDERED)
    annotations = IAnnotations(folder)
    for key in (DefaultOrdering.ORDER_KEY, DefaultOrdering.POS_KEY):
        if key in annotations:
            del annotations[key]
            changed = True
    return changed


def random_id(container, prefix: str) -> str:
    """``<prefix>-<16 random hex digits>``, not yet used in ``container``."""
    while True:
        candidate = f"{prefix}-{token_hex(8)}"
        if candidate not in container:
            return candidate
