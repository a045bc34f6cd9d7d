"""Parameters that core views and services convert without checking: a 400, not a 500.

One subscriber (IPubAfterTraversal) looks at the published view or service and checks
the parameters it is known to convert unchecked, before it runs:

- ``expand.contextnavigation.topLevel``/``bottomLevel`` and ``expand.navigation.depth``
  (any REST request: expansions run on every content GET): plone.restapi converts them
  with ``IFromUnicode``/``int()`` → ``InvalidIntLiteral``/``ValueError`` (500).
- ``@relations?max=`` (``int()`` → ValueError, 500).
- ``@linkintegrity?uids=`` naming no (visible) content: ``uuidToObject`` gives None and
  plone.restapi calls ``getPhysicalPath`` on it (AttributeError, 500).
- ``@lock`` POST/PATCH ``timeout``: handed to ``LockItem.setTimeout`` as
  ``"Second-%s"`` after the lock was made; ``"abc"`` → TypeError, ``10**20`` →
  ValueError (500), ``-1`` → a lock that never times out. It must be 1 to 2**32-1.
- ``@@ajax-search?perPage=&page=`` (``int()``, 500).
- ``@@getVocabulary``: ``query`` that looks like JSON but is none, no object, or
  ``criteria`` that are no list of criteria; a plain-text ``query`` for the legacy
  vocabularies that take the query as argument (``plone.app.vocabularies.Catalog``
  indexes it as a dict); ``batch`` with non-numeric ``page``/``size`` or
  ``size`` over 500 (a bare ``Exception``). All were TypeError/ValueError (500).
"""

from .messages import bad_request
from .querystring import check_criterion
from OFS.LockItem import MAXTIMEOUT
from plone.app.uuid.utils import uuidToObject
from plone.restapi.deserializer import json_body
from plone.restapi.exceptions import DeserializationError
from sozialplattform.site import _
from zope.component import queryUtility
from zope.schema.interfaces import IVocabularyFactory
import inspect
import json


#: REST parameters that must be whole numbers wherever they are sent
EXPAND_INTEGERS = (
    "expand.contextnavigation.topLevel",
    "expand.contextnavigation.bottomLevel",
    "expand.navigation.depth",
)
MAX_VOCABULARY_BATCH = 500  # plone.app.content.browser.vocabulary.MAX_BATCH_SIZE


def is_integer(value, minimum=None, maximum=None) -> bool:
    if isinstance(value, bool):
        return False
    if isinstance(value, str):
        stripped = value.strip()
        if not stripped.lstrip("-").isdigit() or stripped.count("-") > 1:
            return False
        value = int(stripped)
    if not isinstance(value, int):
        return False
    if minimum is not None and value < minimum:
        return False
    return maximum is None or value <= maximum


def require_integers(form, names, minimum=None) -> None:
    for name in names:
        if name in form and not is_integer(form[name], minimum):
            raise bad_request(
                _(
                    "error_parameter_whole_number",
                    default="${name} must be a whole number.",
                    mapping={"name": name},
                )
            )


def check_linkintegrity(request) -> None:
    uids = request.form.get("uids") or []
    for uid in uids if isinstance(uids, list) else [uids]:
        if not isinstance(uid, str) or uuidToObject(uid) is None:
            raise bad_request(
                _(
                    "error_no_content_with_uid",
                    default="uids: there is no content with the UID ${uid}.",
                    mapping={"uid": uid},
                )
            )


def check_lock_timeout(request) -> None:
    if request.get("REQUEST_METHOD") not in ("POST", "PATCH"):
        return
    try:
        data = json_body(request)
    except DeserializationError:
        return  # the service reads the body itself
    timeout = data.get("timeout", 1) if isinstance(data, dict) else 1
    if not is_integer(timeout, 1, MAXTIMEOUT):
        raise bad_request(
            _(
                "error_lock_timeout",
                default="timeout must be a whole number of seconds from 1 to ${maximum}.",
                mapping={"maximum": MAXTIMEOUT},
            )
        )


def looks_like_json(value) -> bool:
    value = value.strip() if isinstance(value, str) else ""
    return value[:1] + value[-1:] in ("{}", "[]")


def json_parameter(request, name):
    """The parsed JSON of parameter ``name`` (None if absent or not JSON-like)."""
    value = request.form.get(name)
    if not looks_like_json(value):
        return None
    try:
        return json.loads(value)
    except (ValueError, RecursionError) as error:
        raise bad_request(
            _(
                "error_parameter_json",
                default="${name} must be valid JSON.",
                mapping={"name": name},
            )
        ) from error


def takes_query(factory_name) -> bool:
    """The legacy vocabulary factories take the (parsed) ``query`` as argument."""
    factory = queryUtility(IVocabularyFactory, factory_name or "")
    if factory is None:
        return False
    function = factory if inspect.isfunction(factory) else factory.__call__
    return "query" in inspect.getfullargspec(function).args


def check_vocabulary(request) -> None:
    query = json_parameter(request, "query")
    if query is not None:
        criteria = query.get("criteria") if isinstance(query, dict) else None
        if not isinstance(criteria, list):
            raise bad_request(
                _(
                    "error_vocabulary_query",
                    default="query must be a text or a JSON object with a list of criteria.",
                )
            )
        for position, criterion in enumerate(criteria):
            check_criterion(position, criterion)
    elif request.form.get("query") and takes_query(request.form.get("name")):
        raise bad_request(
            _(
                "error_vocabulary_query_object",
                default="query must be a JSON object with a list of criteria for this vocabulary.",
            )
        )
    batch = json_parameter(request, "batch")
    if (
        isinstance(batch, dict)
        and "size" in batch
        and "page" in batch
        and not (
            is_integer(batch["page"])
            and is_integer(batch["size"], 1, MAX_VOCABULARY_BATCH)
        )
    ):
        raise bad_request(
            _(
                "error_vocabulary_batch",
                default="batch: page and size must be whole numbers, size from 1 to ${maximum}.",
                mapping={"maximum": MAX_VOCABULARY_BATCH},
            )
        )


#: package, module or module.class of the published view or service (or of a base
#: class) -> its check
CHECKS = {
    "plone.restapi.services.relations": lambda request: require_integers(
        request.form, ["max"]
    ),
    "plone.restapi.services.linkintegrity": check_linkintegrity,
    "plone.restapi.services.locking.add": check_lock_timeout,
    "plone.restapi.services.locking.update": check_lock_timeout,
    "Products.CMFPlone.browser.search.AjaxSearch": lambda request: require_integers(
        request.form, ["perPage", "page"]
    ),
    "plone.app.content.browser.vocabulary": check_vocabulary,
}


def check_parameters(event) -> None:
    request = event.request
    require_integers(request.form, EXPAND_INTEGERS)
    published = request.get("PUBLISHED")
    names = set()
    for cls in type(published).__mro__:
        names |= {cls.__module__, f"{cls.__module__}.{cls.__qualname__}"}
    for key, check in CHECKS.items():
        if any(name == key or name.startswith(key + ".") for name in names):
            check(request)
