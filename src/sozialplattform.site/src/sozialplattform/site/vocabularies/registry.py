"""The vocabulary terms in the registry: storage format, reading, writing, validation.

Each vocabulary ``<name>`` (``topics``, ``target_groups``, ``languages``, ``channels``) is
the registry record ``sozialplattform.vocabularies.<name>``, a list of lines ``token|Label``.
The token is the stable id that content stores; the label is what people read.

The parsing, formatting and validation functions are plain functions without a site; the
functions at the end bind them to the current site's registry and catalog. The control panel
(form and ``@controlpanels``) validates through ``field_constraint`` and therefore with
exactly these rules.
"""

from plone.registry.interfaces import IRegistry
from Products.CMFCore.utils import getToolByName
from sozialplattform.site import _
from sozialplattform.site import logger
from sozialplattform.site.vocabularies.defaults import DEFAULT_TERMS
from zope.component import queryUtility
from zope.component.hooks import getSite
from zope.globalrequest import getRequest
from zope.i18n import translate
from zope.schema import ValidationError
import re


VOCABULARY_NAMES = tuple(DEFAULT_TERMS)
RECORD_PREFIX = "sozialplattform.vocabularies"
FACTORY_PREFIX = "sozialplattform."
SEPARATOR = "|"
MAX_LABEL_LENGTH = 100
# Shown in error messages: a longer token or line is cut off.
_MAX_QUOTE_LENGTH = 40

TOKEN_PATTERN = re.compile(r"[a-z][a-z0-9_]*")
# BCP 47 in the forms a counselling site needs: language (2-3 letters), optional script
# (4 letters, title case) and optional region (2 capital letters or 3 digits), e.g. ``de``,
# ``gsg``, ``zh-Hans``, ``pt-BR``, ``es-419``. Tags are kept in their canonical case.
LANGUAGE_TAG_PATTERN = re.compile(
    r"[a-z]{2,3}(?:-[A-Z][a-z]{3})?(?:-(?:[A-Z]{2}|[0-9]{3}))?"
)


class TermSyntaxError(ValueError):
    """A line is not of the form ``token|Label``."""


class VocabularyValidationError(ValidationError):
    """New vocabulary lines are not acceptable; ``errors`` holds the reasons.

    ``doc()`` is what z3c.form shows next to the field and what plone.restapi's control panel
    deserializer returns as the message of its HTTP 400 answer.
    """

    def __init__(self, errors, title=None):
        super().__init__(list(errors))
        self.errors = list(errors)
        self.title = title

    def doc(self):
        request = getRequest()
        text = "; ".join(translate(error, context=request) for error in self.errors)
        if self.title:
            text = f"{translate(self.title, context=request)}: {text}"
        return text

    def __str__(self):
        return self.doc()


def _check_name(name):
    if name not in DEFAULT_TERMS:
        raise KeyError(
            f"unknown vocabulary {name!r}, expected one of {VOCABULARY_NAMES}"
        )


def record_name(name: str) -> str:
    """The registry record of vocabulary ``name``."""
    _check_name(name)
    return f"{RECORD_PREFIX}.{name}"


def factory_name(name: str) -> str:
    """The name of the IVocabularyFactory of vocabulary ``name``."""
    _check_name(name)
    return f"{FACTORY_PREFIX}{name}"


# Parsing and formatting


def parse_line(line: str) -> tuple[str, str]:
    """``"token|Label"`` -> ``("token", "Label")``; whitespace around both is dropped.

    The line is split at the first ``|``. Raises ``TermSyntaxError`` without one.
    """
    token, separator, label = (line or "").partition(SEPARATOR)
    if not separator:
        raise TermSyntaxError(f"{line!r} is not of the form token{SEPARATOR}Label")
    return token.strip(), label.strip()


def format_line(token: str, label: str) -> str:
    return f"{token}{SEPARATOR}{label}"


def format_lines(terms) -> list[str]:
    """``[(token, label), ...]`` -> ``["token|Label", ...]``."""
    return [format_line(token, label) for token, label in terms]


def default_lines(name: str) -> list[str]:
    """The default record value of vocabulary ``name`` (a new list each time)."""
    _check_name(name)
    return format_lines(DEFAULT_TERMS[name])


