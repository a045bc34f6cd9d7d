"""The report of an import: counts, one line per field error, progress on stderr."""

from dataclasses import dataclass
from dataclasses import field as dataclass_field
from sozialplattform.site import _
from typing import TextIO
from zope.i18n import translate
from zope.i18nmessageid import Message
import csv
import sys
import time


@dataclass
class RowError:
    row: int
    external_id: str | None
    field: str
    message: Message | str


@dataclass
class Report:
    """What an import did (or, in a dry run, would do)."""

    dry_run: bool = False
    total: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    published: int = 0
    failed: int = 0
    errors: list[RowError] = dataclass_field(default_factory=list)

    def merge(self, other: "Report") -> None:
        for name in ("total", "created", "updated", "unchanged", "published", "failed"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.errors.extend(other.errors)

    def summary(self) -> Message:
        mapping = {
            "total": self.total,
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "published": self.published,
            "failed": self.failed,
        }
        if self.dry_run:
            return _(
                "report_summary_dry_run",
                default="Dry run, nothing was saved. ${total} rows: ${created} would be "
                "created, ${updated} updated, ${unchanged} unchanged, ${published} "
                "published; ${failed} rows have errors.",
                mapping=mapping,
            )
        return _(
            "report_summary",
            default="${total} rows: ${created} centres created, ${updated} updated, "
            "${unchanged} unchanged, ${published} published; ${failed} rows have errors "
            "and were not imported.",
            mapping=mapping,
        )

    def error_line(self, error: RowError, language: str) -> str:
        return translate(
            _(
                "report_row_error",
                default="Row ${row} (external_id ${external_id}), ${field}: ${message}",
                mapping={
                    "row": error.row,
                    "external_id": error.external_id or "-",
                    "field": error.field,
                    "message": translate(error.message, target_language=language),
                },
            ),
            target_language=language,
        )

    def lines(self, language: str = "de") -> list[str]:
        """The report as text lines: one per error, then the summary."""
        lines = [self.error_line(error, language) for error in self.errors]
        lines.append(translate(self.summary(), target_language=language))
        return lines


class Progress:
    """Plain-text progress on stderr, one line per percent."""

    def __init__(self, total: int, stream: TextIO | None = None, label: str = "Import"):
        self.total, self.label = total, label
        self.stream = stream if stream is not None else sys.stderr
        self.started = time.monotonic()
        self.shown = -1

    def update(self, done: int) -> None:
        percent = done * 100 // self.total if self.total else 100
        if percent <= self.shown:
            return
        self.shown = percent
        elapsed = time.monotonic() - self.started
        rate = done / elapsed if elapsed > 0 else 0.0
        left = (self.total - done) / rate if rate else 0.0
        self.stream.write(
            f"{self.label}: {percent:3d}% ({done}/{self.total} rows, "
            f"{rate:.0f} rows/s, {left:.0f} s left)\n"
        )
        self.stream.flush()


def write_error_report(report: Report, stream: TextIO, language: str = "de") -> None:
    """The row errors as CSV: row, external_id, field, message."""
    writer = csv.writer(stream)
    writer.writerow(["row", "external_id", "field", "message"])
    for error in report.errors:
        writer.writerow(
            [
                error.row,
                error.external_id or "",
                error.field,
                translate(error.message, target_language=language),
            ]
        )
