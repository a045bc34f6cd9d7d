"""Layers and helpers of the bulk import/export tests.

The layer loads ``sozialplattform.site.bulk``'s ZCML itself (a no-op once the package's
configure.zcml includes it). The export permission comes from the profile's rolemap.xml
(tested in test_permissions.test_matrix).
"""

from plone.app.testing import FunctionalTesting
from plone.app.testing import IntegrationTesting
from plone.app.testing import PloneSandboxLayer
from plone.testing import zope as zope_testing
from sozialplattform.site.testing import FIXTURE
import csv
import io


class BulkLayer(PloneSandboxLayer):
    defaultBases = (FIXTURE,)

    def setUpZope(self, app, configurationContext):
        import sozialplattform.site.bulk

        self.loadZCML(package=sozialplattform.site.bulk)


BULK_FIXTURE = BulkLayer()
BULK_INTEGRATION_TESTING = IntegrationTesting(
    bases=(BULK_FIXTURE,), name="SozialplattformBulk:Integration"
)
BULK_FUNCTIONAL_TESTING = FunctionalTesting(
    bases=(BULK_FIXTURE, zope_testing.WSGI_SERVER_FIXTURE),
    name="SozialplattformBulk:Functional",
)


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
