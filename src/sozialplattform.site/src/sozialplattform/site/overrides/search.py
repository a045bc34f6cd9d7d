"""Catalog queries built from client input (``@search``) refuse what the catalog cannot do.

plone.restapi's ``ZCatalogCompatibleQueryAdapter`` turns the query string into a catalog
query; the catalog then failed with 500 on

- ``b_start=abc`` / ``sort_limit=x`` (``ValueError`` from ``int()``),
- ``sort_on`` naming an index that cannot sort (``SearchableText``) or none at all
  (``CatalogError``),
- text that ZCTextIndex's query parser refuses (``"``, ``AND OR``; ``ParseError``),
- index values of the wrong type (``modified=notadate``; ``QueryParsingError``, whose
  message names the index object: replaced by one without internals),
- indexes without a query parser (``getObjPositionInParent=abc``: a
  ``ComponentLookupError`` whose message shows the reprs of index, site and request).

This adapter, registered for the site's browser layer, checks these first and answers
400 with the reason.
"""

from .messages import bad_request
from plone.restapi.exceptions import QueryParsingError
from plone.restapi.search.query import ZCatalogCompatibleQueryAdapter
from Products.ZCTextIndex.ParseTree import ParseError
from Products.ZCTextIndex.QueryParser import QueryParser
from Products.ZCTextIndex.ZCTextIndex import ZCTextIndex
from sozialplattform.site import _
from sozialplattform.site.interfaces import ISozialplattformLayer
from zope.component import adapter
from zope.interface import Interface
from zope.interface.interfaces import ComponentLookupError


def text_of(value) -> str:
    """The query text of a ZCTextIndex query value (string, list or record)."""
    if isinstance(value, dict):
        value = value.get("query", "")
    if isinstance(value, list | tuple):
        return " ".join(str(item) for item in value)
    return str(value)


def check_sort_on(catalog, sort_on) -> None:
    """BadRequest unless ``sort_on`` (a name or a list) names indexes that can sort."""
    if sort_on is None:
        return
    names = sort_on if isinstance(sort_on, list | tuple) else [sort_on]
    for name in names:
        index = catalog._catalog.indexes.get(name) if isinstance(name, str) else None
        if index is None or not hasattr(index, "documentToKeyMap"):
            raise bad_request(
                _(
                    "error_sort_on_index",
                    default="sort_on: ${name} is no index to sort by.",
                    mapping={"name": name},
                )
            )


@adapter(Interface, ISozialplattformLayer)
class CheckedCatalogQuery(ZCatalogCompatibleQueryAdapter):
    def __call__(self, query):
        check_sort_on(self.catalog, query.get("sort_on"))
        for name, value in query.items():
            index = self.get_index(name)
            if isinstance(index, ZCTextIndex):
                # getIndex: acquisition-wrapped, so that the lexicon can be found
                self.check_text(self.catalog._catalog.getIndex(name), name, value)
        try:
            return super().__call__(query)
        except (
            QueryParsingError,
            ComponentLookupError,
            ValueError,
            TypeError,
        ) as error:
            # the parameter whose value failed (QueryParsingError, int() of b_start,
            # b_size, sort_limit) or whose index cannot be queried (no parser)
            raise bad_request(
                _(
                    "error_search_parameter",
                    default="${name}: the value is not valid for this search parameter.",
                    mapping={"name": self.failed_parameter(query)},
                )
            ) from error

    def failed_parameter(self, query) -> str:
        """The first parameter of ``query`` that fails on its own (for the message)."""
        for name, value in query.items():
            try:
                super().__call__({name: value})
            except Exception:
                return name
        return ", ".join(query)

    def check_text(self, index, name: str, value) -> None:
        text = text_of(value)
        if not text.strip():
            return
        try:
            QueryParser(index.getLexicon()).parseQuery(text)
        except ParseError as error:
            raise bad_request(
                _(
                    "error_search_text",
                    default="${name}: the search text is no valid query (quotes, brackets and "
                    "AND/OR/NOT need words to go with them).",
                    mapping={"name": name},
                )
            ) from error
