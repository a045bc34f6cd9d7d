"""The columns of import and export files and the schema field behind each of them."""

from plone.app.contenttypes.behaviors.richtext import IRichTextBehavior
from plone.app.textfield.interfaces import IRichText
from sozialplattform.site.content.interfaces import ADDRESS_FIELDS
from sozialplattform.site.content.interfaces import centre_field as schema_field
from sozialplattform.site.content.interfaces import HOURS_FIELDS
from sozialplattform.site.content.interfaces import ICounsellingOffer
from sozialplattform.site.content.interfaces import IOpeningHoursField
from sozialplattform.site.content.interfaces import OFFER_FLAGS
from sozialplattform.site.content.schemafields import TAG_FIELDS
from sozialplattform.site.functions import external_urls
from sozialplattform.site.functions import switches
from zope.schema import getFieldNamesInOrder
from zope.schema.interfaces import IBool
from zope.schema.interfaces import IField
from zope.schema.interfaces import IFloat
from zope.schema.interfaces import IList
import re


# The key of a centre: its id in the ministry's directory. Required on import.
KEY = "external_id"

# One column per field, in the order of the export (the import accepts any order): the
# centre's fields but KEY, NO_COLUMN and last_reviewed, with plone.richtext's ``text``.
CENTRE_FIELDS: tuple[str, ...] = (
    "title",
    "description",
    "carrier",
    *ADDRESS_FIELDS,
    *HOURS_FIELDS,
    *TAG_FIELDS,
    *OFFER_FLAGS,
    *external_urls(),
    "privacy_url",
    *switches(),
    "text",
)
# The one centre field without a column: the logo (a file, uploaded in the edit form).
NO_COLUMN: tuple[str, ...] = ("logo",)
# Written by the export for information and ignored by the import (``last_reviewed`` is
# set by the centre confirming its data, so an import cannot fake it).
EXPORT_ONLY: tuple[str, ...] = ("state", "review_state", "last_reviewed")
COLUMNS: tuple[str, ...] = (KEY, *CENTRE_FIELDS, *EXPORT_ONLY)

# The fields of an offer (JSON only: the key "offers" of a centre).
OFFERS = "offers"
OFFER_FIELDS: tuple[str, ...] = tuple(getFieldNamesInOrder(ICounsellingOffer))

# A new centre needs these columns (an update may leave them out).
REQUIRED_FOR_NEW: tuple[str, ...] = ("title", "postcode", "city")

# Separators inside a CSV cell.
LIST_SEPARATOR = "|"
HOURS_SEPARATOR = ";"

TEXT, FLOAT, BOOL, LIST, HOURS, RICHTEXT = (
    "text",
    "float",
    "bool",
    "list",
    "hours",
    "richtext",
)


def centre_field(name: str) -> IField:
    """The schema field of a centre column (``text`` is plone.richtext's)."""
    if name == "text":
        return IRichTextBehavior["text"]
    return schema_field(name)


def offer_field(name: str) -> IField:
    return ICounsellingOffer[name]


def kind(field: IField) -> str:
    """How a cell of ``field`` is written: text, float, bool, list, hours or richtext."""
    if IOpeningHoursField.providedBy(field):
        return HOURS
    if IRichText.providedBy(field):
        return RICHTEXT
    if IBool.providedBy(field):
        return BOOL
    if IFloat.providedBy(field):
        return FLOAT
    if IList.providedBy(field):
        return LIST
    return TEXT


CENTRE_KINDS: dict[str, str] = {
    KEY: TEXT,
    **{name: kind(centre_field(name)) for name in CENTRE_FIELDS},
}
OFFER_KINDS: dict[str, str] = {name: kind(offer_field(name)) for name in OFFER_FIELDS}


#: Cells that look like a phone number keep a leading + in CSV exports.
PHONE_LIKE = re.compile(r"^\+?[0-9][0-9 ()/\-]*$")
