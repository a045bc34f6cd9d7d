"""The handbook list, its pages in docs/handbuch and the shipped PDFs agree."""

from babel.messages.pofile import read_po
from functools import cache
from pathlib import Path
from pypdf import PdfReader
from sozialplattform.site.downloads import FUNCTIONS
from sozialplattform.site.downloads import ROLES
from sozialplattform.site.downloads.handbooks import HANDBOOKS
from sozialplattform.site.downloads.handbooks import PDF_DIR
import importlib.util
import re
import unicodedata
import unittest
import yaml


ROOT = Path(__file__).resolve().parents[2]
HANDBOOK_DOCS = ROOT / "docs" / "handbuch"
PO = PDF_DIR.parents[2] / "locales" / "de" / "LC_MESSAGES" / "sozialplattform.site.po"
# Buttons and menu entries a handbook tells the reader to click, by their msgid on the site.
BUTTONS = {
    "anbindung": (
        "button_apply_for_onboarding",
        "Send AVV",
        "Confirm signatures",
        "Grant access",
        "button_purge",
        "heading_set_password",
        "label_new_password",
        "label_repeat_password",
        "button_request_new_link",
    ),
    "finder-beratungsstellen": (
        "Submit for review",
        "Withdraw submission",
        "Confirm data",
    ),
    "finder-landesredaktion": ("Publish",),
    "finder-ratsuchende": ("button_show_map",),
    "terminbuchung": ("button_add_row",),
}
# Names the handbooks once used that the site does not show.
NOT_ON_THE_SITE = ("Anbindung anfragen",)
# Sphinx's English admonition titles (the handbooks title their admonitions in German).
ENGLISH_LABELS = re.compile(
    r"\b(Tip|Note|Hint|Important|Warning|Caution|Attention|Danger|Error|See also)\b:?"
)


def load_build_script():
    path = ROOT / "scripts" / "build_handbook_pdfs.py"
    spec = importlib.util.spec_from_file_location("build_handbook_pdfs", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@cache
def pdf(handbook) -> PdfReader:
    return PdfReader(handbook.pdf_path)


def page_text(page) -> str:
    """A page's text: ligatures ("ﬁ") resolved, line breaks of the layout as single spaces."""
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", page.extract_text()))


@cache
def pdf_text(handbook) -> str:
    return " ".join(page_text(page) for page in pdf(handbook).pages)


def outline_titles(outline) -> list[str]:
    titles = []
    for entry in outline:
        titles += outline_titles(entry) if isinstance(entry, list) else [entry.title]
    return titles


def headings(name: str) -> list[str]:
    """The headings of docs/handbuch/<name>.md in order (none from inside code fences)."""
    found, fenced = [], False
    for line in (HANDBOOK_DOCS / f"{name}.md").read_text(encoding="utf-8").splitlines():
        fenced ^= line.startswith("```")
        match = None if fenced else re.match(r"#{1,6} (.+)$", line)
        if match:
            found.append(match.group(1).strip())
    return found


def site_text(msgid: str) -> str:
    with PO.open("rb") as po:
        message = read_po(po).get(msgid)
    if message is None or not message.string:
        raise AssertionError(f"no German text for {msgid!r} in {PO.name}")
    return message.string


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


class TestAccessiblePdfs(unittest.TestCase):
    """Tagged, German, with outline, title and footer naming the product, the site's words."""

    def test_tagged_with_document_language(self):
        for handbook in HANDBOOKS:
            root = pdf(handbook).trailer["/Root"]
            self.assertEqual(root["/MarkInfo"]["/Marked"], True, handbook.name)
            self.assertIn("/StructTreeRoot", root, handbook.name)
            self.assertEqual(root["/Lang"], "de", handbook.name)

    def test_outline_follows_the_headings(self):
        for handbook in HANDBOOKS:
            titles = outline_titles(pdf(handbook).outline)
            self.assertEqual(titles, headings(handbook.name), handbook.name)
            self.assertEqual(titles[0], handbook.title)

    def test_title_and_footer_name_the_product(self):
        for handbook in HANDBOOKS:
            self.assertEqual(
                pdf(handbook).metadata.title, f"{handbook.title} — Sozialplattform"
            )
            pages = pdf(handbook).pages
            for number, page in enumerate(pages, 1):
                text = page_text(page)
                self.assertIn(f"Sozialplattform · {handbook.title}", text)
                self.assertIn(f"Seite {number} von {len(pages)}", text)

    def test_german_without_english_labels(self):
        self.assertRegex("Tip: x", ENGLISH_LABELS)
        for handbook in HANDBOOKS:
            self.assertIsNone(ENGLISH_LABELS.search(pdf_text(handbook)), handbook.name)
        for page in HANDBOOK_DOCS.glob("*.md"):
            text = page.read_text(encoding="utf-8")
            # An admonition without a title gets Sphinx's English label ("Tip").
            self.assertNotRegex(
                text,
                r"(:::|```)\{(tip|note|hint|important|warning|"
                r"caution|attention|danger|error|seealso)\}",
                page.name,
            )

    def test_buttons_named_as_on_the_site(self):
        by_name = {h.name: h for h in HANDBOOKS}
        for name, msgids in BUTTONS.items():
            text = pdf_text(by_name[name])
            for msgid in msgids:
                label = site_text(msgid)
                self.assertIn(f"{label}", text, f"{name}: {msgid}")
            for wrong in NOT_ON_THE_SITE:
                self.assertFalse(wrong in text, f"{name}: {wrong!r}")
