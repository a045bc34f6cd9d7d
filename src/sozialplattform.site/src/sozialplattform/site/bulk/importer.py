"""Create or update centres from rows, in batches, with a report per row.

The fast path: ``createContent`` + ``container._setObject`` (no add-permission and
constraint checks: the import runs as an administrator), ids chosen without
``INameChooser``'s linear search, one catalog entry per object (the indexing queue merges the
index operations of one object), one commit per batch. CMFEditions' versions are skipped
unless ``versions=True``: setting ``versioning_enabled = False`` on an object makes
``portal_repository.isVersionable`` false while the add/modified events run.
"""

from Acquisition import aq_base
from Acquisition import aq_get
from collections.abc import Callable
from collections.abc import Sequence
from contextlib import contextmanager
from plone.dexterity.utils import createContent
from plone.i18n.normalizer.interfaces import IURLNormalizer
from Products.CMFCore.utils import getToolByName
from sozialplattform.site import _
from sozialplattform.site.bulk import columns
from sozialplattform.site.bulk.exporter import html_to_text
from sozialplattform.site.bulk.reader import Error
from sozialplattform.site.bulk.reader import read_file
from sozialplattform.site.bulk.reader import SourceRow
from sozialplattform.site.bulk.report import Progress
from sozialplattform.site.bulk.report import Report
from sozialplattform.site.bulk.report import RowError
from sozialplattform.site.bulk.validate import no_state_error
from sozialplattform.site.bulk.validate import required_error
from sozialplattform.site.bulk.validate import state_id_for_postcode
from sozialplattform.site.bulk.validate import Validator
from sozialplattform.site.content.interfaces import ICounsellingCentre
from sozialplattform.site.content.interfaces import ICounsellingOffer
from sozialplattform.site.content.structure import FOLDER_ID
from sozialplattform.site.content.types import containing_state
from sozialplattform.site.geo import lookup
from typing import Any
from typing import TextIO
from ZODB.POSException import ConflictError
from zope.component import getUtility
from zope.event import notify
from zope.i18nmessageid import Message
from zope.lifecycleevent import Attributes
from zope.lifecycleevent import ObjectModifiedEvent
import transaction


CENTRE_TYPE = "CounsellingCentre"
OFFER_TYPE = "CounsellingOffer"
DRAFT = "draft"
BATCH_SIZE = 500
MAX_ATTEMPTS = 3
PROGRESS_MIN_ROWS = 100  # shorter files get no progress lines
CATALOG_CACHE = "__catalog_cache__"  # Products.PluginIndexes.unindex.getRequestCache


class RowFailed(Exception):
    """Saving a valid row failed unexpectedly; its batch was rolled back."""

    def __init__(self, row: int, batch_start: int, error: Exception):
        self.row, self.batch_start, self.error = row, batch_start, error
        super().__init__(f"row {row}: {error!r}")

    def message(self) -> Message:
        return _(
            "error_row_failed",
            default="Row ${row} could not be saved (${error}). Nothing from row "
            "${start} on was saved; the rows before it were.",
            mapping={
                "row": self.row,
                "start": self.batch_start,
                "error": repr(self.error),
            },
        )


class IdAllocator:
    """Ids from titles; repeated titles get -2, -3 ... without probing from 1 each time."""

    def __init__(self):
        self.normalizer = getUtility(IURLNormalizer)
        self.next: dict[tuple, int] = {}

    def allocate(self, container, title: str, fallback: str) -> str:
        base = (
            self.normalizer.normalize(title or "", locale="de", max_length=80)
            or fallback
        )
        key = (container.getPhysicalPath(), base)
        number = self.next.get(key, 1)
        candidate = base if number == 1 else f"{base}-{number}"
        while not container.checkIdAvailable(candidate):
            number += 1
            candidate = f"{base}-{number}"
        self.next[key] = number + 1
        return candidate


