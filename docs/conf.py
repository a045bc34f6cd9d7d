"""Sphinx configuration of the sozialplattform.site documentation."""

project = "sozialplattform.site"
author = "sozialplattform.site developers"
copyright = "2026, sozialplattform.site developers"
extensions = ["myst_parser"]
myst_enable_extensions = ["colon_fence", "deflist"]
myst_heading_anchors = 3
source_suffix = {".md": "markdown"}
exclude_patterns = ["_build", "README.md"]
html_theme = "alabaster"
html_static_path = ["_static"]
# Handbook info box and the print layout the handbook PDFs are made with.
html_css_files = ["print.css"]
html_title = "sozialplattform.site"
language = "en"

# The handbooks (docs/handbuch) are German and carry the product name: their pages get
# lang="de" (the PDFs' document language) and "… — Sozialplattform" as window title (the
# PDFs' title). The developer documentation stays English.
HANDBOOK_PREFIX = "handbuch/"
PRODUCT = "Sozialplattform"


def handbook_page_context(app, pagename, templatename, context, doctree):
    if pagename.startswith(HANDBOOK_PREFIX):
        context["language"] = "de"
        context["docstitle"] = PRODUCT


def setup(app):
    app.connect("html-page-context", handbook_page_context)
