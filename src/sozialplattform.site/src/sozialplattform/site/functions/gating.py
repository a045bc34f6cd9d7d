"""Which functions a centre may offer now, and where its function buttons link to.

The rule: the finder is open to every centre; a gated function needs (1) the centre's
State taking part, (2) the function granted to the centre and (3) the centre's switch.
Participation and switches are read live, so a State leaving a function hides it at once
(pages, API, finder) without touching any data.

The grants are stored on the centre (``set_grants``) and copied into the catalog
metadata column ``granted_functions``, so lists read them from catalog records without
waking the centres. Whoever grants writes them there when it happens (the onboarding at
``grant_access``, edits and withdrawal of the request). A centre without stored grants
(created by its State's editors, by a ministry's bulk import or as example content) has
every function granted: its State decided; its State's participation and its switches
still apply.

``available`` and ``links`` take a centre or a catalog record (a mapping with the
metadata columns, as the finder reads them).
"""

from collections.abc import Mapping
from plone import api
from plone.indexer import indexer
from sozialplattform.site.caching import until_catalog_changes
from sozialplattform.site.content.interfaces import ICounsellingCentre
from sozialplattform.site.content.types import containing_state
from sozialplattform.site.functions import all_functions
from sozialplattform.site.functions import gated
from sozialplattform.site.functions import get
from sozialplattform.site.functions import names
from zope.annotation.interfaces import IAnnotations
from zope.component import getSiteManager
from zope.interface import Interface
from zope.interface import providedBy


# The key predates this module (the onboarding kept the grants under it).
GRANTS_KEY = "sozialplattform.onboarding.granted_functions"
GRANTS_COLUMN = "granted_functions"


def _value(obj, field: str):
    if isinstance(obj, Mapping):
        return obj.get(field)
    return getattr(obj, field, None)


def _grants_of(value) -> frozenset[str]:
    if isinstance(value, (tuple, list, frozenset, set)):
        return frozenset(value)
    return frozenset(
        names()
    )  # never granted (None, or Missing.Value): the State decided


def grants(centre_or_record) -> frozenset[str]:
    """The functions granted to a centre (all of them when none were stored)."""
    if isinstance(centre_or_record, Mapping):
        return _grants_of(centre_or_record.get(GRANTS_COLUMN))
    return _grants_of(IAnnotations(centre_or_record).get(GRANTS_KEY))


def stored_grants(centre) -> tuple[str, ...] | None:
    """The grants stored on ``centre``; None when nothing was ever granted explicitly."""
    return IAnnotations(centre).get(GRANTS_KEY)


def set_grants(centre, functions) -> tuple[str, ...]:
    """Store the granted ``functions`` (known ones, in order) on the centre and reindex."""
    wanted = set(functions or ())
    stored = tuple(name for name in names() if name in wanted)
    IAnnotations(centre)[GRANTS_KEY] = stored
    centre.reindexObject(idxs=["UID"])  # any index: the metadata row is rewritten
    return stored


@indexer(ICounsellingCentre)
def grants_metadata(centre) -> tuple[str, ...] | None:
    """The catalog column ``granted_functions``: the stored grants; None if none."""
    return stored_grants(centre)


def default_grants(wanted, state) -> list[str]:
    """Finder & self-service always; a gated function when wanted and the State takes part."""
    wanted = set(wanted or ())
    return [
        function.name
        for function in all_functions()
        if not function.gated
        or (function.name in wanted and getattr(state, function.participation, False))
    ]


def is_available(
    function: str, participates: bool, granted: frozenset | set, switched_on: bool
) -> bool:
    """The rule itself, on plain values."""
    if not get(function).gated:
        return True
    return bool(participates) and function in granted and bool(switched_on)


def participation(state) -> dict[str, bool]:
    """Gated function -> the State takes part (all False without a State)."""
    return {
        function.name: bool(getattr(state, function.participation, False))
        for function in gated()
    }


@until_catalog_changes
def state_participation() -> dict[str, dict[str, bool]]:
    """ISO code -> ``participation`` of every State, for catalog records."""
    catalog = api.portal.get_tool("portal_catalog")
    states = (
        brain._unrestrictedGetObject()
        for brain in catalog.unrestrictedSearchResults(portal_type="State")
    )
    return {state.code: participation(state) for state in states}


def _participation(centre_or_record, states) -> dict[str, bool]:
    if isinstance(centre_or_record, Mapping):
        states = state_participation() if states is None else states
        return states.get(centre_or_record.get("state"), {})
    return participation(containing_state(centre_or_record))


def available(centre_or_record, states=None) -> dict[str, bool]:
    """Function -> the centre may offer it now, for every function.

    ``states``: ``state_participation()``, fetched once by a caller that asks for many
    catalog records (it is ignored for a centre, whose State is read live).
    """
    taking_part = _participation(centre_or_record, states)
    granted = grants(centre_or_record)
    return {
        function.name: is_available(
            function.name,
            taking_part.get(function.name, False),
            granted,
            _value(centre_or_record, function.switch) if function.gated else True,
        )
        for function in all_functions()
    }


def offered_here(function, request) -> bool:
    """A view ``function.view`` is registered for centres (the function's own page)."""
    if not function.view:
        return False
    required = (ICounsellingCentre, providedBy(request))
    return (
        getSiteManager().adapters.lookup(required, Interface, function.view) is not None
    )


def links(
    centre_or_record, request, url: str | None = None, states=None
) -> dict[str, str | None]:
    """Function -> the link of the centre's button, for the functions with a tool.

    Our page when the function is available and its view is installed, else the
    centre's external tool (None without one). ``url`` is the centre's URL; a centre's
    own ``absolute_url()`` when not given. ``states`` as for ``available``.
    """
    url = url or centre_or_record.absolute_url()
    now = available(centre_or_record, states)
    return {
        function.name: f"{url}/@@{function.view}"
        if now[function.name] and offered_here(function, request)
        else _value(centre_or_record, function.external_url) or None
        for function in all_functions()
        if function.external_url or function.view
    }


def offered_functions() -> dict:
    """Function -> ISO codes of the States taking part (empty for an open function),
    for the functions offered somewhere now: texts that say what the platform offers."""
    states = state_participation()
    offered = {}
    for function in all_functions():
        codes = tuple(code for code, part in states.items() if part.get(function.name))
        if not function.gated or codes:
            offered[function] = codes
    return offered
