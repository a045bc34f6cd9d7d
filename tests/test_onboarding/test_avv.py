"""The example AVV is a shipped PDF file (``distributions/sozialplattform/avv-muster.pdf``)."""

from sozialplattform.site.onboarding import settings
from sozialplattform.site.onboarding.setup import AVV_ID
from sozialplattform.site.onboarding.setup import AVV_PATH
from sozialplattform.site.testing import DISTRIBUTION_INTEGRATION_TESTING
from sozialplattform.site.testing import DISTRIBUTION_SITE_ID
from zope.component.hooks import setSite
import re
import unittest


def assert_valid_pdf(test: unittest.TestCase, data: bytes) -> None:
    """Header, trailer, and a cross-reference table whose offsets hit its objects."""
    test.assertTrue(data.startswith(b"%PDF-1."), data[:16])
    test.assertTrue(data.rstrip().endswith(b"%%EOF"))
    xref = int(re.findall(rb"startxref\s+(\d+)", data)[-1])
    test.assertEqual(data[xref : xref + 4], b"xref")
    first, count = map(int, re.match(rb"xref\s+(\d+) (\d+)", data[xref:]).groups())
    entries = re.findall(rb"(\d{10}) (\d{5}) ([nf])", data[xref:])[:count]
    test.assertEqual(len(entries), count)
    for number, (offset, _generation, kind) in enumerate(entries, start=first):
        if kind == b"n":
            start = int(offset)
            test.assertEqual(
                data[start : start + len(f"{number} 0 obj")], b"%d 0 obj" % number
            )
    test.assertRegex(data, rb"/Type\s*/Catalog")
    test.assertRegex(data, rb"/Type\s*/Page\b")


class TestShippedAVV(unittest.TestCase):
    def test_the_shipped_file_is_a_valid_pdf(self):
        self.assertEqual(AVV_PATH.name, AVV_ID)
        assert_valid_pdf(self, AVV_PATH.read_bytes())

    def test_the_check_notices_a_broken_pdf(self):
        data = AVV_PATH.read_bytes()
        broken = data.replace(b"1 0 obj", b"1 0 xyz", 1)
        with self.assertRaises(AssertionError):
            assert_valid_pdf(self, broken)


class TestExampleAVV(unittest.TestCase):
    layer = DISTRIBUTION_INTEGRATION_TESTING

    def test_the_site_holds_the_shipped_file(self):
        setSite(self.layer["app"][DISTRIBUTION_SITE_ID])
        avv = settings.avv_file()
        self.assertEqual(avv.getId(), AVV_ID)
        self.assertEqual(avv.file.data, AVV_PATH.read_bytes())
        self.assertEqual(avv.file.contentType, "application/pdf")
