"""``make import`` and ``make export`` (docs/operators/bulk-import.md).

``import FILE [--dry-run] [--publish] [--versions] [--batch-size N] [--report FILE]``
exits with 0 when all rows were imported, 1 when some rows have errors, 2 when the file
(or the site) cannot be used. ``export FILE [--state STATE]`` (the State's id or ISO
code, any case) writes drafts too, in the import's columns; 2 for an unknown State or
site. ``--site`` defaults to ``SITE_ID`` (Plone).
"""

from pathlib import Path
from sozialplattform.site.maintenance import Command
from sozialplattform.site.maintenance import open_site
from sozialplattform.site.maintenance import register
import argparse
import os
import sys


def import_options(args: list[str], environ=os.environ) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="make import", description="Import counselling centres (CSV or JSON)."
    )
    parser.add_argument("file", nargs="?", default="", help="a .csv or .json file")
    parser.add_argument(
        "--dry-run", action="store_true", help="validate, write nothing"
    )
    parser.add_argument("--publish", action="store_true", help="publish new centres")
    parser.add_argument(
        "--versions", action="store_true", help="save CMFEditions versions"
    )
    parser.add_argument("--batch-size", type=int, default=500, help="rows per commit")
    parser.add_argument("--report", default="", help="write the row errors to this CSV")
    parser.add_argument("--site", default=environ.get("SITE_ID", "Plone") or "Plone")
    options = parser.parse_args(args)
    if not options.file:
        parser.error("give the file: make import FILE=centres.csv")
    return options


def import_centres(app, arguments: list[str]) -> int:
    from sozialplattform.site.bulk.importer import import_file
    from sozialplattform.site.bulk.importer import RowFailed
    from sozialplattform.site.bulk.reader import FileError
    from sozialplattform.site.bulk.report import write_error_report
    from sozialplattform.site.language import site_language
    from sozialplattform.site.language import translate_for_site

    options = import_options(arguments)
    site = open_site(app, options.site)
    if site is None:
        return 2
    try:
        report = import_file(
            site,
            options.file,
            dry_run=options.dry_run,
            publish=options.publish,
            versions=options.versions,
            batch_size=options.batch_size,
            progress_stream=sys.stderr,
        )
    except FileError as error:
        print(translate_for_site(error.message), file=sys.stderr)
        return 2
    except RowFailed as error:
        print(translate_for_site(error.message()), file=sys.stderr)
        return 2
    language = site_language()
    for line in report.lines(language):
        print(line)
    if options.report:
        with open(options.report, "w", encoding="utf-8", newline="") as stream:
            write_error_report(report, stream, language)
    return 1 if report.failed else 0


def export_options(args: list[str], environ=os.environ) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="make export", description="Export counselling centres (CSV or JSON)."
    )
    parser.add_argument("file", nargs="?", default="", help="a .csv or .json file")
    parser.add_argument(
        "--state",
        default="",
        help="only this State: its id or ISO code, e.g. berlin or DE-BE",
    )
    parser.add_argument("--site", default=environ.get("SITE_ID", "Plone") or "Plone")
    options = parser.parse_args(args)
    if Path(options.file).suffix.lower() not in (".csv", ".json"):
        parser.error("give a .csv or .json file: make export FILE=centres.csv")
    return options


def find_state(folder, name: str):
    """The State in ``folder`` with the id (berlin) or ISO code (DE-BE) ``name``, or None."""
    from sozialplattform.site.content.interfaces import IState

    wanted = name.strip().casefold()
    for state in folder.objectValues():
        if IState.providedBy(state) and wanted in (
            state.getId().casefold(),
            (getattr(state, "code", None) or "").casefold(),
        ):
            return state
    return None


def export(site, options: argparse.Namespace) -> int:
    """Write the file; the number of centres, or -1 for an unknown State."""
    from sozialplattform.site.bulk.exporter import export_records
    from sozialplattform.site.bulk.exporter import render
    from sozialplattform.site.content.structure import FOLDER_ID

    context = site[FOLDER_ID]
    if options.state:
        context = find_state(context, options.state)
        if context is None:
            return -1
    records = list(export_records(context, restricted=False))
    format = Path(options.file).suffix.lower().lstrip(".")
    # newline="": the CSV has its own CRLF line ends.
    Path(options.file).write_text(render(records, format), encoding="utf-8", newline="")
    return len(records)


def export_centres(app, arguments: list[str]) -> int:
    from sozialplattform.site.bulk.exporter import exported_message
    from sozialplattform.site.bulk.exporter import unknown_state_message
    from sozialplattform.site.content.structure import FOLDER_ID
    from sozialplattform.site.language import translate_for_site

    options = export_options(arguments)
    site = open_site(app, options.site)
    if site is None:
        return 2
    count = export(site, options)
    if count < 0:
        message = unknown_state_message(site[FOLDER_ID], options.state)
        print(translate_for_site(message), file=sys.stderr)
        return 2
    print(translate_for_site(exported_message(count, options.file)))
    return 0


register(Command("import", import_centres, help="import centres from a CSV/JSON file"))
register(Command("export", export_centres, help="export centres to a CSV/JSON file"))
