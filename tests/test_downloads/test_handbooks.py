"""The handbook list, its pages in docs/handbuch and the shipped PDFs agree."""

from pathlib import Path
from sozialplattform.site.downloads import FUNCTIONS
from sozialplattform.site.downloads import ROLES
from sozialplattform.site.downloads.handbooks import HANDBOOKS
from sozialplattform.site.downloads.handbooks import PDF_DIR
import importlib.util
import re
import unittest
import yaml


ROOT = Path(__file__).resolve().parents[2]
HANDBOOK_DOCS = ROOT / "docs" / "handbuch"


def load_build_script():
    path = ROOT / "scripts" / "build_handbook_pdfs.py"
    spec = importlib.util.spec_from_file_location("build_handbook_pdfs", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def front_matter(text: str) -> dict:
    match = re.match(r"---\n(.*?)\n---\n", text, re.S)
    return yaml.safe_load(match.group(1)) if match else {}


class TestHandbookPages(unittest.TestCase):
    def test_names_and_files_are_unique(self):
        self.assertEqual(len({h.name for h in HANDBOOKS}), len(HANDBOOKS))
        self.assertEqual(len({h.file_id for h in HANDBOOKS}), len(HANDBOOKS))

    def test_tags_use_known_tokens(self):
        for handbook in HANDBOOKS:
            self.assertTrue(handbook.functions, handbook.name)
            self.assertTrue(handbook.roles, handbook.name)
            self.assertLessEqual(set(handbook.functions), set(FUNCTIONS), handbook.name)
            self.assertLessEqual(set(handbook.roles), set(ROLES), handbook.name)

    def test_every_function_and_role_has_a_handbook(self):
        self.assertEqual({f for h in HANDBOOKS for f in h.functions}, set(FUNCTIONS))
        self.assertEqual({r for h in HANDBOOKS for r in h.roles}, set(ROLES))

    def test_page_title_and_front_matter_match_the_list(self):
        for handbook in HANDBOOKS:
            text = (HANDBOOK_DOCS / f"{handbook.name}.md").read_text(encoding="utf-8")
            meta = front_matter(text)
            self.assertEqual(meta.get("funktion"), list(handbook.functions))
            self.assertEqual(meta.get("rolle"), list(handbook.roles))
            heading = re.search(r"^# (.+)$", text, re.M).group(1)
            self.assertEqual(heading, handbook.title)

    def test_pages_show_function_and_role(self):
        for handbook in HANDBOOKS:
            text = (HANDBOOK_DOCS / f"{handbook.name}.md").read_text(encoding="utf-8")
            self.assertIn("**Funktion:**", text, handbook.name)
            self.assertRegex(text, r"\*\*Rollen?:\*\*", handbook.name)

    def test_images_exist_and_stay_small(self):
        referenced = set()
        for page in HANDBOOK_DOCS.glob("*.md"):
            referenced |= set(
                re.findall(r"bilder/([\w-]+\.png)", page.read_text(encoding="utf-8"))
            )
        self.assertTrue(referenced)
        for name in referenced:
            self.assertTrue((HANDBOOK_DOCS / "bilder" / name).is_file(), name)
        total = sum(p.stat().st_size for p in (HANDBOOK_DOCS / "bilder").glob("*.png"))
        self.assertLess(total, 3_500_000)


class TestShippedPdfs(unittest.TestCase):
    def setUp(self):
        self.script = load_build_script()

    def test_each_handbook_is_a_real_pdf_with_its_title(self):
        for handbook in HANDBOOKS:
            data = (PDF_DIR / handbook.file_id).read_bytes()
            self.assertTrue(data.startswith(b"%PDF-"), handbook.file_id)
            self.assertIn(handbook.title, self.script.pdf_title(data))
            self.assertGreaterEqual(self.script.pdf_page_count(data), 2)
            self.assertIsNone(self.script.pdf_problem(data, handbook.title))

    def test_problem_reports(self):
        data = (PDF_DIR / HANDBOOKS[0].file_id).read_bytes()
        self.assertIn("%PDF", self.script.pdf_problem(b"<html>", "x"))
        self.assertIn("title", self.script.pdf_problem(data, "Ein anderes Handbuch"))

    def test_dates_are_normalised(self):
        data = b"<< /CreationDate (D:20261129004700+00'00') /ModDate (D:20261129004701Z) >>"
        result = self.script.normalise(data)
        self.assertEqual(len(result), len(data))
        self.assertEqual(result.count(b"D:20260101000000"), 2)
