"""Example content of the distribution: German front page, the example operator.

All example content is fictional. Each concern (centres, onboarding, ...) adds its own part
through ``create``; the function is only called on a new site.
"""

from datetime import date
from plone import api
from Products.CMFPlone.Portal import PloneSite
from sozialplattform.site.distributions import zodbcache
from sozialplattform.site.distributions.centres import create_centres
from sozialplattform.site.distributions.examplebookings import create_bookings
from sozialplattform.site.downloads.setup import create_download_area
from sozialplattform.site.legal.settings import RECORD_PREFIX
from sozialplattform.site.legal.setup import install_pages
from sozialplattform.site.onboarding.setup import create_interest_form
from sozialplattform.site.sitecontent import html


FRONT_PAGE_TITLE = "Sozialplattform"
FRONT_PAGE_DESCRIPTION = (
    "Die Sozialplattform hilft Menschen, die passende Beratungsstelle zu finden – in der"
    " Nähe oder online."
)
#: What the platform offers is listed above this text by ``browser.frontpage`` and
#: follows the functions as the States take part; the text itself promises none of them.
FRONT_PAGE_TEXT = """
<h2>Für Beratungsstellen</h2>
<p>Sie möchten Ihre Beratungsstelle eintragen und Ihre Daten selbst pflegen? Die Anbindung
ist einfach: Interesse bekunden, Vereinbarung zur Auftragsverarbeitung (AVV) unterzeichnen,
Zugang erhalten, Daten pflegen.</p>
<ul>
  <li><a href="@@anbindung">Anbindung für Beratungsstellen</a>: Ablauf, Voraussetzungen und
  die zuständigen Personen in den Bundesländern</li>
  <li><a href="anbindung-beantragen">Anbindung beantragen</a></li>
  <li><a href="downloads">Downloadbereich</a>: Handbücher für Beratungsstellen,
  Landesredaktionen und Ratsuchende</li>
</ul>
<p><em>Dies ist eine Beispielinstallation. Alle Beratungsstellen, Namen und Kontaktdaten
sind frei erfunden.</em></p>
"""
#: The hand-written function list of the example front page before issue 11.
OLD_FUNCTION_LIST = 'class="sozialplattform-functions"'

#: The example operator (fictional), written into the operator settings.
EXAMPLE_OPERATOR = {
    "operator_name": "Musterministerium für Soziales (Beispiel)",
    "operator_address": "Musterstraße 1\n10115 Berlin",
    "representative": "Dr. Erika Mustermann, Staatssekretärin",
    "email": "kontakt@sozialplattform.example",
    "phone": "030 1234567-0",
    "content_responsible": "Referat Digitale Beratung\nMusterstraße 1, 10115 Berlin",
    "consumer_dispute": "Wir sind nicht bereit und nicht verpflichtet, an"
    " Streitbeilegungsverfahren vor einer Verbraucherschlichtungsstelle teilzunehmen.",
    "data_protection_officer": "Behördliche Datenschutzbeauftragte des"
    " Musterministeriums\ndatenschutz@sozialplattform.example",
    "supervisory_authority": "Beauftragte für Datenschutz und Informationsfreiheit"
    " (Beispiel)\nMusterplatz 2, 10117 Berlin",
    "accessibility_contact": "Referat Digitale Beratung\n"
    "barrierefreiheit@sozialplattform.example, 030 1234567-0",
    "accessibility_date": date(2026, 12, 1),
    "known_barriers": [
        "Die Handbücher im Downloadbereich sind noch keine getaggten PDF-Dokumente.",
        "Die Karte im Finder ist nicht mit der Tastatur bedienbar; die Ergebnisliste"
        " enthält dieselben Angaben.",
    ],
    "enforcement_body": "Schlichtungsstelle nach § 16 BGG beim Beauftragten der"
    " Bundesregierung für die Belange von Menschen mit Behinderungen\n"
    "https://www.schlichtungsstelle-bgg.de",
}


def set_example_operator() -> None:
    for name, value in EXAMPLE_OPERATOR.items():
        api.portal.set_registry_record(f"{RECORD_PREFIX}.{name}", value)


def create_front_page(site: PloneSite) -> None:
    site.title = FRONT_PAGE_TITLE
    site.description = FRONT_PAGE_DESCRIPTION
    site.text = html(FRONT_PAGE_TEXT)
    site.setLayout("document_view")
    site.reindexObject()


def update_front_page(site: PloneSite) -> bool:
    """Upgrade handler: replace the example front page's old text (the function list
    with its promises); a text an operator wrote stays. True when replaced."""
    text = getattr(site, "text", None)
    if text is None or OLD_FUNCTION_LIST not in (text.raw or ""):
        return False
    create_front_page(site)
    return True


def create(site: PloneSite) -> None:
    """Create all example content (in the transaction that creates the site)."""
    zodbcache.keep_cached_until_transaction_end(site)
    create_front_page(site)
    set_example_operator()
    install_pages(site)
    create_download_area(site)
    create_interest_form(site)
    create_centres(site)
    create_bookings(site)