@contextmanager
def versioning_disabled(obj, disabled: bool = True):
    """While active, CMFEditions does not save versions of ``obj`` (isVersionable is false)."""
    if not disabled:
        yield
        return
    obj.versioning_enabled = False
    try:
        yield
    finally:
        if "versioning_enabled" in aq_base(obj).__dict__:
            del aq_base(obj).versioning_enabled


def mark_derived(centre) -> None:
    """Coordinates equal to the postcode's (as exported) keep following the postcode."""
    info = lookup(centre.postcode or "")
    if info and (centre.latitude, centre.longitude) == (info.latitude, info.longitude):
        centre._coordinates_from_postcode = info.postcode


def _hours_key(entries) -> list[tuple]:
    return sorted(
        (entry.get("day"), entry.get("start"), entry.get("end"))
        for entry in entries or ()
        if isinstance(entry, dict)
    )


def _empty(value: Any) -> bool:
    return value is None or (isinstance(value, str | list | tuple) and not value)


def _same(name: str, current: Any, value: Any) -> bool:
    if _empty(current) and _empty(value):
        return True  # None, "" and [] all mean "not given"
    if hasattr(current, "raw") or hasattr(value, "raw"):
        # Compared as the plain text the export writes: formatting added in the site
        # survives a round trip through a file whose text did not change.
        return html_to_text(getattr(current, "raw", "")) == html_to_text(
            getattr(value, "raw", "")
        )
    if columns.CENTRE_KINDS.get(name) == columns.HOURS:
        # The CSV export writes them in weekday order; the order carries no meaning.
        return _hours_key(current) == _hours_key(value)
    if isinstance(current, tuple | list) and isinstance(value, tuple | list):
        return list(current) == list(value)
    return current == value


def changed_values(obj, values: dict) -> dict:
    """The entries of ``values`` that differ from what ``obj`` stores."""
    return {
        name: value
        for name, value in values.items()
        if not _same(name, getattr(obj, name, None), value)
    }


