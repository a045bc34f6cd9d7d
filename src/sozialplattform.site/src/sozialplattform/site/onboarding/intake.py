"""A submission of the interest form: validate it, find an open duplicate, store it.

Plain functions on a dict of the form's values (the easyform field names below), so the
easyform action, the tests and a future REST service share them. Errors are
``{form field: message}`` with the messages of ``content/fields.py``.
"""

from datetime import datetime
from plone import api
from plone.dexterity.utils import createContentInContainer
from plone.schema.email import Email
from sozialplattform.site import _
from sozialplattform.site import logger
from sozialplattform.site.anonymous import honeypot
from sozialplattform.site.anonymous.containers import random_id
from sozialplattform.site.content import fields
from sozialplattform.site.content.behaviors import IPostalAddress
from sozialplattform.site.functions import external_urls
from sozialplattform.site.functions import names as function_names
from sozialplattform.site.functions import tool_fields
from sozialplattform.site.geo import lookup
from sozialplattform.site.geo import state_by_id
from sozialplattform.site.language import site_language
from sozialplattform.site.messages import too_long_message
from sozialplattform.site.onboarding import OPEN_STATES
from sozialplattform.site.onboarding import REQUEST_TYPE
from sozialplattform.site.onboarding.content import onboarding_folder
from sozialplattform.site.onboarding.interfaces import IOnboardingRequest
from sozialplattform.site.onboarding.mails import function_list
from sozialplattform.site.onboarding.provisioning import login_name_error
from sozialplattform.site.timeformat import site_time
from zope.i18n import translate
from zope.i18nmessageid import Message
from zope.schema import ValidationError


# easyform field name -> OnboardingRequest field name
FORM_FIELDS = {
    "centre_name": "title",
    "carrier": "carrier",
    "street": "street",
    "postcode": "postcode",
    "city": "city",
    "contact_name": "contact_name",
    "email": "email",
    "phone": "phone",
    "functions": "wanted_functions",
    **tool_fields(),
    "message": "message",
}
REQUIRED = ("centre_name", "street", "postcode", "city", "contact_name", "email")
TEXT_LIMITS = {
    "centre_name": 200,
    "carrier": 200,
    "street": 200,
    "city": 100,
    "contact_name": 200,
    "phone": 40,
    "message": 5000,
}
#: The form's one-line fields (the others are multi-line plain text).
ONE_LINE_FIELDS = frozenset(TEXT_LIMITS) - {"message"}
URL_FIELDS = tuple(tool_fields())
STATE_FIELD = "state"
CONSENT_FIELD = "privacy"
HONEYPOT_FIELD = "homepage"

REQUIRED_MESSAGE = _("error_required", default="Required input is missing.")
HONEYPOT_MESSAGE = honeypot.FILLED_MESSAGE
ID_PREFIX = "anfrage"
CONSENT_MESSAGE = _(
    "error_privacy_consent",
    default="Please agree to the processing of your data; we need it to handle the "
    "request.",
)
EMAIL_MESSAGE = _("error_email", default="Enter a valid e-mail address.")
FUNCTIONS_MESSAGE = _(
    "error_onboarding_no_function", default="Choose at least one function."
)


def _text(value) -> str:
    return value.strip() if isinstance(value, str) else ""


def is_email_address(value: str) -> bool:
    try:
        Email().validate(value)
    except ValidationError:
        return False
    return True


def honeypot_error(value) -> Message | None:
    return honeypot.filled_error(value)


def state_error(postcode: str, state_id: str | None) -> Message | None:
    """A chosen state must be one the postcode lies in."""
    info = lookup(postcode or "")
    if info is None or not state_id or state_id in info.state_ids:
        return None
    mapping = {
        "postcode": postcode,
        "states": ", ".join(state_by_id(s).name for s in info.state_ids),
    }
    if len(info.state_ids) == 1:
        return _(
            "error_onboarding_state_single",
            default="Postcode ${postcode} lies in ${states}; choose ${states} or leave "
            "the field empty.",
            mapping=mapping,
        )
    return _(
        "error_onboarding_state",
        default="Postcode ${postcode} lies in ${states}; choose one of them or leave the "
        "field empty.",
        mapping=mapping,
    )


def derive_state_id(postcode: str, chosen: str | None) -> str | None:
    """The chosen state when it fits the postcode, else the postcode's main state."""
    info = lookup(postcode or "")
    if info is None:
        return None
    if chosen and chosen in info.state_ids:
        return chosen
    return info.state_id


def _functions(value) -> list[str]:
    chosen = set(value or ())
    return [name for name in function_names() if name in chosen]


