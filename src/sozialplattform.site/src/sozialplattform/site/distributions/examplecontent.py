"""Example content of the distribution: German front page, the example operator.

All example content is fictional. Each concern (centres, onboarding, ...) adds its own part
through ``create``; the function is only called on a new site.
"""

from datetime import date
from plone import api
from Products.CMFPlone.Portal import PloneSite
from sozialplattform.site.distributions import zodbcache
from sozialplattform.site.distributions.centres import create_centres
from sozialplattform.site.downloads.setup import create_download_area
from sozialplattform.site.legal.settings import RECORD_PREFIX
from sozialplattform.site.legal.setup import install_pages
from sozialplattform.site.onboarding.setup import create_interest_form
from sozialplattform.site.sitecontent import html


FRONT_PAGE_TITLE = "Sozialplattform"
FRONT_PAGE_DESCRIPTION = "Beratung finden, Termine buchen, online beraten lassen."
FRONT_PAGE_TEXT = """
<p class="lead">Die Sozialplattform hilft Menschen, schnell die passende Beratungsstelle zu
finden &ndash; in der Nähe oder online, kostenfrei und auf Wunsch anonym.</p>
<h2>Vier Funktionen für Ratsuchende und Beratungsstellen</h2>
<ul class="sozialplattform-functions">
  <li><h3>Beratungsstellenfinder</h3>
    <p>Suchen Sie nach Thema oder Lebenslage, Postleitzahl oder Ort und Umkreis, Sprache,
    Zielgruppe und Beratungsweg (vor Ort, Telefon, Video, Chat, E-Mail). Barrierefreie,
    kostenfreie und anonyme Angebote lassen sich gezielt finden.</p></li>
  <li><h3>Self-Service für Beratungsstellen</h3>
    <p>Beratungsstellen pflegen ihre Daten und Angebote selbst. Die Landesredaktion prüft
    Änderungen und gibt sie frei. Der Eintrag im Finder ist für alle Beratungsstellen in
    Deutschland kostenfrei.</p></li>
  <li><h3>Online-Terminbuchung</h3>
    <p>Freie Termine sehen und direkt buchen &ndash; rund um die Uhr, mit Bestätigung per
    E-Mail. Verfügbar, wenn das Bundesland der Beratungsstelle teilnimmt.</p></li>
  <li><h3>Online-Beratung</h3>
    <p>Schriftlich im geschützten Chat oder per Video (Jitsi Meet), ohne Installation im
    Browser. Verfügbar, wenn das Bundesland der Beratungsstelle teilnimmt.</p></li>
</ul>
<h2>Für Beratungsstellen</h2>
<p>Sie möchten Ihre Beratungsstelle eintragen oder Online-Terminbuchung und Online-Beratung
nutzen? Die Anbindung ist einfach: Interesse bekunden, Vereinbarung zur
Auftragsverarbeitung (AVV) unterzeichnen, Zugang erhalten, Daten pflegen.</p>
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


def create(site: PloneSite) -> None:
    """Create all example content (in the transaction that creates the site)."""
    zodbcache.keep_cached_until_transaction_end(site)
    create_front_page(site)
    set_example_operator()
    install_pages(site)
    create_download_area(site)
    create_interest_form(site)
    create_centres(site)
