"""Example centres of the distribution: about 200 fictional counselling centres.

Everything here is invented: names, carriers, streets, phone numbers (from the ranges the
Bundesnetzagentur reserves for film and fiction), e-mail addresses and websites (``.example``).
Only the postcodes and place names are real (GeoNames), so the finder works.

``centre_data`` is a pure function (fixed seed): the same list on every run for the same
``today``. ``create_centres`` stores that list and the States' onboarding settings in a site.
"""

from dataclasses import dataclass
from datetime import date
from datetime import timedelta
from plone import api
from plone.app.textfield.value import RichTextValue
from sozialplattform.site import logger
from sozialplattform.site.content.structure import create_structure
from sozialplattform.site.geo import all_postcodes
from sozialplattform.site.geo import find_places
from sozialplattform.site.geo import haversine_km
from sozialplattform.site.geo import lookup
from sozialplattform.site.geo import normalise_name
from sozialplattform.site.geo import STATES
import random
import transaction


SEED = 20250601
PUBLISHED_SHARE = 0.9
ACCESSIBLE_SHARE = 0.6
REVIEWED_SHARE = 0.85
OFFER_PUBLISHED_SHARE = 0.92
EXTERNAL_SHARE = 0.08
ID_MAX_LENGTH = 60
CACHE_SIZE_DURING_CREATION = 100_000  # ZODB objects kept in the cache until the commit
TOWN_POSTCODES = 3  # a place with this many postcodes counts as a town
CITY_STATE_NAMES = {"berlin": "Berlin", "hamburg": "Hamburg"}

# Roughly proportional to the population (Destatis 2023), at least 4 per state; the city
# states a little above their share so that a finder search there shows several results.
CENTRES_PER_STATE = {
    "baden-wuerttemberg": 25,
    "bayern": 30,
    "berlin": 15,
    "brandenburg": 6,
    "bremen": 4,
    "hamburg": 8,
    "hessen": 15,
    "mecklenburg-vorpommern": 4,
    "niedersachsen": 18,
    "nordrhein-westfalen": 40,
    "rheinland-pfalz": 9,
    "saarland": 4,
    "sachsen": 10,
    "sachsen-anhalt": 5,
    "schleswig-holstein": 7,
    "thueringen": 5,
}

BOOKING_STATES = frozenset(
    {
        "berlin",
        "bremen",
        "hamburg",
        "hessen",
        "nordrhein-westfalen",
        "sachsen",
        "thueringen",
    }
)
COUNSELLING_STATES = frozenset(
    {
        "berlin",
        "bremen",
        "hamburg",
        "niedersachsen",
        "nordrhein-westfalen",
        "sachsen",
        "sachsen-anhalt",
        "schleswig-holstein",
    }
)

# Phone numbers reserved by the Bundesnetzagentur for film, TV and other fiction
# (area code, block; each block has the extensions 000-999). Centres use 100-899 of the block
# nearest to them, the States' contacts 900-999.
RESERVED_PHONE_BLOCKS = (
    ("030 23125", 52.52, 13.40),  # Berlin
    ("040 66969", 53.55, 9.99),  # Hamburg
    ("069 90009", 50.11, 8.68),  # Frankfurt am Main
    ("0221 4710", 50.94, 6.96),  # Köln
    ("089 99998", 48.14, 11.58),  # München
)
RESERVED_PHONE_PREFIXES = tuple(block[0] for block in RESERVED_PHONE_BLOCKS)
EMAIL_DOMAIN = "beispiel.example"
STATE_EMAIL_DOMAIN = "land.example"

# The States' onboarding contacts: (name, phone).
STATE_CONTACTS = {
    "baden-wuerttemberg": ("Miriam Kessler", "089 99998 901"),
    "bayern": ("Florian Hubmann", "089 99998 902"),
    "berlin": ("Aylin Demir", "030 23125 901"),
    "brandenburg": ("Jens Wollmann", "030 23125 902"),
    "bremen": ("Frauke Janssen", "040 66969 901"),
    "hamburg": ("Ole Petersen", "040 66969 902"),
    "hessen": ("Sabine Rothmann", "069 90009 901"),
    "mecklenburg-vorpommern": ("Katrin Lüdtke", "030 23125 903"),
    "niedersachsen": ("Hendrik Meyerhoff", "040 66969 903"),
    "nordrhein-westfalen": ("Dilara Kaya", "0221 4710 901"),
    "rheinland-pfalz": ("Thomas Weinreich", "069 90009 902"),
    "saarland": ("Nicole Britz", "0221 4710 902"),
    "sachsen": ("Uwe Kretzschmar", "030 23125 904"),
    "sachsen-anhalt": ("Anja Bergmann", "030 23125 905"),
    "schleswig-holstein": ("Birte Hansen", "040 66969 904"),
    "thueringen": ("Matthias Köhler", "030 23125 906"),
}

CARRIERS = (
    "Sozialwerk Lindenhof e.V.",
    "Hilfeverbund Am Anger gGmbH",
    "Beratungsverein Kastanienhof e.V.",
    "Stiftung Ahornhaus",
    "Evangelischer Beratungsverein Musterstadt e.V.",
    "Katholischer Sozialdienst Musterbach e.V.",
    "Sozialdienst Sonnenbogen gGmbH",
    "Netzwerk Weidenufer e.V.",
    "Brückenhaus Beratungsdienste gGmbH",
    "Verein für Lebensberatung Eichengrund e.V.",
    "Nachbarschaftswerk Lerchenfeld e.V.",
    "Bürgerhilfe Mühlengrund e.V.",
    "Stiftung Kompassrose",
)
LEGAL_FORMS = (" e.V.", " gGmbH")

STREETS = (
    "Lindenstraße",
    "Hauptstraße",
    "Bahnhofstraße",
    "Schulstraße",
    "Gartenstraße",
    "Kirchstraße",
    "Bergstraße",
    "Ringstraße",
    "Goethestraße",
    "Schillerstraße",
    "Mühlenweg",
    "Rosenweg",
    "Parkstraße",
    "Wilhelmstraße",
    "Poststraße",
    "Am Markt",
    "Marktplatz",
    "Friedhofstraße",
    "Brunnenstraße",
    "Am Anger",
    "Kastanienallee",
    "Birkenweg",
    "Uhlandstraße",
    "Rathausplatz",
    "Wiesenweg",
    "Feldstraße",
    "Mozartstraße",
    "Schlossstraße",
    "Steinweg",
    "Hafenstraße",
)

