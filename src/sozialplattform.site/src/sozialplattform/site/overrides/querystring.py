"""``@querystring-search`` refuses malformed bodies with 400.

plone.restapi hands ``query`` to plone.app.querystring unchecked: a string, nested
lists or criteria without ``i``/``o`` ended in ``TypeError`` (500), a negative
``b_size`` in plone.batching's AssertionError, a non-sortable ``sort_on`` in a
``CatalogError``. The body is checked first; the anonymous ``b_size`` cap of
``batching`` applies here too (also to the GET variant, whose body is a parameter).
"""

from . import batching
from .messages import bad_request
from .search import check_sort_on
from plone import api
from plone.restapi.deserializer import json_body
from plone.restapi.exceptions import DeserializationError
from plone.restapi.services.querystringsearch.get import QuerystringSearch
from plone.restapi.services.querystringsearch.get import QuerystringSearchGet
from plone.restapi.services.querystringsearch.get import QuerystringSearchPost
from Products.ZCTextIndex.ParseTree import ParseError
from sozialplattform.site import _
from urllib import parse
import json


SCALARS = (str, int, float, bool, type(None))
#: Operators whose plone.app.querystring implementation treats ``v`` as one string
#: (``.rstrip``, ``.split``): a list there ended in AttributeError (500).
STRING_OPERATORS = (".string.", "Path")
#: Text indexes: ``munge_search_term`` takes one string.
TEXT_INDEXES = ("SearchableText", "Title", "Description")


def check_criterion(position: int, criterion) -> None:
    if not isinstance(criterion, dict):
        raise bad_request(
            _(
                "error_criterion_object",
                default="query[${position}] must be an object with i, o and v.",
                mapping={"position": position},
            )
        )
    for key in ("i", "o"):
        if not isinstance(criterion.get(key), str):
            raise bad_request(
                _(
                    "error_criterion_string",
                    default="query[${position}].${key} must be a string.",
                    mapping={"position": position, "key": key},
                )
            )
    operations = api.portal.get_registry_record(
        f"plone.app.querystring.field.{criterion['i']}.operations", default=None
    )
    if operations is not None and criterion["o"] not in operations:
        # an operator the index does not offer (``path`` with ``selection.any``)
        # ended in plone.app.querystring's parser with AttributeError (500)
        raise bad_request(
            _(
                "error_criterion_operator",
                default="query[${position}].o must be one of ${operations} for ${index}.",
                mapping={
                    "position": position,
                    "operations": ", ".join(operations),
                    "index": criterion["i"],
                },
            )
        )
    value = criterion.get("v")
    needs_string = criterion["i"] in TEXT_INDEXES or any(
        marker in criterion["o"] for marker in STRING_OPERATORS
    )
    if needs_string and not isinstance(value, str | None):
        raise bad_request(
            _(
                "error_criterion_value_string",
                default="query[${position}].v must be a string for this criterion.",
                mapping={"position": position},
            )
        )
    values = value if isinstance(value, list) else [value]
    if not all(isinstance(item, SCALARS) for item in values):
        raise bad_request(
            _(
                "error_criterion_value",
                default="query[${position}].v must be a value or a list of values.",
                mapping={"position": position},
            )
        )


def check_body(data: dict, catalog) -> None:
    query = data.get("query")
    if query is not None and not isinstance(query, list):
        raise bad_request(
            _("error_query_list", default="query must be a list of criteria.")
        )
    for position, criterion in enumerate(query or ()):
        check_criterion(position, criterion)
    if data.get("limit") is not None:
        limit = data["limit"]
        if isinstance(limit, bool) or not isinstance(limit, int | str):
            raise bad_request(_("error_limit", default="limit must be a whole number."))
        if not str(limit).isdigit():
            raise bad_request(_("error_limit", default="limit must be a whole number."))
    for key in ("sort_on", "sort_order"):
        if data.get(key) is not None and not isinstance(data[key], str):
            raise bad_request(
                _(
                    "error_must_be_string",
                    default="${name} must be a string.",
                    mapping={"name": key},
                )
            )
    check_sort_on(catalog, data.get("sort_on"))


class CheckedQuerystringSearch(QuerystringSearch):
    def __call__(self):
        try:
            data = json_body(self.request)
        except (DeserializationError, RecursionError) as error:
            raise bad_request(
                _("error_body_object", default="The body must be a JSON object.")
            ) from error
        check_body(data, api.portal.get_tool("portal_catalog"))
        fullobjects = bool(data.get("fullobjects"))
        if batching.check(data, api.user.is_anonymous(), fullobjects):
            self.request["BODY"] = json.dumps(data).encode("utf-8")
        try:
            return super().__call__()
        except ParseError as error:
            raise bad_request(
                _(
                    "error_search_text_plain",
                    default="The search text is no valid query (quotes, brackets and "
                    "AND/OR/NOT need words to go with them).",
                )
            ) from error


class CheckedQuerystringSearchPost(QuerystringSearchPost):
    def reply(self):
        return CheckedQuerystringSearch(self.context, self.request)()


class CheckedQuerystringSearchGet(QuerystringSearchGet):
    def reply(self):
        # As upstream: the JSON of the ``query`` parameter becomes the body.
        self.request["BODY"] = parse.unquote(
            self.request.form.get("query", "{}")
        ).encode(self.request.charset)
        self.request.form = {}
        return CheckedQuerystringSearch(self.context, self.request)()
