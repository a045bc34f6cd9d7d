"""Import counselling centres from a CSV or JSON file (docs/operators/bulk-import.md).

Run through `make import FILE=centres.csv [DRY_RUN=1] [PUBLISH=1] [VERSIONS=1]`, i.e.
`zconsole run instance/etc/zope.conf scripts/import_centres.py FILE [options]`.
Environment: SITE_ID (default Plone). Exit status: 0 all rows imported, 1 some rows have
errors, 2 the file (or the site) cannot be used; `make import` exits with 2 whenever this
script fails (make's own status) and prints the script's as "Error 1" or "Error 2".
"""

from sozialplattform.site.bulk.cli import open_site
from sozialplattform.site.bulk.cli import script_args
from zope.i18n import translate
import argparse
import os
import sys


def parse_options(args: list[str], environ=os.environ) -> argparse.Namespace:
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


def main(app, argv: list[str] | None = None) -> int:
    from sozialplattform.site.bulk.importer import import_file
    from sozialplattform.site.bulk.importer import RowFailed
    from sozialplattform.site.bulk.importer import site_language
    from sozialplattform.site.bulk.reader import FileError
    from sozialplattform.site.bulk.report import write_error_report

    options = parse_options(script_args(argv or sys.argv, "import_centres.py"))
    site = open_site(app, options.site)
    if site is None:
        return 2
    language = site_language()
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
        print(translate(error.message, target_language=language), file=sys.stderr)
        return 2
    except RowFailed as error:
        print(translate(error.message(), target_language=language), file=sys.stderr)
        return 2
    for line in report.lines(language):
        print(line)
    if options.report:
        with open(options.report, "w", encoding="utf-8", newline="") as stream:
            write_error_report(report, stream, language)
    return 1 if report.failed else 0


if __name__ == "__main__":
    sys.exit(main(app))  # noqa: F821 - `app` is provided by zconsole run
