"""Bulk import and export of counselling centres (CSV and JSON).

- ``columns``: the file columns, one per field of ``ICounsellingCentre`` plus ``external_id``;
- ``reader``: CSV/JSON files to rows of field values (cell syntax, conversion errors);
- ``validate``: the schema fields' validation and ``content.rules`` per row;
- ``importer``: creates or updates centres in batches;
- ``report``: what an import did, one line per error, progress on stderr;
- ``exporter``: centres to rows, CSV and JSON;
- ``services``: ``GET @centres-export`` on a State and on ``/beratungsstellen``.

``commands`` runs them from the command line (``make import`` / ``make export``, through
the maintenance runner); docs/operators/bulk-import.md describes the format.
"""
