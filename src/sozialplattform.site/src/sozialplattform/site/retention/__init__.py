"""Retention: delete content of a type once a period has passed since one of its dates.

A feature registers a ``RetentionPolicy`` as a named utility providing
``IRetentionPolicy`` (ZCML), e.g. the onboarding's closed requests
(``onboarding/retention.py``); booking registers its bookings the same way::

    <utility component=".retention.POLICY" name="onboarding-requests"
             provides="sozialplattform.site.retention.IRetentionPolicy" />

``expired(portal, policy, now)`` lists what is due, ``purge(portal, policy, now)``
deletes it (or, for a policy with an ``action``, hands each object to it: the bookings
are anonymised in place, ``booking/retention.py``), ``purge_all(portal, now)`` runs
every registered policy (``make purge``, ``retention/commands.py``). The period is
read when the purge runs (``days()``, e.g. from a registry record), so a changed
setting applies at the next run.
"""

from Acquisition import aq_parent
from collections.abc import Callable
from dataclasses import dataclass
from dataclasses import field
from DateTime import DateTime
from datetime import date
from datetime import datetime
from datetime import timedelta
from datetime import UTC
from Products.CMFCore.utils import getToolByName
from zope.component import getUtilitiesFor
from zope.interface import Interface


class IRetentionPolicy(Interface):
    """Marker of the registered ``RetentionPolicy`` utilities."""


def aware(value) -> datetime | None:
    """A DateTime, datetime or date as a timezone-aware datetime (naive = UTC)."""
    if value is None:
        return None
    if isinstance(value, DateTime):
        value = value.asdatetime()
    elif not isinstance(value, datetime) and isinstance(value, date):
        value = datetime(value.year, value.month, value.day)
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def field_date(name: str) -> Callable:
    """The period starts at the object's attribute ``name`` (a date/datetime field)."""

    def date_of(obj):
        return aware(getattr(obj, name, None))

    return date_of


def last_transition(workflow_id: str) -> Callable:
    """The period starts when the object entered its current state in ``workflow_id``."""

    def date_of(obj):
        history = (getattr(obj, "workflow_history", None) or {}).get(workflow_id)
        return aware(history[-1]["time"]) if history else None

    return date_of


@dataclass(frozen=True)
class RetentionPolicy:
    """Delete ``portal_type`` objects matching ``query`` ``days()`` after ``date(obj)``.

    ``label`` names them in the command's output ("expired <label> deleted").
    ``query`` may be a callable of the limit (the latest date that is due) returning the
    catalogue query, so the catalogue leaves out what is not due yet.
    ``action(obj)``, when given, is done instead of the deletion (e.g. anonymising);
    ``date(obj)`` must then answer None for an object already dealt with.
    ``find(portal)``, when given, lists the candidates instead of the catalogue (for
    content kept out of it, such as conversations).
    """

    portal_type: str
    days: Callable[[], int]
    date: Callable
    query: dict | Callable[[datetime], dict] = field(default_factory=dict)
    label: str = ""
    action: Callable | None = None
    #: the command's word for what was done ("expired <label> <outcome>: <count>")
    outcome: str = "deleted"
    find: Callable | None = None


def policies() -> list[tuple[str, RetentionPolicy]]:
    """The registered policies, by name."""
    return sorted(getUtilitiesFor(IRetentionPolicy), key=lambda item: item[0])


def expired(portal, policy: RetentionPolicy, now: datetime | None = None) -> list:
    limit = (aware(now) or datetime.now(UTC)) - timedelta(days=policy.days())
    result = []
    for obj in _candidates(portal, policy, limit):
        when = policy.date(obj)
        if when is not None and when <= limit:
            result.append(obj)
    return result


def _candidates(portal, policy: RetentionPolicy, limit: datetime):
    if policy.find is not None:
        yield from policy.find(portal)
        return
    catalog = getToolByName(portal, "portal_catalog")
    query = policy.query(limit) if callable(policy.query) else policy.query
    for brain in catalog.unrestrictedSearchResults(
        portal_type=policy.portal_type, **query
    ):
        yield brain._unrestrictedGetObject()


def purge(portal, policy: RetentionPolicy, now: datetime | None = None) -> list[str]:
    """Delete (or hand to ``policy.action``) what ``policy`` finds expired; return the
    paths."""
    removed = []
    for obj in expired(portal, policy, now):
        removed.append("/".join(obj.getPhysicalPath()))
        if policy.action is not None:
            policy.action(obj)
        else:
            aq_parent(obj)._delObject(obj.getId())
    return removed


def purge_all(portal, now: datetime | None = None) -> dict[str, list[str]]:
    """Run every registered policy; the deleted paths by policy name."""
    return {name: purge(portal, policy, now) for name, policy in policies()}