class Importer:
    """Imports rows into the site's centre folder.

    ``commit`` ends a batch (default ``transaction.commit``; None keeps everything in the
    current transaction, as tests do). A batch whose commit conflicts is retried.
    """

    def __init__(
        self,
        site,
        *,
        dry_run: bool = False,
        publish: bool = False,
        versions: bool = False,
        batch_size: int = BATCH_SIZE,
        commit: Callable[[], Any] | None = transaction.commit,
        progress: Progress | None = None,
    ):
        self.site = site
        self.folder = site[FOLDER_ID]
        self.dry_run, self.publish, self.versions = dry_run, publish, versions
        self.batch_size = max(1, batch_size)
        self.commit = commit
        self.progress = progress
        self.workflow = getToolByName(site, "portal_workflow")
        self.validator = Validator()
        self.ids = IdAllocator()
        self.uids: dict[str, str] = {}
        self.index = self._existing_centres()
        self.seen: dict[str, int] = {}

    # -- lookup -------------------------------------------------------------------------------

    def _existing_centres(self) -> dict[str, list[str]]:
        """external_id -> paths of the centres that have it; fills ``uids`` (UID -> path)."""
        catalog = getToolByName(self.site, "portal_catalog")
        index = catalog.Indexes["external_id"]
        found: dict[str, list[str]] = {}
        for brain in catalog.unrestrictedSearchResults(
            portal_type=CENTRE_TYPE, path="/".join(self.folder.getPhysicalPath())
        ):
            key = index.getEntryForObject(brain.getRID(), None)
            if key:
                found.setdefault(key, []).append(brain.getPath())
            if brain.UID:
                self.uids[brain.UID] = brain.getPath()
        return found

    def _find(self, key: str, pending: dict) -> tuple[Any, Error | None]:
        if key in pending:
            return pending[key], None
        paths = self.index.get(key, [])
        if len(paths) > 1:
            return None, (
                columns.KEY,
                _(
                    "error_external_id_ambiguous",
                    default="Several centres have the external_id ${external_id}: "
                    "${paths}.",
                    mapping={"external_id": key, "paths": ", ".join(paths)},
                ),
            )
        if paths:
            return self.site.unrestrictedTraverse(paths[0]), None
        if key in self.uids:
            # The export writes the UID of a centre without external_id (made in the site).
            return self.site.unrestrictedTraverse(self.uids[key]), None
        return None, None

    # -- rows ---------------------------------------------------------------------------------

    def run(self, rows: Sequence[SourceRow]) -> Report:
        report = Report(dry_run=self.dry_run)
        for start in range(0, len(rows), self.batch_size):
            report.merge(self._run_batch(rows[start : start + self.batch_size], start))
        if self.dry_run and self.commit is not None:
            transaction.abort()  # nothing was written; drop what reading loaded
        return report

    def _run_batch(self, batch: Sequence[SourceRow], offset: int) -> Report:
        for attempt in range(1, MAX_ATTEMPTS + 1):
            report, pending, seen = Report(dry_run=self.dry_run), {}, {}
            row = batch[0]
            try:
                for position, row in enumerate(batch, start=1):
                    self._process(row, report, pending, seen)
                    if self.progress is not None:
                        self.progress.update(offset + position)
                if self.commit is not None and not self.dry_run:
                    transaction.get().note(
                        f"Bulk import of centres, rows {batch[0].number}-{batch[-1].number}"
                    )
                    self.commit()
            except ConflictError:
                transaction.abort()
                self._forget_cached_queries()
                if attempt == MAX_ATTEMPTS:
                    raise
                continue
            except Exception as error:
                transaction.abort()
                self._forget_cached_queries()
                raise RowFailed(row.number, batch[0].number, error) from error
            for key, centre in pending.items():
                self.index[key] = ["/".join(centre.getPhysicalPath())] if centre else []
            self.seen.update(seen)
            return report
        raise AssertionError("unreachable")  # pragma: no cover

    def _forget_cached_queries(self) -> None:
        """Drop the request's catalog query cache after an abort.

        The indexes cache query results per request, keyed by their change counters; an
        abort resets the counters, so the cache would return results of the aborted work.
        """
        request = aq_get(self.site, "REQUEST", None)
        other = getattr(request, "other", None)
        if isinstance(other, dict):
            other.pop(CATALOG_CACHE, None)

    def _process(
        self, row: SourceRow, report: Report, pending: dict, seen: dict
    ) -> None:
        report.total += 1
        errors: list[Error] = list(row.errors)
        key = row.key
        existing = None
        if key is None:
            if not any(name == columns.KEY for name, _message in errors):
                errors.append((columns.KEY, required_error()))
        elif key in self.seen or key in seen:
            errors.append(
                (
                    columns.KEY,
                    _(
                        "error_external_id_repeated",
                        default="The external_id ${external_id} already appears in row "
                        "${row}.",
                        mapping={
                            "external_id": key,
                            "row": self.seen.get(key, seen.get(key)),
                        },
                    ),
                )
            )
            key = None
        else:
            seen[key] = row.number
            existing, error = self._find(key, pending)
            if error:
                errors.append(error)
        state = self._state(row, existing, errors)
        values = row.values
        if existing is not None and key != getattr(existing, "external_id", None):
            # Found by its UID: the UID is no external_id, the centre keeps its own.
            values = {name: v for name, v in values.items() if name != columns.KEY}
        # one message per field: a cell that could not be read is not checked again
        failed = {name for name, _message in row.errors}
        errors.extend(
            (name, message)
            for name, message in self.validator.centre_errors(
                values, state, existing, context=self.folder
            )
            if name not in failed
        )
        offers = self._match_offers(row, existing)
        for position, (offer_values, offer) in enumerate(offers, start=1):
            errors.extend(
                self.validator.offer_errors(
                    position, offer_values, state or self.folder, offer
                )
            )
        if errors:
            report.failed += 1
            report.errors.extend(
                RowError(row.number, row.key, name, message) for name, message in errors
            )
            return
        if existing is None:
            centre = self._create(state, values, offers, report)
            if key is not None:
                pending[key] = centre
        else:
            self._update(existing, values, offers, report)

    def _state(self, row: SourceRow, existing, errors: list[Error]):
        """The State of the centre; None when the postcode is unknown (its field says so)."""
        if existing is not None:
            return containing_state(existing)
        postcode = row.values.get("postcode")
        if not isinstance(postcode, str) or lookup(postcode) is None:
            return None
        state_id = state_id_for_postcode(postcode)
        state = self.folder.get(state_id) if state_id else None
        if state is None:
            errors.append(("postcode", no_state_error(postcode)))
        return state

    def _match_offers(self, row: SourceRow, centre) -> list[tuple[dict, Any]]:
        """Each offer of the row with the centre's offer of the same title, or None."""
        existing = {}
        if centre is not None:
            for offer in centre.objectValues():
                if ICounsellingOffer.providedBy(offer):
                    existing.setdefault(offer.title, offer)
        return [
            (values, existing.get(values.get("title"))) for values in row.offers or ()
        ]

    # -- writing ------------------------------------------------------------------------------

    def _add(
        self, container, portal_type: str, values: dict, fallback: str, prepare=None
    ):
        obj = createContent(portal_type, **values)
        if prepare is not None:
            prepare(obj)
        obj.id = self.ids.allocate(container, values.get("title"), fallback)
        with versioning_disabled(obj, not self.versions):
            container._setObject(obj.id, obj)
            obj = container._getOb(obj.id)
        return obj

    def _publish(self, obj) -> None:
        if (
            self.publish
            and self.workflow.getInfoFor(obj, "review_state", None) == DRAFT
        ):
            self.workflow.doActionFor(obj, "publish")

    def _create(self, state, values: dict, offers, report: Report):
        report.created += 1
        if self.publish:
            report.published += 1
        if self.dry_run:
            return None
        centre = self._add(state, CENTRE_TYPE, values, "beratungsstelle", mark_derived)
        self._publish(centre)
        for offer_values, _offer in offers:
            self._publish(self._add(centre, OFFER_TYPE, offer_values, "angebot"))
        return centre

    def _update(self, centre, values: dict, offers, report: Report) -> None:
        changes = changed_values(centre, values)
        offer_changes = [
            (
                offer,
                changed_values(offer, offer_values)
                if offer is not None
                else offer_values,
            )
            for offer_values, offer in offers
        ]
        will_publish = (
            self.publish
            and self.workflow.getInfoFor(centre, "review_state", None) == DRAFT
        )
        if changes or will_publish or any(change for _offer, change in offer_changes):
            report.updated += 1
        else:
            report.unchanged += 1
        if will_publish:
            report.published += 1
        if self.dry_run:
            return
        if changes:
            self._apply(centre, ICounsellingCentre, changes)
        for offer, change in offer_changes:
            if offer is None:
                self._publish(self._add(centre, OFFER_TYPE, change, "angebot"))
                continue
            if change:
                self._apply(offer, ICounsellingOffer, change)
            self._publish(offer)
        self._publish(centre)

    def _apply(self, obj, schema, changes: dict) -> None:
        for name, value in changes.items():
            setattr(obj, name, value)
        with versioning_disabled(obj, not self.versions):
            notify(ObjectModifiedEvent(obj, Attributes(schema, *changes)))


def import_file(
    site,
    path,
    *,
    dry_run: bool = False,
    publish: bool = False,
    versions: bool = False,
    batch_size: int = BATCH_SIZE,
    commit: Callable[[], Any] | None = transaction.commit,
    progress_stream: TextIO | None = None,
) -> Report:
    """Read ``path`` (.csv or .json) and import it; ``FileError`` when it cannot be read."""
    rows = read_file(path)
    show = progress_stream is not None and len(rows) >= PROGRESS_MIN_ROWS
    progress = Progress(len(rows), progress_stream) if show else None
    importer = Importer(
        site,
        dry_run=dry_run,
        publish=publish,
        versions=versions,
        batch_size=batch_size,
        commit=commit,
        progress=progress,
    )
    return importer.run(rows)
