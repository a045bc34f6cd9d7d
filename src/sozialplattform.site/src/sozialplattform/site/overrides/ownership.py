"""The Ownership and Dublin Core behaviour adapters do not write when they are read.

plone.app.dexterity's ``Ownership.__init__`` calls ``context.addCreator()``: adapting an
item whose ``creators`` are empty (content made by site set-up, the bulk import or an
anonymous form) stores the *current* user as its creator — on a GET, which plone.protect
then aborts and logs ("aborting transaction due to no CSRF protection"), and on the first
write makes whoever looked at it first the creator. Upstream:
plone/Products.CMFPlone#4331 (open). Creators are still added where Plone means to add
them: by ``notifyModified`` on a real change and by the add forms' default value.

Registered for ``IDexterityItem`` and ``IDexterityContainer``, which are more specific than
the behaviours' ``IDexterityContent``, so no overrides.zcml is needed.
"""

from plone.app.dexterity.behaviors import metadata


class Ownership(metadata.Ownership):
    def __init__(self, context):
        metadata.MetadataBase.__init__(self, context)


class DublinCore(metadata.DublinCore):
    def __init__(self, context):
        metadata.MetadataBase.__init__(self, context)
