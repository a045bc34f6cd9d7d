"""Example content of the distribution: German front page and the legal pages.

All example content is fictional. Each concern (centres, onboarding, ...) adds its own part
through ``create``; the function is only called on a new site.
"""

from plone import api
from Products.CMFPlone.Portal import PloneSite
from sozialplattform.site.distributions import zodbcache
from sozialplattform.site.distributions.centres import create_centres
from sozialplattform.site.downloads.setup import create_download_area
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

PAGES = (
    (
        "impressum",
        "Impressum",
        "Angaben gemäß § 5 DDG.",
        "<p>Beispielinstallation der Sozialplattform. Tragen Sie hier die Angaben des"
        " Betreibers ein (Name, Anschrift, Vertretung, Kontakt, Aufsichtsbehörde).</p>",
    ),
    (
        "datenschutz",
        "Datenschutzerklärung",
        "Wie die Sozialplattform mit personenbezogenen Daten umgeht.",
        "<p>Die Sozialplattform lädt ohne Ihre Einwilligung keine Inhalte von Dritten"
        " (Karten, Videos). Personenbezogene Daten aus Terminbuchungen, Anfragen und"
        " Beratungen werden nach Ablauf der festgelegten Aufbewahrungsfrist gelöscht.</p>"
        "<p>Postleitzahl-Geodaten: GeoNames (www.geonames.org), Lizenz CC BY 4.0.</p>",
    ),
    (
        "barrierefreiheit",
        "Erklärung zur Barrierefreiheit",
        "Stand der Vereinbarkeit mit BITV 2.0 / WCAG 2.1 AA.",
        "<p>Die Sozialplattform soll für alle Menschen nutzbar sein. Barrieren melden Sie"
        " bitte an die im Impressum genannte Adresse.</p>",
    ),
)


def create_front_page(site: PloneSite) -> None:
    site.title = FRONT_PAGE_TITLE
    site.description = FRONT_PAGE_DESCRIPTION
    site.text = html(FRONT_PAGE_TEXT)
    site.setLayout("document_view")
    site.reindexObject()


def create_pages(site: PloneSite) -> None:
    for page_id, title, description, text in PAGES:
        if page_id in site:
            continue
        page = api.content.create(
            container=site,
            type="Document",
            id=page_id,
            title=title,
            description=description,
            text=html(text),
            exclude_from_nav=True,
        )
        api.content.transition(page, to_state="published")


def create(site: PloneSite) -> None:
    """Create all example content (in the transaction that creates the site)."""
    zodbcache.keep_cached_until_transaction_end(site)
    create_front_page(site)
    create_pages(site)
    create_download_area(site)
    create_interest_form(site)
    create_centres(site)