# (day, start, end) spans; the notes go to opening_hours_note.
OPENING_HOURS = (
    (
        ("mon", "09:00", "12:00"),
        ("tue", "09:00", "12:00"),
        ("tue", "14:00", "18:00"),
        ("thu", "09:00", "12:00"),
        ("thu", "14:00", "16:00"),
    ),
    tuple((day, "08:30", "12:30") for day in ("mon", "tue", "wed", "thu", "fri"))
    + (("wed", "14:00", "17:00"),),
    (("tue", "10:00", "13:00"), ("thu", "15:00", "19:00")),
    tuple((day, "09:00", "16:00") for day in ("mon", "tue", "wed", "thu"))
    + (("fri", "09:00", "13:00"),),
    (("mon", "13:00", "17:00"), ("wed", "09:00", "12:00"), ("fri", "09:00", "12:00")),
)
OPENING_HOURS_NOTES = (
    "Termine nach Vereinbarung, auch außerhalb der Öffnungszeiten.",
    "Offene Sprechstunde dienstags ohne Anmeldung.",
    "In den Schulferien eingeschränkte Öffnungszeiten.",
    "Hausbesuche nach Absprache.",
    "",
)
ONLINE_OPENING_HOURS = tuple(
    (day, "10:00", "20:00") for day in ("mon", "tue", "wed", "thu", "fri")
) + (("sat", "10:00", "14:00"),)
ONLINE_OPENING_HOURS_NOTE = (
    "Schriftliche Online-Beratung jederzeit; Antwort innerhalb von zwei Werktagen. "
    "Chat und Telefon zu den angegebenen Zeiten."
)
NATIONWIDE_AREA = "ganz Deutschland"
ONLINE_CHANNELS = ("phone", "video", "chat", "email")
OFFER_NOTE = "Termine und Kontakt über die Beratungsstelle."
CLOSING_NOTE = "<p><em>Frei erfundener Beispieleintrag der Sozialplattform.</em></p>"
FREE = "kostenfrei"


@dataclass(frozen=True)
class OfferTemplate:
    """An offer a centre of some type may have."""

    title: str
    description: str
    topics: tuple[str, ...]
    target_groups: tuple[str, ...]
    channels: tuple[str, ...]
    costs: str = FREE


@dataclass(frozen=True)
class CentreType:
    """A kind of centre with consistent topics, target groups, channels and flags.

    ``description`` and ``paragraphs`` may use ``{city}``; ``id_name`` starts the ids.
    """

    key: str
    name: str
    id_name: str
    weight: int
    description: str
    paragraphs: tuple[str, ...]
    topics: tuple[str, ...]
    target_groups: tuple[str, ...]
    channels: tuple[str, ...]
    offers: tuple[OfferTemplate, ...]
    languages: tuple[str, ...] = ("de",)
    extra_languages: tuple[str, ...] = ("en", "tr", "ru", "ar", "pl")
    max_extra_languages: int = 1
    anonymous: bool = False
    free_of_charge: bool = True
    always_accessible: bool = False
    carriers: tuple[str, ...] = CARRIERS