def validate_submission(data: dict) -> tuple[dict, dict[str, Message]]:
    """Return the request's values and the errors per form field."""
    errors: dict[str, Message] = {}
    error = honeypot_error(data.get(HONEYPOT_FIELD))
    if error:
        errors[HONEYPOT_FIELD] = error
    for name in REQUIRED:
        if not _text(data.get(name)):
            errors[name] = REQUIRED_MESSAGE
    for name, limit in TEXT_LIMITS.items():
        value = _text(data.get(name))
        if name in errors or not value:
            continue
        constraint = fields.plain_line if name in ONE_LINE_FIELDS else fields.plain_text
        message = fields.check(constraint, value)
        if message:
            errors[name] = message
        elif len(value) > limit:
            errors[name] = too_long_message(limit, len(value))
    postcode = _text(data.get("postcode"))
    if postcode and "postcode" not in errors:
        message = fields.check(fields.postcode, postcode)
        if message:
            errors["postcode"] = message
    phone = _text(data.get("phone"))
    if phone and "phone" not in errors:
        message = fields.check(fields.phone, phone)
        if message:
            errors["phone"] = message
    email = _text(data.get("email"))
    if email and not is_email_address(email):
        errors["email"] = EMAIL_MESSAGE
    elif email:
        # The address becomes the login name when access is granted.
        message = login_name_error(email)
        if message:
            errors["email"] = message
    for name in URL_FIELDS:
        message = fields.check(fields.web_address, _text(data.get(name)))
        if message:
            errors[name] = message
    chosen_state = _text(data.get(STATE_FIELD)) or None
    if "postcode" not in errors:
        message = state_error(postcode, chosen_state)
        if message:
            errors[STATE_FIELD] = message
    if not _functions(data.get("functions")):
        errors["functions"] = FUNCTIONS_MESSAGE
    if not data.get(CONSENT_FIELD):
        errors[CONSENT_FIELD] = CONSENT_MESSAGE
    if errors:
        return {}, errors
    values = {
        target: _text(data.get(source))
        for source, target in FORM_FIELDS.items()
        if source != "functions"
    }
    values["wanted_functions"] = _functions(data.get("functions"))
    for name in external_urls():
        values[name] = values[name] or None
    values["state_id"] = derive_state_id(postcode, chosen_state)
    return values, {}


def find_open_duplicate(email: str, postcode: str):
    """An open request with the same e-mail address (any case) and postcode, or None."""
    catalog = api.portal.get_tool("portal_catalog")
    wanted = (email or "").strip().lower()
    for brain in catalog.unrestrictedSearchResults(
        portal_type=REQUEST_TYPE, review_state=list(OPEN_STATES), sort_on="created"
    ):
        request = brain._unrestrictedGetObject()
        if (request.email or "").lower() == wanted and request.postcode == postcode:
            return request
    return None


def store_request(state, values: dict, now: datetime):
    """Create the OnboardingRequest in ``<state>/anbindung`` (no permission checks)."""
    folder = onboarding_folder(state)
    attributes = {k: v for k, v in values.items() if k != "state_id"}
    return createContentInContainer(
        folder,
        REQUEST_TYPE,
        checkConstraints=False,
        id=random_id(folder, ID_PREFIX),
        consent_date=now,
        **attributes,
    )


NOTES_LIMIT = 50000
NOTE_ENTRY_LIMIT = 5000


def _label(name: str) -> str:
    """The German label of a request field (as on the request page)."""
    field = IOnboardingRequest.get(name) or IPostalAddress[name]
    return translate(field.title, target_language=site_language())


def record_duplicate(request, values: dict, now: datetime) -> None:
    """Add a repeated submission to the open request's notes instead of a new request."""
    heading = _(
        "note_repeated_submission",
        default="${date}: submitted again through the form (wanted functions: "
        "${functions}).",
        mapping={
            "date": site_time(now),
            "functions": function_list(values.get("wanted_functions") or ()) or "-",
        },
    )
    lines = [translate(heading, target_language=site_language())]
    for name in (
        "title",
        "contact_name",
        "phone",
        *external_urls(),
    ):
        value = values.get(name)
        if value and value != getattr(request, name, None):
            lines.append(f"{_label(name)}: {value}")
    if values.get("message"):
        lines.append(values["message"])
    entry = "\n".join(lines)[:NOTE_ENTRY_LIMIT]
    current = request.notes or ""
    if len(current) + len(entry) + 2 > NOTES_LIMIT:
        # repeated submissions must not make the request uneditable (notes max_length)
        logger.warning(
            "Notes of %s are full; repeated submission not recorded", request.id
        )
        return
    request.notes = f"{current}\n\n{entry}" if current else entry
    request.reindexObject(idxs=["SearchableText"])
