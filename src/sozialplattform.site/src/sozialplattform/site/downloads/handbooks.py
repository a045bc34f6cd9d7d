"""The handbooks: source page in ``docs/handbuch``, PDF shipped with the distribution, tags.

``scripts/build_handbook_pdfs.py`` prints the pages listed here to PDF; ``setup.py`` turns
each PDF into a File of the download area.
"""

from dataclasses import dataclass
from pathlib import Path
from sozialplattform.site.downloads import function_tag
from sozialplattform.site.downloads import role_tag


PDF_DIR = (
    Path(__file__).resolve().parents[1]
    / "distributions"
    / "sozialplattform"
    / "handbooks"
)
ALL_ROLES = ("beratungsstelle", "landesredaktion", "ratsuchende")


@dataclass(frozen=True)
class Handbook:
    name: str  # page docs/handbuch/<name>.md
    title: str
    description: str
    functions: tuple[str, ...]
    roles: tuple[str, ...]

    @property
    def file_id(self) -> str:
        return f"handbuch-{self.name}.pdf"

    @property
    def pdf_path(self) -> Path:
        return PDF_DIR / self.file_id

    @property
    def subjects(self) -> tuple[str, ...]:
        return tuple(function_tag(f) for f in self.functions) + tuple(
            role_tag(r) for r in self.roles
        )


HANDBOOKS = (
    Handbook(
        "finder-beratungsstellen",
        "Finder & Self-Service: Handbuch für Beratungsstellen",
        "Daten und Öffnungszeiten pflegen, Angebote anlegen, zur Prüfung einreichen, "
        "Daten bestätigen, Versionen.",
        ("finder",),
        ("beratungsstelle",),
    ),
    Handbook(
        "finder-landesredaktion",
        "Finder & Self-Service: Handbuch für die Landesredaktion",
        "Einreichungen prüfen, veröffentlichen, ablehnen und zurückziehen, letzte "
        "Änderungen, Versionen vergleichen und wiederherstellen, Import und Export.",
        ("finder",),
        ("landesredaktion",),
    ),
    Handbook(
        "finder-ratsuchende",
        "Beratungsstellenfinder: Handbuch für Ratsuchende",
        "Beratungsstellen nach Ort, Postleitzahl, Umkreis und Thema finden, Filter, "
        "Karte und Datenschutz.",
        ("finder",),
        ("ratsuchende",),
    ),
    Handbook(
        "terminbuchung",
        "Online-Terminbuchung: Handbuch",
        "Für Beratungsstellen, Landesredaktion und Ratsuchende: Voraussetzungen, "
        "Einschalten, vorhandene Buchungswerkzeuge.",
        ("terminbuchung",),
        ALL_ROLES,
    ),
    Handbook(
        "onlineberatung",
        "Online-Beratung: Handbuch",
        "Für Beratungsstellen, Landesredaktion und Ratsuchende: Voraussetzungen, "
        "Einschalten, vorhandene Beratungswerkzeuge, Technik.",
        ("onlineberatung",),
        ALL_ROLES,
    ),
    Handbook(
        "anbindung",
        "Anbindung: Handbuch für Beratungsstellen und Landesredaktion",
        "Von der Anfrage über die AVV und den Zugang bis zur ersten Anmeldung.",
        ("anbindung",),
        ("beratungsstelle", "landesredaktion"),
    ),
)