CENTRE_TYPES = (
    CentreType(
        key="schulden",
        name="Schuldner- und Insolvenzberatung",
        id_name="schuldnerberatung",
        weight=3,
        description=(
            "Kostenfreie Beratung bei Schulden, Pfändung und Mahnungen in {city} – "
            "bis zum Verbraucherinsolvenzverfahren."
        ),
        paragraphs=(
            "Rechnungen stapeln sich, das Konto ist gepfändet, die Miete ist offen? Wir "
            "verschaffen uns gemeinsam mit Ihnen einen Überblick, sichern das "
            "Existenzminimum und verhandeln mit Gläubigern.",
            "Als anerkannte Stelle nach der Insolvenzordnung begleiten wir Sie auf Wunsch "
            "durch das Verbraucherinsolvenzverfahren.",
        ),
        topics=("schulden", "sozialleistungen", "recht"),
        target_groups=("familien", "alleinerziehende", "senioren"),
        channels=("on_site", "phone", "email"),
        offers=(
            OfferTemplate(
                "Schuldnerberatung",
                "Überblick über Schulden, Haushaltsplan und Verhandlungen mit Gläubigern.",
                ("schulden",),
                ("familien", "alleinerziehende"),
                ("on_site", "phone", "email"),
            ),
            OfferTemplate(
                "Begleitung im Verbraucherinsolvenzverfahren",
                "Außergerichtlicher Einigungsversuch, Bescheinigung und Antrag beim Gericht.",
                ("schulden", "recht"),
                (),
                ("on_site",),
            ),
            OfferTemplate(
                "P-Konto-Bescheinigung",
                "Bescheinigung über erhöhte Freibeträge auf dem Pfändungsschutzkonto.",
                ("schulden", "sozialleistungen"),
                (),
                ("on_site", "email"),
            ),
            OfferTemplate(
                "Budgetberatung für junge Erwachsene",
                "Erste eigene Wohnung, Handyvertrag, Ratenkauf: Geld im Griff behalten.",
                ("schulden", "jugend"),
                ("jugendliche",),
                ("on_site", "video"),
            ),
        ),
    ),
    CentreType(
        key="sucht",
        name="Suchtberatung",
        id_name="suchtberatung",
        weight=3,
        description=(
            "Beratung bei Problemen mit Alkohol, Drogen, Medikamenten, Glücksspiel und "
            "Medien in {city} – auf Wunsch anonym."
        ),
        paragraphs=(
            "Wir beraten Menschen mit Suchtproblemen und ihre Angehörigen – vertraulich, "
            "kostenfrei und auf Wunsch anonym. Sie müssen nicht abstinent sein, um zu uns "
            "zu kommen.",
            "Gemeinsam klären wir, welche Hilfe passt: ambulante Beratung, Vermittlung in "
            "Entgiftung und Therapie oder Selbsthilfegruppen.",
        ),
        topics=("sucht", "gesundheit", "psyche"),
        target_groups=("jugendliche", "angehoerige", "frauen", "maenner"),
        channels=("on_site", "phone", "email"),
        offers=(
            OfferTemplate(
                "Beratung bei Alkohol- und Medikamentenproblemen",
                "Einzelgespräche, Motivation zur Veränderung, Vermittlung in Therapie.",
                ("sucht", "gesundheit"),
                ("frauen", "maenner"),
                ("on_site", "phone"),
            ),
            OfferTemplate(
                "Glücksspiel und Medienkonsum",
                "Beratung bei Spielsucht, exzessivem Gaming und Online-Konsum.",
                ("sucht", "psyche"),
                ("jugendliche",),
                ("on_site", "video", "email"),
            ),
            OfferTemplate(
                "Gruppe für Angehörige",
                "Austausch und Entlastung für Partnerinnen, Partner, Eltern und Kinder.",
                ("sucht",),
                ("angehoerige",),
                ("on_site",),
            ),
        ),
        anonymous=True,
    ),
    CentreType(
        key="familie",
        name="Erziehungs- und Familienberatung",
        id_name="familienberatung",
        weight=3,
        description=(
            "Beratung für Eltern, Kinder und Jugendliche in {city}: Erziehungsfragen, "
            "Konflikte in der Familie, Entwicklung und Schule."
        ),
        paragraphs=(
            "Ob Schlafprobleme beim Baby, Streit in der Pubertät oder Sorgen in der Schule: "
            "Unser Team aus Psychologinnen, Psychologen und Sozialpädagoginnen berät Sie "
            "vertraulich und kostenfrei.",
            "Kinder und Jugendliche können sich auch ohne ihre Eltern an uns wenden.",
        ),
        topics=("familie", "jugend", "bildung"),
        target_groups=(
            "eltern",
            "kinder",
            "jugendliche",
            "familien",
            "alleinerziehende",
        ),
        channels=("on_site", "phone", "video", "email"),
        offers=(
            OfferTemplate(
                "Erziehungsberatung",
                "Beratung für Mütter, Väter und Familien bei Fragen zur Erziehung.",
                ("familie",),
                ("eltern", "familien"),
                ("on_site", "phone", "video"),
            ),
            OfferTemplate(
                "Beratung für Jugendliche",
                "Vertrauliche Gespräche für junge Menschen von 12 bis 21 Jahren.",
                ("jugend", "familie"),
                ("jugendliche",),
                ("on_site", "email"),
            ),
            OfferTemplate(
                "Elternkurs „Gelassen durch die Pubertät“",
                "Sechs Abende für Eltern von Kindern zwischen 11 und 16 Jahren.",
                ("familie", "bildung"),
                ("eltern",),
                ("on_site",),
                "kostenfrei, Anmeldung erforderlich",
            ),
        ),
    ),
    CentreType(
        key="schwangerschaft",
        name="Schwangerschafts- und Schwangerschaftskonfliktberatung",
        id_name="schwangerschaftsberatung",
        weight=2,
        description=(
            "Beratung rund um Schwangerschaft, Geburt und Familienplanung in {city}, "
            "Schwangerschaftskonfliktberatung nach § 219 StGB."
        ),
        paragraphs=(
            "Wir beraten Frauen, Männer und Paare zu allen Fragen rund um Schwangerschaft, "
            "Geburt, Verhütung und Familienplanung – ergebnisoffen, vertraulich und auf "
            "Wunsch anonym.",
            "Als staatlich anerkannte Beratungsstelle stellen wir die Beratungsbescheinigung "
            "nach § 219 StGB aus und helfen bei Anträgen auf finanzielle Unterstützung.",
        ),
        topics=("schwangerschaft", "familie", "sozialleistungen"),
        target_groups=("frauen", "eltern", "familien", "jugendliche"),
        channels=("on_site", "phone", "video", "email"),
        offers=(
            OfferTemplate(
                "Schwangerschaftskonfliktberatung nach § 219 StGB",
                "Ergebnisoffene Beratung mit Beratungsbescheinigung, kurzfristige Termine.",
                ("schwangerschaft",),
                ("frauen",),
                ("on_site", "video"),
            ),
            OfferTemplate(
                "Finanzielle Hilfen rund um die Geburt",
                "Elterngeld, Kindergeld, Stiftungsmittel: Beratung und Hilfe bei Anträgen.",
                ("schwangerschaft", "sozialleistungen"),
                ("eltern", "familien"),
                ("on_site", "phone", "email"),
            ),
            OfferTemplate(
                "Sexualpädagogik für Schulklassen",
                "Workshops zu Liebe, Freundschaft, Verhütung und Körper.",
                ("schwangerschaft", "bildung"),
                ("jugendliche", "fachkraefte"),
                ("on_site",),
            ),
        ),
        anonymous=True,
    ),
    CentreType(
        key="migration",
        name="Migrationsberatung für erwachsene Zuwanderer",
        id_name="migrationsberatung",
        weight=2,
        description=(
            "Beratung für Zugewanderte ab 27 Jahren in {city}: Aufenthalt, Sprachkurse, "
            "Arbeit, Anerkennung von Abschlüssen und Behördenpost."
        ),
        paragraphs=(
            "Sie sind neu in Deutschland oder leben schon länger hier und haben Fragen zu "
            "Aufenthalt, Integrationskurs, Arbeit oder Familie? Wir beraten Sie in "
            "mehreren Sprachen.",
            "Wir helfen beim Verstehen von Briefen, beim Ausfüllen von Anträgen und "
            "begleiten Sie auf Wunsch zu Behörden.",
        ),
        topics=("migration", "recht", "arbeit", "sozialleistungen"),
        target_groups=("migranten", "familien"),
        channels=("on_site", "phone", "email", "video"),
        offers=(
            OfferTemplate(
                "Beratung zu Aufenthalt und Integrationskurs",
                "Aufenthaltstitel, Familiennachzug, Anmeldung zum Integrationskurs.",
                ("migration", "recht"),
                ("migranten",),
                ("on_site", "phone"),
            ),
            OfferTemplate(
                "Anerkennung ausländischer Berufsabschlüsse",
                "Welche Stelle ist zuständig, welche Unterlagen brauche ich?",
                ("migration", "arbeit", "bildung"),
                ("migranten",),
                ("on_site", "video", "email"),
            ),
            OfferTemplate(
                "Hilfe bei Anträgen und Behördenpost",
                "Offene Sprechstunde für Briefe von Ämtern, Jobcenter und Familienkasse.",
                ("migration", "sozialleistungen"),
                ("migranten", "familien"),
                ("on_site",),
            ),
        ),
        extra_languages=("en", "ar", "tr", "ru", "uk", "fa", "fr", "ro", "bg", "ku"),
        max_extra_languages=5,
    ),
    CentreType(
        key="jmd",
        name="Jugendmigrationsdienst",
        id_name="jugendmigrationsdienst",
        weight=1,
        description=(
            "Begleitung junger Zugewanderter von 12 bis 27 Jahren in {city} – Schule, "
            "Ausbildung, Beruf und Freizeit."
        ),
        paragraphs=(
            "Der Jugendmigrationsdienst unterstützt junge Menschen mit Migrationsgeschichte "
            "auf ihrem Weg in Schule, Ausbildung und Beruf.",
            "Wir beraten einzeln, bieten Gruppenangebote und arbeiten eng mit Schulen und "
            "Betrieben zusammen.",
        ),
        topics=("migration", "jugend", "bildung", "arbeit"),
        target_groups=("jugendliche", "migranten"),
        channels=("on_site", "phone", "chat", "email"),
        offers=(
            OfferTemplate(
                "Begleitung in Schule, Ausbildung und Beruf",
                "Individueller Integrationsplan, Bewerbungen, Praktikumssuche.",
                ("bildung", "arbeit", "jugend"),
                ("jugendliche", "migranten"),
                ("on_site", "chat"),
            ),
            OfferTemplate(
                "Gruppenangebote für junge Zugewanderte",
                "Sprachcafé, Ausflüge und Workshops – neue Leute kennenlernen.",
                ("migration", "jugend"),
                ("jugendliche",),
                ("on_site",),
            ),
        ),
        extra_languages=("en", "ar", "uk", "fa", "tr", "fr", "ku"),
        max_extra_languages=4,
    ),
    CentreType(
        key="gewalt",
        name="Frauenberatungsstelle bei häuslicher Gewalt",
        id_name="frauenberatung",
        weight=2,
        description=(
            "Beratung und Unterstützung für Frauen, die Gewalt erleben oder erlebt haben, "
            "in {city} – vertraulich und auf Wunsch anonym."
        ),
        paragraphs=(
            "Wir beraten Frauen bei häuslicher und sexualisierter Gewalt, Stalking und "
            "digitaler Gewalt. Sie entscheiden, was passiert – wir unterstützen Sie dabei.",
            "Wir informieren über Schutzanordnungen, begleiten zu Polizei und Gericht und "
            "vermitteln Plätze im Frauenhaus.",
        ),
        topics=("gewalt", "recht", "psyche"),
        target_groups=("frauen", "kinder", "fachkraefte"),
        channels=("on_site", "phone", "email", "chat"),
        offers=(
            OfferTemplate(
                "Beratung bei häuslicher Gewalt",
                "Krisenberatung, Sicherheitsplanung und Informationen zum Gewaltschutzgesetz.",
                ("gewalt", "recht"),
                ("frauen",),
                ("on_site", "phone", "chat"),
            ),
            OfferTemplate(
                "Begleitung zu Polizei und Gericht",
                "Psychosoziale Begleitung bei Anzeige und Verfahren.",
                ("gewalt", "recht"),
                ("frauen",),
                ("on_site",),
            ),
            OfferTemplate(
                "Fachberatung für Fachkräfte",
                "Fallberatung für Kitas, Schulen und Praxen bei Verdacht auf Gewalt.",
                ("gewalt",),
                ("fachkraefte",),
                ("phone", "video"),
            ),
        ),
        extra_languages=("en", "tr", "ar", "ru", "fa"),
        max_extra_languages=2,
        anonymous=True,
    ),
    CentreType(
        key="pflege",
        name="Pflegestützpunkt",
        id_name="pflegestuetzpunkt",
        weight=2,
        description=(
            "Neutrale Beratung zu Pflege, Pflegegrad und Entlastung in {city} – für "
            "Pflegebedürftige und pflegende Angehörige."
        ),
        paragraphs=(
            "Der Pflegestützpunkt berät unabhängig und kostenfrei zu allen Fragen rund um "
            "Pflege: Antrag auf Pflegegrad, Leistungen der Pflegeversicherung, Hilfsmittel "
            "und Wohnraumanpassung.",
            "Auf Wunsch kommen wir zu Ihnen nach Hause.",
        ),
        topics=("pflege", "gesundheit", "sozialleistungen"),
        target_groups=("senioren", "angehoerige", "menschen_mit_behinderung"),
        channels=("on_site", "phone", "email"),
        offers=(
            OfferTemplate(
                "Pflegeberatung nach § 7a SGB XI",
                "Individuelle Beratung und Versorgungsplan für Pflegebedürftige.",
                ("pflege", "sozialleistungen"),
                ("senioren",),
                ("on_site", "phone"),
            ),
            OfferTemplate(
                "Beratung für pflegende Angehörige",
                "Entlastung, Verhinderungspflege, Pflegezeit und Pflegekurse.",
                ("pflege",),
                ("angehoerige",),
                ("on_site", "phone", "email"),
            ),
            OfferTemplate(
                "Hausbesuche",
                "Beratung in der eigenen Wohnung, auch zur Wohnraumanpassung.",
                ("pflege", "wohnen"),
                ("senioren", "menschen_mit_behinderung"),
                ("on_site",),
            ),
        ),
        extra_languages=("en", "tr", "ru", "pl"),
        always_accessible=True,
    ),
    CentreType(
        key="sozialpsych",
        name="Sozialpsychiatrischer Dienst",
        id_name="sozialpsychiatrischer-dienst",
        weight=2,
        description=(
            "Beratung und Hilfe für Menschen in seelischen Krisen und ihre Angehörigen in "
            "{city}."
        ),
        paragraphs=(
            "Der Sozialpsychiatrische Dienst hilft Menschen mit psychischen Erkrankungen, "
            "in seelischen Krisen und bei Suchterkrankungen – und berät Angehörige, "
            "Nachbarn und Fachkräfte.",
            "Wir beraten in der Dienststelle, telefonisch oder bei Hausbesuchen und "
            "vermitteln weiterführende Hilfen.",
        ),
        topics=("psyche", "gesundheit"),
        target_groups=("angehoerige", "fachkraefte"),
        channels=("on_site", "phone"),
        offers=(
            OfferTemplate(
                "Beratung in seelischen Krisen",
                "Gespräche, Krisenintervention und Vermittlung von Behandlung.",
                ("psyche",),
                (),
                ("on_site", "phone"),
            ),
            OfferTemplate(
                "Beratung für Angehörige",
                "Unterstützung für Familien und Freunde psychisch erkrankter Menschen.",
                ("psyche", "familie"),
                ("angehoerige",),
                ("on_site", "phone"),
            ),
        ),
    ),
    CentreType(
        key="ehe",
        name="Ehe-, Familien- und Lebensberatung",
        id_name="lebensberatung",
        weight=1,
        description=(
            "Beratung für Paare, Familien und Einzelne in Lebenskrisen in {city}; "
            "Kostenbeitrag nach Einkommen."
        ),
        paragraphs=(
            "Wenn es in der Partnerschaft kriselt, ein Verlust verarbeitet werden muss oder "
            "das Leben aus dem Gleichgewicht geraten ist, begleiten wir Sie mit "
            "Gesprächen.",
            "Wir bitten um einen Kostenbeitrag nach Ihrem Einkommen; niemand wird aus "
            "finanziellen Gründen abgewiesen.",
        ),
        topics=("familie", "trennung", "psyche"),
        target_groups=("familien", "frauen", "maenner", "eltern"),
        channels=("on_site", "phone", "video"),
        offers=(
            OfferTemplate(
                "Paarberatung",
                "Gemeinsame Gespräche bei Konflikten, Krisen und vor Entscheidungen.",
                ("familie", "trennung"),
                ("frauen", "maenner"),
                ("on_site", "video"),
                "Kostenbeitrag nach Einkommen, 10 bis 40 € pro Sitzung",
            ),
            OfferTemplate(
                "Einzelberatung in Lebenskrisen",
                "Unterstützung bei Trauer, Krankheit, Einsamkeit und Neuorientierung.",
                ("psyche",),
                (),
                ("on_site", "phone", "video"),
                "Kostenbeitrag nach Einkommen",
            ),
        ),
        free_of_charge=False,
    ),
    CentreType(
        key="wohnung",
        name="Fachberatung Wohnungsnotfallhilfe",
        id_name="wohnungsnotfallhilfe",
        weight=1,
        description=(
            "Hilfe bei drohendem Wohnungsverlust und Wohnungslosigkeit in {city}: "
            "Beratung, Postadresse, Vermittlung von Unterkunft."
        ),
        paragraphs=(
            "Räumungsklage, Mietschulden oder schon auf der Straße? Wir beraten schnell "
            "und unbürokratisch und helfen, die Wohnung zu erhalten oder eine neue zu "
            "finden.",
            "Menschen ohne Wohnung können bei uns eine Postadresse einrichten und "
            "Ansprüche auf Sozialleistungen klären.",
        ),
        topics=("wohnen", "sozialleistungen", "recht", "schulden"),
        target_groups=("maenner", "frauen", "familien"),
        channels=("on_site", "phone"),
        offers=(
            OfferTemplate(
                "Hilfe bei drohendem Wohnungsverlust",
                "Mietschulden, Kündigung, Räumungsklage: schnelle Beratung und Vermittlung.",
                ("wohnen", "schulden", "recht"),
                ("familien",),
                ("on_site", "phone"),
            ),
            OfferTemplate(
                "Postadresse und Sozialberatung",
                "Erreichbarkeit für Behörden, Anträge auf Bürgergeld und Krankenversicherung.",
                ("wohnen", "sozialleistungen"),
                ("maenner", "frauen"),
                ("on_site",),
            ),
        ),
        extra_languages=("en", "pl", "ro", "bg", "ru"),
        max_extra_languages=2,
    ),
    CentreType(
        key="behinderung",
        name="Teilhabeberatung für Menschen mit Behinderung",
        id_name="teilhabeberatung",
        weight=1,
        description=(
            "Unabhängige Beratung zu Teilhabe, Rehabilitation und Persönlichem Budget in "
            "{city} – auch von Betroffenen für Betroffene."
        ),
        paragraphs=(
            "Wir beraten Menschen mit Behinderung, von Behinderung bedrohte Menschen und "
            "ihre Angehörigen zu allen Leistungen der Teilhabe – unabhängig von Ämtern und "
            "Leistungsträgern.",
            "Ein Teil unseres Teams hat selbst eine Behinderung (Peer-Beratung). Unsere "
            "Räume sind barrierefrei.",
        ),
        topics=("behinderung", "recht", "sozialleistungen", "arbeit"),
        target_groups=("menschen_mit_behinderung", "angehoerige"),
        channels=("on_site", "phone", "video", "email"),
        offers=(
            OfferTemplate(
                "Beratung zu Teilhabeleistungen",
                "Eingliederungshilfe, Persönliches Budget, Assistenz und Hilfsmittel.",
                ("behinderung", "sozialleistungen"),
                ("menschen_mit_behinderung",),
                ("on_site", "phone", "video"),
            ),
            OfferTemplate(
                "Peer-Beratung",
                "Menschen mit Behinderung beraten Menschen mit Behinderung.",
                ("behinderung",),
                ("menschen_mit_behinderung", "angehoerige"),
                ("on_site", "video"),
            ),
            OfferTemplate(
                "Arbeit und Ausbildung mit Behinderung",
                "Budget für Arbeit, Werkstatt, Arbeitsassistenz und Nachteilsausgleiche.",
                ("behinderung", "arbeit"),
                ("menschen_mit_behinderung",),
                ("on_site", "email"),
            ),
        ),
        extra_languages=("en", "gsg", "tr"),
        always_accessible=True,
    ),
    CentreType(
        key="mieter",
        name="Mieterberatung",
        id_name="mieterberatung",
        weight=1,
        description=(
            "Rechtsberatung für Mieterinnen und Mieter in {city}: Mieterhöhung, "
            "Nebenkosten, Mängel und Kündigung."
        ),
        paragraphs=(
            "Unsere Juristinnen und Juristen prüfen Mieterhöhungen, Nebenkostenabrechnungen "
            "und Kündigungen und beraten bei Mängeln in der Wohnung.",
            "Die Beratung ist für Mitglieder kostenfrei; der Jahresbeitrag beträgt 60 €.",
        ),
        topics=("wohnen", "recht"),
        target_groups=("familien", "senioren"),
        channels=("on_site", "phone", "email"),
        offers=(
            OfferTemplate(
                "Mietrechtsberatung",
                "Persönliche Rechtsberatung zu allen Fragen des Mietverhältnisses.",
                ("wohnen", "recht"),
                (),
                ("on_site", "phone"),
                "für Mitglieder kostenfrei, Jahresbeitrag 60 €",
            ),
            OfferTemplate(
                "Nebenkostencheck",
                "Prüfung der Betriebskostenabrechnung innerhalb von zwei Wochen.",
                ("wohnen",),
                (),
                ("on_site", "email"),
                "für Mitglieder kostenfrei",
            ),
        ),
        free_of_charge=False,
        carriers=(
            "Mietergemeinschaft Hofgarten e.V.",
            "Mieterinitiative Lindenhof e.V.",
        ),
    ),
    CentreType(
        key="arbeitslos",
        name="Arbeitslosenberatung",
        id_name="arbeitslosenberatung",
        weight=1,
        description=(
            "Unabhängige Beratung bei Arbeitslosigkeit in {city}: Bürgergeld, "
            "Arbeitslosengeld, Bescheide und Widersprüche."
        ),
        paragraphs=(
            "Wir prüfen Bescheide des Jobcenters und der Arbeitsagentur, helfen bei "
            "Widersprüchen und beraten zu Weiterbildung und Bewerbung.",
            "Die Beratung ist unabhängig, vertraulich und kostenfrei.",
        ),
        topics=("arbeit", "sozialleistungen", "recht"),
        target_groups=("alleinerziehende", "familien", "migranten"),
        channels=("on_site", "phone", "email"),
        offers=(
            OfferTemplate(
                "Beratung zu Bürgergeld und Arbeitslosengeld",
                "Anträge, Bescheidprüfung, Widerspruch und Sanktionen.",
                ("sozialleistungen", "recht"),
                (),
                ("on_site", "phone"),
            ),
            OfferTemplate(
                "Bewerbungswerkstatt",
                "Lebenslauf, Anschreiben und Vorbereitung auf Vorstellungsgespräche.",
                ("arbeit", "bildung"),
                (),
                ("on_site", "video"),
            ),
        ),
    ),
    CentreType(
        key="trennung",
        name="Trennungs- und Scheidungsberatung",
        id_name="trennungsberatung",
        weight=1,
        description=(
            "Beratung für Eltern und Paare in Trennung und Scheidung in {city}: "
            "Umgang, Sorgerecht, Unterhalt und Kinder."
        ),
        paragraphs=(
            "Eine Trennung verändert das Leben aller in der Familie. Wir unterstützen Sie "
            "dabei, gute Lösungen für sich und Ihre Kinder zu finden.",
            "Wir beraten einzeln oder gemeinsam, vermitteln bei Streit um Umgang und "
            "Sorgerecht und bieten Gruppen für Kinder an.",
        ),
        topics=("trennung", "familie", "recht"),
        target_groups=("eltern", "kinder", "alleinerziehende", "frauen", "maenner"),
        channels=("on_site", "phone", "video"),
        offers=(
            OfferTemplate(
                "Beratung zu Umgang und Sorgerecht",
                "Gemeinsame Elterngespräche und Vereinbarungen zum Wohl der Kinder.",
                ("trennung", "recht"),
                ("eltern",),
                ("on_site", "video"),
            ),
            OfferTemplate(
                "Gruppe für Kinder aus Trennungsfamilien",
                "Acht Treffen für Kinder von 6 bis 12 Jahren.",
                ("trennung", "familie"),
                ("kinder",),
                ("on_site",),
            ),
        ),
    ),
    CentreType(
        key="queer",
        name="Queere Beratung",
        id_name="queere-beratung",
        weight=1,
        description=(
            "Beratung für lesbische, schwule, bi, trans*, inter* und queere Menschen und "
            "ihre Angehörigen in {city}."
        ),
        paragraphs=(
            "Coming-out, Diskriminierung, Beziehungen oder Transition: Wir beraten "
            "LSBTIQ* und ihre Familien – von Menschen aus der Community, vertraulich und "
            "auf Wunsch anonym.",
            "Wir beraten auch Fachkräfte aus Schule und Jugendhilfe.",
        ),
        topics=("psyche", "gewalt", "gesundheit", "jugend"),
        target_groups=("lgbtiq", "jugendliche", "angehoerige", "fachkraefte"),
        channels=("on_site", "phone", "chat", "email"),
        offers=(
            OfferTemplate(
                "Coming-out-Beratung",
                "Gespräche für junge und ältere Menschen rund ums Coming-out.",
                ("psyche", "jugend"),
                ("lgbtiq", "jugendliche"),
                ("on_site", "chat"),
            ),
            OfferTemplate(
                "Beratung für trans*, inter* und nicht-binäre Menschen",
                "Vornamens- und Personenstandsänderung, Gesundheit, Alltag.",
                ("gesundheit", "recht"),
                ("lgbtiq",),
                ("on_site", "video", "email"),
            ),
            OfferTemplate(
                "Beratung für Eltern und Angehörige",
                "Wenn das eigene Kind sich outet: Fragen, Sorgen, Unterstützung.",
                ("familie",),
                ("angehoerige", "eltern"),
                ("on_site", "phone"),
            ),
        ),
        anonymous=True,
        carriers=("Queerverein Buntes Ufer e.V.", "Netzwerk Weidenufer e.V."),
    ),
    CentreType(
        key="gehoerlos",
        name="Beratungsstelle für gehörlose und hörbehinderte Menschen",
        id_name="gehoerlosenberatung",
        weight=1,
        description=(
            "Sozialberatung in Deutscher Gebärdensprache für gehörlose, schwerhörige und "
            "ertaubte Menschen in {city}."
        ),
        paragraphs=(
            "Wir beraten in Deutscher Gebärdensprache und Lautsprache zu Arbeit, "
            "Sozialleistungen, Familie und Behörden.",
            "Termine vereinbaren Sie am besten per E-Mail oder Videoanruf.",
        ),
        topics=("behinderung", "sozialleistungen", "arbeit"),
        target_groups=("menschen_mit_behinderung", "angehoerige"),
        channels=("on_site", "video", "email"),
        offers=(
            OfferTemplate(
                "Sozialberatung in Gebärdensprache",
                "Hilfe bei Briefen, Anträgen und Fragen des Alltags.",
                ("behinderung", "sozialleistungen"),
                ("menschen_mit_behinderung",),
                ("on_site", "video", "email"),
            ),
            OfferTemplate(
                "Unterstützung bei Dolmetscheinsätzen",
                "Beantragung und Organisation von Gebärdensprachdolmetschern.",
                ("behinderung", "recht"),
                ("menschen_mit_behinderung",),
                ("video", "email"),
            ),
        ),
        languages=("de", "gsg"),
        extra_languages=(),
        max_extra_languages=0,
        always_accessible=True,
        carriers=("Verein Hand und Wort e.V.",),
    ),
)
TYPES_BY_KEY = {centre_type.key: centre_type for centre_type in CENTRE_TYPES}

