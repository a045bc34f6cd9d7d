"""The documentation builds without warnings, and the handbook PDFs print (make docs)."""

from functools import cache
from pathlib import Path
from sozialplattform.site.downloads.handbooks import HANDBOOKS
import atexit
import shutil
import subprocess
import sys
import tempfile
import unittest


ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent


@cache
def build_dir() -> Path:
    path = Path(tempfile.mkdtemp(prefix="sozialplattform-docs-"))
    atexit.register(shutil.rmtree, path, ignore_errors=True)
    return path


@cache
def sphinx_build() -> subprocess.CompletedProcess:
    """One ``sphinx-build -W`` of docs/ into a temporary folder (about two seconds)."""
    return subprocess.run(
        [
            str(BIN / "sphinx-build"),
            "-W",
            "--keep-going",
            "-q",
            "-b",
            "html",
            str(ROOT / "docs"),
            str(build_dir() / "html"),
        ],
        check=False,
        capture_output=True,
        text=True,
        timeout=300,
    )


class TestDocsBuild(unittest.TestCase):
    def setUp(self):
        self.result = sphinx_build()
        self.html = build_dir() / "html"

    def test_sphinx_without_warnings(self):
        self.assertEqual(self.result.returncode, 0, self.result.stderr)

    def test_handbook_pages_with_images(self):
        for handbook in HANDBOOKS:
            page = self.html / "handbuch" / f"{handbook.name}.html"
            html = page.read_text(encoding="utf-8")
            self.assertIn(handbook.title.replace("&", "&amp;"), html)
            self.assertIn("print.css", html)
        self.assertTrue(list((self.html / "_images").glob("*.png")))

    def test_pdfs_print(self):
        out = build_dir() / "pdf"
        result = subprocess.run(
            [
                sys.executable,
                str(ROOT / "scripts" / "build_handbook_pdfs.py"),
                "--html",
                str(self.html),
                "--out",
                str(out),
                "--no-copy",
            ],
            check=False,
            capture_output=True,
            text=True,
            timeout=300,
        )
        self.assertEqual(result.returncode, 0, result.stderr)
        for handbook in HANDBOOKS:
            data = (out / handbook.file_id).read_bytes()
            self.assertTrue(data.startswith(b"%PDF-"))
