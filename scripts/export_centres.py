"""Export counselling centres to a CSV or JSON file (docs/operators/bulk-import.md).

Run through `make export FILE=centres.csv [STATE=berlin]`, i.e.
`zconsole run instance/etc/zope.conf scripts/export_centres.py FILE [--state STATE]`;
STATE is the State's id (berlin) or ISO code (DE-BE, any case).
Environment: SITE_ID (default Plone). Exports drafts too; the columns are the import's.
Exit status: 0 written, 2 unknown State or site.
"""

from pathlib import Path
from sozialplattform.site.bulk.cli import open_site
from sozialplattform.site.bulk.cli import script_args
from zope.i18n import translate
import argparse
import os
import sys


def parse_options(args: list[str], environ=os.environ) -> argparse.Namespace:
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


def main(app, argv: list[str] | None = None) -> int:
    options = parse_options(script_args(argv or sys.argv, "export_centres.py"))
    site = open_site(app, options.site)
    if site is None:
        return 2
    from sozialplattform.site.bulk.exporter import exported_message
    from sozialplattform.site.bulk.exporter import unknown_state_message
    from sozialplattform.site.bulk.importer import site_language
    from sozialplattform.site.content.structure import FOLDER_ID

    language = site_language()
    count = export(site, options)
    if count < 0:
        message = unknown_state_message(site[FOLDER_ID], options.state)
        print(translate(message, target_language=language), file=sys.stderr)
        return 2
    message = exported_message(count, options.file)
    print(translate(message, target_language=language))
    return 0


if __name__ == "__main__":
    sys.exit(main(app))  # noqa: F821 - `app` is provided by zconsole run