# Centres at fixed postcodes, so that big cities have several: (state, postcode, type).
ANCHORS = (
    ("berlin", "10115", "schulden"),
    ("berlin", "10179", "sucht"),
    ("berlin", "12043", "migration"),
    ("berlin", "10997", "gewalt"),
    ("berlin", "13353", "schulden"),
    ("berlin", "10585", "familie"),
    ("berlin", "12627", "pflege"),
    ("berlin", "13597", "schwangerschaft"),
    ("berlin", "10435", "queer"),
    ("berlin", "12555", "jmd"),
    ("berlin", "10243", "sozialpsych"),
    ("berlin", "10117", "gehoerlos"),
    ("hamburg", "20095", "schulden"),
    ("hamburg", "22765", "sucht"),
    ("hamburg", "20257", "familie"),
    ("hamburg", "21073", "migration"),
    ("hamburg", "22143", "pflege"),
    ("bayern", "80331", "schulden"),
    ("bayern", "81371", "migration"),
    ("bayern", "80939", "familie"),
    ("bayern", "81737", "sucht"),
    ("bayern", "80335", "schwangerschaft"),
    ("bayern", "90402", "sucht"),
    ("bayern", "86150", "schulden"),
    ("bayern", "93047", "pflege"),
    ("bayern", "97070", "schwangerschaft"),
    ("nordrhein-westfalen", "50667", "schulden"),
    ("nordrhein-westfalen", "51103", "sucht"),
    ("nordrhein-westfalen", "50933", "familie"),
    ("nordrhein-westfalen", "50733", "gewalt"),
    ("nordrhein-westfalen", "40210", "schulden"),
    ("nordrhein-westfalen", "44135", "arbeitslos"),
    ("nordrhein-westfalen", "45127", "wohnung"),
    ("nordrhein-westfalen", "53111", "gewalt"),
    ("nordrhein-westfalen", "48143", "schwangerschaft"),
    ("nordrhein-westfalen", "33602", "mieter"),
    ("nordrhein-westfalen", "47051", "migration"),
    ("hessen", "60311", "schulden"),
    ("hessen", "60486", "migration"),
    ("hessen", "65929", "sucht"),
    ("hessen", "60389", "familie"),
    ("hessen", "65183", "pflege"),
    ("hessen", "34117", "wohnung"),
    ("hessen", "64283", "trennung"),
    ("baden-wuerttemberg", "70173", "migration"),
    ("baden-wuerttemberg", "68159", "sucht"),
    ("baden-wuerttemberg", "76133", "schulden"),
    ("baden-wuerttemberg", "79098", "familie"),
    ("baden-wuerttemberg", "89073", "behinderung"),
    ("niedersachsen", "30161", "schulden"),
    ("niedersachsen", "38100", "sucht"),
    ("niedersachsen", "37073", "queer"),
    ("niedersachsen", "26122", "familie"),
    ("niedersachsen", "49074", "migration"),
    ("sachsen", "04107", "schulden"),
    ("sachsen", "01067", "sucht"),
    ("sachsen", "09111", "arbeitslos"),
    ("bremen", "28195", "schulden"),
    ("bremen", "27568", "migration"),
    ("bremen", "28757", "familie"),
    ("saarland", "66111", "schulden"),
    ("saarland", "66740", "sucht"),
    ("thueringen", "99086", "schulden"),
    ("thueringen", "07743", "familie"),
    ("sachsen-anhalt", "39104", "schulden"),
    ("sachsen-anhalt", "06108", "sucht"),
    ("mecklenburg-vorpommern", "19053", "pflege"),
    ("mecklenburg-vorpommern", "18055", "sucht"),
    ("schleswig-holstein", "24103", "schulden"),
    ("schleswig-holstein", "23552", "migration"),
    ("brandenburg", "14467", "schulden"),
    ("brandenburg", "03046", "migration"),
    ("rheinland-pfalz", "55116", "schulden"),
    ("rheinland-pfalz", "54290", "sucht"),
)

