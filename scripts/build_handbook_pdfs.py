"""Print the built HTML handbooks to PDF with Chromium and ship them as example content.

``make docs`` runs Sphinx first, then this script::

    .venv/bin/python scripts/build_handbook_pdfs.py [--html docs/_build/html]
        [--out docs/_build/pdf] [--no-copy]

Each handbook of ``sozialplattform.site.downloads.handbooks.HANDBOOKS`` is printed from
``<html>/handbuch/<name>.html`` (A4, backgrounds, a footer with the product name and page
numbers; ``docs/_static/print.css`` hides the sidebar) as tagged PDF with an outline from the
headings into ``<out>/handbuch-<name>.pdf`` and copied to the distribution's
``handbooks/`` folder, from which ``create_download_area`` makes the download area's files.
A PDF is only copied when its content changed, so rebuilding leaves git clean.
"""

from pathlib import Path
import argparse
import html
import re
import shutil
import sys


ROOT = Path(__file__).resolve().parents[1]
PRODUCT = "Sozialplattform"
FOOTER = (
    '<div lang="de" style="font-size:8px;width:100%;margin:0 15mm;color:#555;'
    'font-family:sans-serif;display:flex;justify-content:space-between">'
    "<span>{title}</span>"
    '<span>Seite <span class="pageNumber"></span> von <span class="totalPages"></span>'
    "</span></div>"
)
MARGIN = {"top": "15mm", "bottom": "18mm", "left": "15mm", "right": "15mm"}
# Chromium stamps the time into the PDF; a fixed stamp of the same length keeps the
# cross-reference offsets valid and the file reproducible.
DATE = re.compile(rb"(/(?:CreationDate|ModDate) ?\(D:)[0-9]{14}")
FIXED_DATE = b"20260101000000"


def normalise(data: bytes) -> bytes:
    """The PDF with its creation and modification dates replaced by a fixed one."""
    return DATE.sub(lambda match: match.group(1) + FIXED_DATE, data)


def display(path: Path) -> str:
    """``path`` relative to the repository when it lies inside it."""
    path = path.resolve()
    return str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else str(path)


def pdf_page_count(data: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page(?![s\w])", data))


def pdf_title(data: bytes) -> str:
    """The document title of the PDF's Info dictionary ("" when there is none)."""
    match = re.search(rb"/Title\s*(?:<([0-9A-Fa-f]+)>|\(((?:[^()\\]|\\.)*)\))", data)
    if match is None:
        return ""
    if match.group(1) is not None:
        raw = bytes.fromhex(match.group(1).decode("ascii"))
        if raw.startswith(b"\xfe\xff"):
            return raw[2:].decode("utf-16-be")
        return raw.decode("latin-1")
    return re.sub(rb"\\(.)", rb"\1", match.group(2)).decode("latin-1")


def footer(title: str) -> str:
    """The page footer: product and handbook on the left, page numbers on the right."""
    return FOOTER.format(title=html.escape(f"{PRODUCT} · {title}"))


def pdf_problem(data: bytes, title: str) -> str | None:
    """Why ``data`` is not the handbook ``title`` as PDF, or None."""
    if not data.startswith(b"%PDF-"):
        return "does not start with %PDF-"
    if title not in pdf_title(data):
        return f"title {pdf_title(data)!r} does not contain {title!r}"
    if pdf_page_count(data) < 1:
        return "has no pages"
    return None


def print_pdfs(html_dir: Path, out_dir: Path) -> list[Path]:
    from playwright.sync_api import sync_playwright
    from sozialplattform.site.downloads.handbooks import HANDBOOKS
    from sozialplattform.site.testing import CHROMIUM_ARGS
    from sozialplattform.site.testing import CHROMIUM_PATH

    missing = [
        str(html_dir / "handbuch" / f"{h.name}.html")
        for h in HANDBOOKS
        if not (html_dir / "handbuch" / f"{h.name}.html").is_file()
    ]
    if missing:
        sys.exit(f"HTML missing (run sphinx-build first): {', '.join(missing)}")
    if not Path(CHROMIUM_PATH).exists():
        sys.exit(f"Chromium not found at {CHROMIUM_PATH}: `make install-browser`")
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM_PATH, args=CHROMIUM_ARGS, headless=True
        )
        try:
            page = browser.new_page(locale="de-DE")
            for handbook in HANDBOOKS:
                source = html_dir / "handbuch" / f"{handbook.name}.html"
                page.goto(source.resolve().as_uri(), wait_until="load")
                page.emulate_media(media="print")
                data = page.pdf(
                    format="A4",
                    print_background=True,
                    display_header_footer=True,
                    header_template="<span></span>",
                    footer_template=footer(handbook.title),
                    margin=MARGIN,
                    tagged=True,
                    outline=True,
                )
                problem = pdf_problem(data, handbook.title)
                if problem:
                    sys.exit(f"{handbook.file_id}: {problem}")
                target = out_dir / handbook.file_id
                target.write_bytes(normalise(data))
                written.append(target)
                print(f"{display(target)}: {pdf_page_count(data)} pages")
        finally:
            browser.close()
    return written


def copy_changed(pdfs: list[Path], target_dir: Path) -> None:
    target_dir.mkdir(parents=True, exist_ok=True)
    for pdf in pdfs:
        target = target_dir / pdf.name
        if target.is_file() and target.read_bytes() == pdf.read_bytes():
            continue
        shutil.copyfile(pdf, target)
        print(f"copied to {display(target)}")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--html", type=Path, default=ROOT / "docs/_build/html")
    parser.add_argument("--out", type=Path, default=ROOT / "docs/_build/pdf")
    parser.add_argument(
        "--no-copy", action="store_true", help="do not update the shipped PDFs"
    )
    args = parser.parse_args(argv)
    pdfs = print_pdfs(args.html, args.out)
    if not args.no_copy:
        from sozialplattform.site.downloads.handbooks import PDF_DIR

        copy_changed(pdfs, PDF_DIR)
    return 0


if __name__ == "__main__":
    sys.exit(main())
