"""catalog.xml (not generated) has what the finder reads: a metadata column for each
field of the finder record and an index for each filter; nothing else without a reason."""

from pathlib import Path
from sozialplattform.site.finder import search
from sozialplattform.site.finder.query import BOOLEAN_FILTERS
from xml.etree import ElementTree
import sozialplattform.site
import unittest


CATALOG_XML = (
    Path(sozialplattform.site.__file__).parent / "profiles" / "default" / "catalog.xml"
)
#: Plone's own columns the finder reads.
PLONE_COLUMNS = {"UID", "Title", "Description"}
#: Columns and indexes of the profile read elsewhere, and where.
OTHER_COLUMNS = {
    "carrier": "@search metadata_fields (docs/api/centres.md)",
    "last_reviewed": "content/changes.py (recent changes of the centres)",
}
OTHER_INDEXES = {
    "postcode": "@search queries by postcode",
    "longitude": "@search range queries (latitude is the finder's bounding box)",
    "external_id": "bulk/importer.py (the key of an import row)",
    "takes_bookings": "finder/bookable.py (the centres with appointment types)",
}


class TestCatalogXML(unittest.TestCase):
    def setUp(self):
        self.root = ElementTree.parse(CATALOG_XML).getroot()

    def test_a_column_for_each_field_of_the_finder_record(self):
        columns = {column.get("value") for column in self.root.iter("column")}
        self.assertEqual(
            columns, set(search.COLUMNS) - PLONE_COLUMNS | set(OTHER_COLUMNS)
        )

    def test_an_index_for_each_finder_filter(self):
        indexes = {index.get("name") for index in self.root.iter("index")}
        finder = {
            *search.FACET_INDEXES.values(),
            *BOOLEAN_FILTERS,
            "nationwide",
            "latitude",
            search.WORD_INDEX,
        }
        self.assertEqual(indexes, finder | set(OTHER_INDEXES))