# Nationwide online centres: (state, postcode, type, title).
NATIONWIDE = (
    ("berlin", "10969", "schulden", "Online-Schuldnerberatung Lindenhof"),
    ("hamburg", "20099", "sucht", "Digitale Suchtberatung Kompassrose"),
    ("hessen", "60318", "schwangerschaft", "Online-Schwangerschaftsberatung Ahornhaus"),
    ("nordrhein-westfalen", "50823", "queer", "Queere Online-Beratung Buntes Ufer"),
    ("sachsen", "04103", "gewalt", "Online-Beratung bei Gewalt Sonnenbogen"),
    ("bayern", "80469", "ehe", "Online-Lebensberatung Eichengrund"),
    ("niedersachsen", "30159", "behinderung", "Online-Teilhabeberatung Brückenhaus"),
    (
        "thueringen",
        "99084",
        "gehoerlos",
        "Videoberatung in Gebärdensprache Hand und Wort",
    ),
)


@dataclass(frozen=True)
class Site:
    """Where a centre lies."""

    state: str
    postcode: str
    city: str
    district: str
    latitude: float
    longitude: float


def city_of(postcode: str, state_id: str) -> tuple[str, str]:
    """The city and (when GeoNames names one) the district of a postcode.

    GeoNames names some postcodes by district ("Hamburg Ottensen"); the city is then the
    shorter place name the postcode also has ("Hamburg"). "Chemnitz, Sachsen" -> "Chemnitz".
    """
    places = [name.split(",")[0].strip() for name in lookup(postcode).places]
    first = places[0]
    if state_id in CITY_STATE_NAMES:
        city = CITY_STATE_NAMES[state_id]
    else:
        prefixes = [name for name in places if first.startswith(f"{name} ")]
        city = min(prefixes, key=len) if prefixes else first
    district = first[len(city) :].strip() if first.startswith(f"{city} ") else ""
    return city, district