def normalize_lines(lines) -> list[str]:
    """Drop blank lines and write ``token | Label`` as ``token|Label``; keep anything else."""
    normalized = []
    for line in lines or ():
        if not line or not line.strip():
            continue
        try:
            normalized.append(format_line(*parse_line(line)))
        except TermSyntaxError:
            normalized.append(line.strip())
    return normalized


def is_valid_token(name: str, token: str) -> bool:
    pattern = LANGUAGE_TAG_PATTERN if name == "languages" else TOKEN_PATTERN
    return bool(token) and pattern.fullmatch(token) is not None


def terms_from_lines(name: str, lines) -> list[tuple[str, str]]:
    """The usable terms of stored lines: blank and invalid lines and repeated tokens skipped.

    Stored values normally passed ``validate_lines``; this is the lenient reading for
    whatever got into the registry another way, so that a bad line never breaks a form.
    """
    terms = []
    seen = set()
    for line in lines or ():
        if not line or not line.strip():
            continue
        try:
            token, label = parse_line(line)
        except TermSyntaxError:
            logger.warning("Vocabulary %s: ignoring line %r", name, line)
            continue
        if not is_valid_token(name, token) or not label or token in seen:
            logger.warning("Vocabulary %s: ignoring line %r", name, line)
            continue
        seen.add(token)
        terms.append((token, label))
    return terms


# Validation


def _quote(text: str) -> str:
    text = text.strip()
    if len(text) > _MAX_QUOTE_LENGTH:
        return text[: _MAX_QUOTE_LENGTH - 1] + "…"
    return text


def validate_lines(name: str, lines) -> list:
    """The errors (i18n messages) of new lines for vocabulary ``name``; empty when valid.

    Each non-blank line must be ``token|Label``; the token must match ``TOKEN_PATTERN``
    (``languages``: ``LANGUAGE_TAG_PATTERN``) and be unique; the label must be non-empty,
    at most ``MAX_LABEL_LENGTH`` characters and free of ``<`` and ``>``. Blank lines are
    ignored; line numbers count them, as the form's text area does. At least one term is
    required.
    """
    _check_name(name)
    errors = []
    first_line_of = {}
    for number, line in enumerate(lines or (), start=1):
        if not line or not line.strip():
            continue
        try:
            token, label = parse_line(line)
        except TermSyntaxError:
            errors.append(
                _(
                    "vocabularies_error_syntax",
                    default='Line ${line}: "${text}" is not of the form token|Label.',
                    mapping={"line": number, "text": _quote(line)},
                )
            )
            continue
        if not is_valid_token(name, token):
            if name == "languages":
                errors.append(
                    _(
                        "vocabularies_error_language_tag",
                        default='Line ${line}: "${token}" is not a language tag '
                        "(BCP 47, e.g. de, gsg, zh-Hans, pt-BR).",
                        mapping={"line": number, "token": _quote(token)},
                    )
                )
            else:
                errors.append(
                    _(
                        "vocabularies_error_token",
                        default='Line ${line}: the token "${token}" must start with a '
                        "lower-case letter and contain only lower-case letters (a-z), "
                        "digits and underscores.",
                        mapping={"line": number, "token": _quote(token)},
                    )
                )
        elif token in first_line_of:
            errors.append(
                _(
                    "vocabularies_error_duplicate",
                    default='Line ${line}: the token "${token}" is already used in '
                    "line ${first}.",
                    mapping={
                        "line": number,
                        "token": token,
                        "first": first_line_of[token],
                    },
                )
            )
        else:
            first_line_of[token] = number
        if not label:
            errors.append(
                _(
                    "vocabularies_error_label_empty",
                    default="Line ${line}: the label is missing.",
                    mapping={"line": number},
                )
            )
        elif len(label) > MAX_LABEL_LENGTH:
            errors.append(
                _(
                    "vocabularies_error_label_length",
                    default="Line ${line}: the label is longer than ${max} characters.",
                    mapping={"line": number, "max": MAX_LABEL_LENGTH},
                )
            )
        if "<" in label or ">" in label:
            errors.append(
                _(
                    "vocabularies_error_label_html",
                    default="Line ${line}: the label must not contain < or >.",
                    mapping={"line": number},
                )
            )
    if not errors and not first_line_of:
        errors.append(_("vocabularies_error_empty", default="Enter at least one term."))
    return errors


