"""20261203003 -> 20261207001: video counselling through Jitsi Meet (issue 13); HTTP
caching rules for the cluster (issue 15); written counselling (issue 14)."""

from plone.registry.interfaces import IRegistry
from sozialplattform.site.counselling import settings as counselling_settings
from sozialplattform.site.jitsi import settings as jitsi_settings
from zope.component import getUtility


def jitsi_records(context) -> None:
    """``sozialplattform.jitsi.*`` with their defaults; existing records are kept."""
    getUtility(IRegistry).registerInterface(
        jitsi_settings.IJitsiSettings, prefix=jitsi_settings.RECORD_PREFIX
    )


#: plone.app.caching records added for the cluster (issue 15); see
#: profiles/default/registry/caching.xml
CACHE_OPERATIONS = {"sozialplattform.personal": "sozialplattform.noStore"}
FINDER_LAST_MODIFIED = (
    "plone.app.caching.moderateCaching.sozialplattform.finder.lastModified"
)


def caching_rules(context) -> None:
    """Personal pages and services never cached; the finder sends Last-Modified.

    Adds the operation of the ruleset ``sozialplattform.personal`` to the mapping (other
    entries, also an operator's own, are kept) and the finder's ``lastModified`` record.
    """
    from plone.caching.interfaces import ICacheSettings
    from plone.registry import field
    from plone.registry import Record

    registry = getUtility(IRegistry)
    settings = registry.forInterface(ICacheSettings)
    mapping = dict(settings.operationMapping or {})
    mapping.update(CACHE_OPERATIONS)
    settings.operationMapping = mapping
    if FINDER_LAST_MODIFIED not in registry.records:
        registry.records[FINDER_LAST_MODIFIED] = Record(
            field.Bool(title="Finder: send Last-Modified (the last commit)"), True
        )


def counselling_records(context) -> None:
    """``sozialplattform.counselling.*`` (retention periods) with their defaults;
    existing records are kept."""
    getUtility(IRegistry).registerInterface(
        counselling_settings.ICounsellingSettings,
        prefix=counselling_settings.RECORD_PREFIX,
    )


def conversation_folders(context) -> None:
    """``<centre>/beratung`` for the centres with online counselling or counsellors,
    so counsellors can set up their keys before the first conversation."""
    from sozialplattform.site.counselling.envelopes import prepare_folder
    from sozialplattform.site.counselling.keys import centres

    for centre in centres():
        prepare_folder(centre)