def site_of(postcode: str, state_id: str) -> Site:
    info = lookup(postcode)
    if info is None or info.state_ids != (state_id,):
        raise ValueError(f"{postcode} does not lie (only) in {state_id}")
    city, district = city_of(postcode, state_id)
    return Site(state_id, postcode, city, district, info.latitude, info.longitude)


def _is_town(place) -> bool:
    """A district town (its name is a word of the district's name) or a larger town."""
    name, district = normalise_name(place.name), normalise_name(place.district)
    return len(place.postcodes) >= TOWN_POSTCODES or f" {name} " in f" {district} "


def state_towns() -> dict[str, list[tuple[str, ...]]]:
    """Per state, the towns' postcodes that lie only in that state, in a stable order.

    Random centres are placed in towns, not in villages: a town is first drawn, then one
    of its postcodes, so that big cities do not take all of them.
    """
    towns: dict[str, dict[str, list[str]]] = {state.id: {} for state in STATES}
    for postcode in all_postcodes():
        info = lookup(postcode)
        if len(info.state_ids) != 1:
            continue
        state_id = info.state_ids[0]
        city = city_of(postcode, state_id)[0]
        if any(
            postcode in place.postcodes and _is_town(place)
            for place in find_places(info.places[0])
            if place.state_id == state_id
        ):
            towns[state_id].setdefault(city, []).append(postcode)
    return {
        state_id: [tuple(by_city[city]) for city in sorted(by_city)]
        for state_id, by_city in towns.items()
    }


