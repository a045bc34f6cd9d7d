"""The default terms of the four vocabularies, as ``(token, German label)`` pairs.

These are the values a new site starts with: ``IVocabulariesSettings`` uses them as field
defaults, so ``registry/vocabularies.xml`` registers the records with them, and the
vocabulary factories fall back to them when a record is missing. Tokens are stable ids that
content stores; once a site is running, change labels in the control panel, not here.
"""

TOPICS = (
    ("schulden", "Schulden & Finanzen"),
    ("sozialleistungen", "Sozialleistungen & Existenzsicherung"),
    ("arbeit", "Arbeit & Beruf"),
    ("wohnen", "Wohnen & Wohnungslosigkeit"),
    ("familie", "Familie & Erziehung"),
    ("schwangerschaft", "Schwangerschaft & Geburt"),
    ("trennung", "Trennung & Scheidung"),
    ("sucht", "Sucht"),
    ("psyche", "Psychische Gesundheit"),
    ("gewalt", "Gewalt & Schutz"),
    ("migration", "Migration & Flucht"),
    ("behinderung", "Behinderung & Inklusion"),
    ("pflege", "Pflege"),
    ("gesundheit", "Gesundheit"),
    ("bildung", "Bildung & Ausbildung"),
    ("recht", "Recht & Behörden"),
    ("jugend", "Jugend & junge Erwachsene"),
)

TARGET_GROUPS = (
    ("kinder", "Kinder"),
    ("jugendliche", "Jugendliche"),
    ("eltern", "Eltern"),
    ("alleinerziehende", "Alleinerziehende"),
    ("familien", "Familien"),
    ("frauen", "Frauen"),
    ("maenner", "Männer"),
    ("senioren", "Seniorinnen & Senioren"),
    ("migranten", "Migrantinnen, Migranten & Geflüchtete"),
    ("menschen_mit_behinderung", "Menschen mit Behinderung"),
    ("angehoerige", "Angehörige"),
    ("lgbtiq", "LSBTIQ*"),
    ("fachkraefte", "Fachkräfte"),
)

# BCP 47 language tags.
LANGUAGES = (
    ("de", "Deutsch"),
    ("en", "Englisch"),
    ("tr", "Türkisch"),
    ("ar", "Arabisch"),
    ("ru", "Russisch"),
    ("uk", "Ukrainisch"),
    ("pl", "Polnisch"),
    ("fa", "Persisch (Farsi)"),
    ("prs", "Dari"),
    ("ps", "Paschtu"),
    ("fr", "Französisch"),
    ("es", "Spanisch"),
    ("pt", "Portugiesisch"),
    ("it", "Italienisch"),
    ("ro", "Rumänisch"),
    ("bg", "Bulgarisch"),
    ("hu", "Ungarisch"),
    ("el", "Griechisch"),
    ("sq", "Albanisch"),
    ("hr", "Kroatisch"),
    ("sr", "Serbisch"),
    ("bs", "Bosnisch"),
    ("ku", "Kurdisch"),
    ("ti", "Tigrinya"),
    ("so", "Somali"),
    ("vi", "Vietnamesisch"),
    ("zh", "Chinesisch"),
    ("gsg", "Deutsche Gebärdensprache"),
)

# In this order: the channels are listed as defined, not alphabetically.
CHANNELS = (
    ("on_site", "Vor Ort"),
    ("phone", "Telefon"),
    ("video", "Video"),
    ("chat", "Chat"),
    ("email", "E-Mail"),
)

DEFAULT_TERMS = {
    "topics": TOPICS,
    "target_groups": TARGET_GROUPS,
    "languages": LANGUAGES,
    "channels": CHANNELS,
}