def removed_tokens(name: str, old_lines, new_lines) -> list[str]:
    """Tokens of ``old_lines`` that ``new_lines`` no longer has, in their old order."""
    new_tokens = {token for token, _label in terms_from_lines(name, new_lines)}
    return [
        token
        for token, _label in terms_from_lines(name, old_lines)
        if token not in new_tokens
    ]


def count_usage(catalog, index_name: str, tokens) -> dict[str, int] | None:
    """How many catalogued items hold each of ``tokens`` in the index ``index_name``.

    Only tokens in use are in the answer. ``None`` when the catalog has no such index (yet):
    then nothing can be checked. Counts all items, whatever their state or the user.
    """
    if catalog is None or index_name not in catalog.indexes():
        return None
    counts = {}
    for token in tokens:
        # A query, not uniqueValuesFor: it indexes what is still queued in this transaction.
        count = len(catalog.unrestrictedSearchResults(**{index_name: token}))
        if count:
            counts[token] = count
    return counts


def in_use_errors(counts: dict[str, int]) -> list:
    """An error for each token that would be removed although ``counts[token]`` items use it."""
    return [
        _(
            "vocabularies_error_in_use",
            default='"${token}" cannot be removed: ${count} items still use it.',
            mapping={"token": token, "count": count},
        )
        if count != 1
        else _(
            "vocabularies_error_in_use_once",
            default='"${token}" cannot be removed: an item still uses it.',
            mapping={"token": token},
        )
        for token, count in counts.items()
    ]


def validate_removal(name: str, old_lines, new_lines, catalog) -> list:
    """Errors for tokens that ``new_lines`` drops although content still uses them.

    The catalog index with the vocabulary's name holds the tokens content uses; without that
    index there is nothing to check.
    """
    removed = removed_tokens(name, old_lines, new_lines)
    if not removed:
        return []
    return in_use_errors(count_usage(catalog, name, removed) or {})


def validate(name: str, new_lines, old_lines=None, catalog=None) -> list:
    """All errors of ``new_lines`` replacing ``old_lines``: format first, then removals."""
    errors = validate_lines(name, new_lines)
    if errors or old_lines is None or catalog is None:
        return errors
    return validate_removal(name, old_lines, new_lines, catalog)


# The current site


def _registry(registry=None):
    return registry if registry is not None else queryUtility(IRegistry)


def _catalog():
    site = getSite()
    if site is None:
        return None
    return getToolByName(site, "portal_catalog", None)


def get_lines(name: str, registry=None) -> list[str] | None:
    """The stored lines of vocabulary ``name``; ``None`` when the record is missing."""
    registry = _registry(registry)
    if registry is None:
        return None
    return registry.get(record_name(name), None)


def get_terms(name: str, registry=None) -> list[tuple[str, str]]:
    """The ``(token, label)`` terms of vocabulary ``name`` in the current site, in stored order.

    Without the record (add-on profile not applied, no site) the defaults.
    """
    lines = get_lines(name, registry)
    if lines is None:
        return list(DEFAULT_TERMS[name])
    return terms_from_lines(name, lines)


def check_lines(name: str, lines, registry=None, catalog=None) -> list:
    """The errors of replacing vocabulary ``name`` in the current site by ``lines``."""
    errors = validate_lines(name, lines)
    if errors:
        return errors
    old_lines = get_lines(name, registry)
    if old_lines is None:
        return []
    if catalog is None:
        catalog = _catalog()
    return validate_removal(name, old_lines, lines, catalog)


def set_terms(name: str, terms, registry=None, check=True) -> list[str]:
    """Store ``terms`` (``(token, label)`` pairs) as vocabulary ``name`` of the current site.

    With ``check`` the same validation as the control panel applies and a
    ``VocabularyValidationError`` is raised instead of storing. Returns the stored lines.
    """
    registry = _registry(registry)
    lines = format_lines(terms)
    if check:
        errors = check_lines(name, lines, registry)
        if errors:
            raise VocabularyValidationError(errors)
    registry[record_name(name)] = lines
    return lines


def field_constraint(name: str, title=None):
    """A zope.schema constraint validating a record value with ``check_lines``.

    Used by ``IVocabulariesSettings``: the classic form and ``PATCH @controlpanels`` both
    validate through it. (plone.registry does not copy constraints into the records.)
    """
    _check_name(name)

    def constraint(value):
        errors = check_lines(name, value or [])
        if errors:
            raise VocabularyValidationError(errors, title)
        return True

    constraint.__name__ = f"{name}_constraint"
    return constraint