def slug(text: str, max_length: int = ID_MAX_LENGTH) -> str:
    """An id from ``text``: "Köln – Am Anger" -> "koeln-am-anger", cut at a word."""
    result = ""
    for word in normalise_name(text).split():
        candidate = f"{result}-{word}" if result else word
        if len(candidate) > max_length:
            break
        result = candidate
    return result


def short_carrier(carrier: str) -> str:
    for suffix in LEGAL_FORMS:
        carrier = carrier.removesuffix(suffix)
    return carrier


def _hours(spans) -> list[dict]:
    return [{"day": day, "start": start, "end": end} for day, start, end in spans]


class _Generator:
    """Draws the centres from one seeded random stream."""

    def __init__(self, today: date):
        self.today = today
        self.rng = random.Random(SEED)
        self.titles: set[str] = set()
        self.ids: set[str] = set()
        self.phones: dict[str, list[int]] = {}
        for prefix in RESERVED_PHONE_PREFIXES:
            extensions = list(range(100, 900))
            self.rng.shuffle(extensions)
            self.phones[prefix] = extensions

    def phone(self, site: Site) -> str:
        """A free number of the reserved block nearest to the centre."""
        prefix = min(
            RESERVED_PHONE_BLOCKS,
            key=lambda block: haversine_km(site.latitude, site.longitude, *block[1:]),
        )[0]
        return f"{prefix} {self.phones[prefix].pop():03d}"

    def title(self, centre_type: CentreType, site: Site, carrier: str) -> str:
        candidates = [f"{centre_type.name} {site.city}"]
        if site.district:
            candidates.append(f"{centre_type.name} {site.city}-{site.district}")
        candidates.append(f"{centre_type.name} {site.city} – {short_carrier(carrier)}")
        for candidate in candidates:
            if candidate not in self.titles:
                return candidate
        number = 2
        while f"{candidates[-1]} {number}" in self.titles:
            number += 1
        return f"{candidates[-1]} {number}"

    def unique_id(self, text: str) -> str:
        result, number = slug(text), 2
        while result in self.ids:
            result = f"{slug(text, ID_MAX_LENGTH - 3)}-{number}"
            number += 1
        self.ids.add(result)
        return result

    def languages(self, centre_type: CentreType) -> list[str]:
        count = self.rng.randint(0, centre_type.max_extra_languages)
        extra = self.rng.sample(centre_type.extra_languages, count) if count else []
        return list(centre_type.languages) + sorted(extra)

    def review_state(self) -> str:
        draw = self.rng.random()
        if draw < PUBLISHED_SHARE:
            return "published"
        return "pending" if draw < (1 + PUBLISHED_SHARE) / 2 else "draft"

    def offers(self, centre_type: CentreType, centre: dict) -> list[dict]:
        rng, values = self.rng, centre["values"]
        count = rng.randint(1, min(3, len(centre_type.offers)))
        result = []
        for template in rng.sample(centre_type.offers, count):
            channels = [c for c in template.channels if c in values["channels"]]
            languages = values["languages"][
                : max(len(centre_type.languages), rng.randint(1, 3))
            ]
            review_state = centre["review_state"]
            if review_state == "published" and rng.random() > OFFER_PUBLISHED_SHARE:
                review_state = "draft"
            result.append(
                {
                    "id": slug(template.title, 50),
                    "review_state": review_state,
                    "values": {
                        "title": template.title,
                        "description": template.description,
                        "topics": list(template.topics),
                        "target_groups": list(template.target_groups),
                        "languages": list(languages),
                        "channels": channels or list(values["channels"]),
                        "costs": template.costs,
                    },
                    "text": f"<p>{template.description}</p><p>{OFFER_NOTE}</p>",
                }
            )
        return result

    def centre(
        self, centre_type: CentreType, site: Site, nationwide_title: str | None = None
    ) -> dict:
        rng = self.rng
        carrier = rng.choice(centre_type.carriers)
        nationwide = nationwide_title is not None
        if nationwide:
            title = nationwide_title
            centre_id = self.unique_id(title)
            channels = [
                c for c in ONLINE_CHANNELS if c != "phone" or c in centre_type.channels
            ]
            hours, note = _hours(ONLINE_OPENING_HOURS), ONLINE_OPENING_HOURS_NOTE
            description = "Online: " + centre_type.description.format(
                city=NATIONWIDE_AREA
            )
        else:
            title = self.title(centre_type, site, carrier)
            centre_id = self.unique_id(
                f"{centre_type.id_name} {title.removeprefix(centre_type.name)}"
            )
            channels = [
                c for c in centre_type.channels if c == "on_site" or rng.random() < 0.85
            ]
            hours, note = (
                _hours(rng.choice(OPENING_HOURS)),
                rng.choice(OPENING_HOURS_NOTES),
            )
            description = centre_type.description.format(city=site.city)
        self.titles.add(title)
        accessible = centre_type.always_accessible or rng.random() < ACCESSIBLE_SHARE
        booking = site.state in BOOKING_STATES and rng.random() < 0.5
        counselling = site.state in COUNSELLING_STATES and (
            nationwide or rng.random() < 0.4
        )
        external = rng.random()
        reviewed = rng.random() < REVIEWED_SHARE
        days_ago = rng.randint(3, 360)
        values = {
            "title": title,
            "description": description,
            "carrier": carrier,
            "street": f"{rng.choice(STREETS)} {rng.randint(1, 120)}",
            "postcode": site.postcode,
            "city": site.city,
            "phone": self.phone(site),
            "email": f"{centre_id}@{EMAIL_DOMAIN}",
            "website": f"https://{centre_id}.example",
            "opening_hours": hours,
            "opening_hours_note": note,
            "topics": list(centre_type.topics),
            "target_groups": list(centre_type.target_groups),
            "languages": self.languages(centre_type),
            "channels": channels,
            "accessible": accessible,
            "free_of_charge": centre_type.free_of_charge,
            "anonymous": centre_type.anonymous,
            "nationwide": nationwide,
            "booking_enabled": booking,
            "online_counselling_enabled": counselling,
            "external_booking_url": (
                f"https://termine.{centre_id}.example"
                if not booking and external < EXTERNAL_SHARE
                else None
            ),
            "external_counselling_url": (
                f"https://chat.{centre_id}.example"
                if not counselling and external > 1 - EXTERNAL_SHARE
                else None
            ),
            "last_reviewed": self.today - timedelta(days=days_ago)
            if reviewed
            else None,
        }
        paragraphs = [p.format(city=site.city) for p in centre_type.paragraphs]
        paragraphs.append(f"Träger: {carrier}")
        centre = {
            "state": site.state,
            "id": centre_id,
            "type": centre_type.key,
            "review_state": self.review_state(),
            "values": values,
            "text": "".join(f"<p>{p}</p>" for p in paragraphs) + CLOSING_NOTE,
        }
        centre["offers"] = self.offers(centre_type, centre)
        return centre

    def random_type(self) -> CentreType:
        weights = [centre_type.weight for centre_type in CENTRE_TYPES]
        return self.rng.choices(CENTRE_TYPES, weights=weights)[0]

    def random_postcode(self, towns: list[tuple[str, ...]], used: set[str]) -> str:
        for _attempt in range(1000):
            postcode = self.rng.choice(self.rng.choice(towns))
            if postcode not in used:
                return postcode
        raise RuntimeError("no free postcode left")


