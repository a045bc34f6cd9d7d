"""Helpers of the bulk import/export tests.

The tests run on the package's own layers (``sozialplattform.site.testing``): the
package's configure.zcml includes ``bulk``, so no layer of their own is needed. The export
permission comes from the profile's rolemap.xml (tested in test_permissions.test_matrix).
"""

import csv
import io


def csv_data(rows: list[dict], delimiter: str = ",", bom: bool = False) -> bytes:
    """CSV bytes with the union of the rows' keys as header (in first-seen order)."""
    header: list[str] = []
    for row in rows:
        header.extend(name for name in row if name not in header)
    stream = io.StringIO()
    writer = csv.writer(stream, delimiter=delimiter)
    writer.writerow(header)
    for row in rows:
        writer.writerow([row.get(name, "") for name in header])
    return (("\ufeff" if bom else "") + stream.getvalue()).encode("utf-8")


def centre_row(external_id: str = "BE-1", **values) -> dict:
    """A valid CSV row of a centre in Berlin."""
    row = {
        "external_id": external_id,
        "title": "Schuldnerberatung Mitte",
        "postcode": "10115",
        "city": "Berlin",
        "topics": "schulden|wohnen",
    }
    row.update(values)
    return row
