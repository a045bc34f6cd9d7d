"""The message catalogues are complete: every msgid in the code has a German translation."""

from babel.messages.pofile import read_po
from pathlib import Path
import subprocess
import sys
import tempfile
import unittest


ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "src/sozialplattform.site/src/sozialplattform/site"
LOCALES = PACKAGE / "locales"
I18NDUDE = Path(sys.executable).parent / "i18ndude"


def msgids(path: Path) -> set[str]:
    with path.open("rb") as handle:
        return {message.id for message in read_po(handle) if message.id}


class TestCatalogues(unittest.TestCase):
    def test_pot_matches_the_code(self):
        with tempfile.TemporaryDirectory() as tmp:
            fresh = Path(tmp) / "fresh.pot"
            subprocess.run(
                [
                    str(I18NDUDE),
                    "rebuild-pot",
                    "--pot",
                    str(fresh),
                    "--create",
                    "sozialplattform.site",
                    str(PACKAGE),
                ],
                check=True,
                capture_output=True,
            )
            extracted = msgids(fresh)
        committed = msgids(LOCALES / "sozialplattform.site.pot")
        self.assertEqual(
            sorted(extracted - committed), [], "new msgids: run `make i18n`"
        )
        self.assertEqual(
            sorted(committed - extracted), [], "stale msgids: run `make i18n`"
        )

    def test_every_msgid_translated_to_german(self):
        pot = msgids(LOCALES / "sozialplattform.site.pot")
        path = LOCALES / "de/LC_MESSAGES/sozialplattform.site.po"
        with path.open("rb") as handle:
            german = {m.id: m for m in read_po(handle) if m.id}
        self.assertEqual(sorted(pot - set(german)), [], "msgids missing in de")
        untranslated = sorted(m for m in pot if not german[m].string)
        self.assertEqual(untranslated, [], "msgids without German text")
        fuzzy = sorted(m for m in pot if german[m].fuzzy)
        self.assertEqual(fuzzy, [], "fuzzy German entries")