def centre_data(today: date | None = None) -> list[dict]:
    """The example centres as plain data: the same list for the same ``today``.

    Each item: ``state`` (id), ``id``, ``type``, ``review_state``, ``values`` (schema
    fields; None = not set), ``text`` (HTML) and ``offers`` (each with ``id``,
    ``review_state``, ``values`` and ``text``). Ordered by state.
    """
    generator = _Generator(today or date.today())
    by_state: dict[str, list[dict]] = {state.id: [] for state in STATES}
    used: set[str] = set()
    fixed = [(*item, None) for item in ANCHORS] + list(NATIONWIDE)
    for state_id, postcode, key, title in fixed:
        site = site_of(postcode, state_id)
        by_state[state_id].append(generator.centre(TYPES_BY_KEY[key], site, title))
        used.add(postcode)
    towns = state_towns()
    for state in STATES:
        while len(by_state[state.id]) < CENTRES_PER_STATE[state.id]:
            postcode = generator.random_postcode(towns[state.id], used)
            used.add(postcode)
            site = site_of(postcode, state.id)
            by_state[state.id].append(generator.centre(generator.random_type(), site))
    return [centre for state in STATES for centre in by_state[state.id]]


def state_settings() -> dict[str, dict]:
    """Onboarding contact and participation of each State, by state id."""
    result = {}
    for state in STATES:
        name, phone = STATE_CONTACTS[state.id]
        first, last = normalise_name(name).split(" ", 1)
        result[state.id] = {
            "contact_name": name,
            "contact_email": f"{first}.{last.replace(' ', '-')}@{STATE_EMAIL_DOMAIN}",
            "contact_phone": phone,
            "booking_participation": state.id in BOOKING_STATES,
            "counselling_participation": state.id in COUNSELLING_STATES,
        }
    return result


def _html(text: str) -> RichTextValue:
    return RichTextValue(text, "text/html", "text/x-html-safe")


TRANSITIONS = {"published": "publish", "pending": "submit", "draft": None}


def _transition(obj, review_state: str) -> None:
    transition = TRANSITIONS[review_state]
    if transition:
        api.content.transition(obj, transition=transition)


def configure_states(folder) -> None:
    for state_id, settings in state_settings().items():
        state = folder[state_id]
        for name, value in settings.items():
            setattr(state, name, value)


def _create(container, portal_type: str, item: dict):
    """Create one object from ``centre_data`` values.

    Without the initial version plone.versioning would store on creation: that would
    double the time; editors' later changes are versioned as usual.
    """
    values = {k: v for k, v in item["values"].items() if v is not None}
    obj = api.content.create(
        container=container,
        type=portal_type,
        id=item["id"],
        text=_html(item["text"]),
        versioning_enabled=False,
        **values,
    )
    del obj.versioning_enabled  # back to the behaviour's default (True)
    return obj


def keep_cached_until_transaction_end(obj) -> None:
    """Let the ZODB cache of ``obj``'s connection hold all objects until the commit.

    The commit of a transaction with savepoints (plone.distribution makes some) garbage-
    collects the cache down to its size; CMFCore's index queue then reads the new site's
    site manager after the commit, which a new object cannot be loaded from yet:
    POSKeyError. Only small caches are affected (tests: 400 objects; instances: 30000).
    """
    jar = getattr(obj, "_p_jar", None)
    if jar is None or jar._cache.cache_size >= CACHE_SIZE_DURING_CREATION:
        return
    cache, previous = jar._cache, jar._cache.cache_size

    def restore(*args):
        cache.cache_size = previous

    cache.cache_size = CACHE_SIZE_DURING_CREATION
    current = transaction.get()
    current.addAfterCommitHook(restore)
    current.addAfterAbortHook(restore)


def create_centres(site, today: date | None = None) -> list:
    """Set the States' onboarding settings and create the example centres with offers.

    Centres whose id already exists in their State are left alone.
    """
    keep_cached_until_transaction_end(site)
    folder = create_structure(site)
    configure_states(folder)
    centres = []
    for item in centre_data(today):
        state = folder[item["state"]]
        if item["id"] in state:
            continue
        centre = _create(state, "CounsellingCentre", item)
        for offer_item in item["offers"]:
            offer = _create(centre, "CounsellingOffer", offer_item)
            _transition(offer, offer_item["review_state"])
        _transition(centre, item["review_state"])
        centres.append(centre)
    logger.info("%d example centres created", len(centres))
    return centres
