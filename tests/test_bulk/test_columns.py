"""The import/export columns cover the centre's schema: a new field needs a column."""

from sozialplattform.site.bulk import columns
from sozialplattform.site.content.interfaces import CENTRE_SCHEMATA
from sozialplattform.site.content.interfaces import ICounsellingOffer
from zope.schema import getFieldNames
import unittest


class TestColumns(unittest.TestCase):
    def test_every_centre_field_has_a_column_or_is_named_as_without(self):
        fields = {name for schema in CENTRE_SCHEMATA for name in getFieldNames(schema)}
        with_column = set(columns.COLUMNS) - {"text", "state", "review_state"}
        self.assertEqual(fields - set(columns.NO_COLUMN), with_column)
        self.assertFalse(set(columns.NO_COLUMN) & with_column)

    def test_every_offer_field_is_a_key(self):
        self.assertEqual(
            set(columns.OFFER_FIELDS), set(getFieldNames(ICounsellingOffer))
        )

    def test_every_column_has_its_field(self):
        for name in columns.CENTRE_FIELDS:
            self.assertIsNotNone(columns.centre_field(name), name)
