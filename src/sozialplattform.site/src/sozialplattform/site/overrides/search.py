"""Catalog queries built from client input (``@search``) refuse what the catalog cannot do.

plone.restapi's ``ZCatalogCompatibleQueryAdapter`` turns the query string into a catalog
query; the catalog then failed with 500 on

- ``b_start=abc`` / ``sort_limit=x`` (``ValueError`` from ``int()``),
- ``sort_on`` naming an index that cannot sort (``SearchableText``) or none at all
  (``CatalogError``),
- text that ZCTextIndex's query parser refuses (``"``, ``AND OR``; ``ParseError``),
- index values of the wrong type (``modified=notadate``; ``QueryParsingError``).

This adapter, registered for the site's browser layer, checks these first and answers
400 with the reason.
"""

from plone.restapi.exceptions import QueryParsingError
from plone.restapi.search.query import ZCatalogCompatibleQueryAdapter
from Products.ZCTextIndex.ParseTree import ParseError
from Products.ZCTextIndex.QueryParser import QueryParser
from Products.ZCTextIndex.ZCTextIndex import ZCTextIndex
from sozialplattform.site.interfaces import ISozialplattformLayer
from zExceptions import BadRequest
from zope.component import adapter
from zope.interface import Interface


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
            raise BadRequest(f"sort_on: {name!r} is no index to sort by.")


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
        except QueryParsingError as error:
            raise BadRequest(str(error)) from error
        except (ValueError, TypeError) as error:
            # parse_query_param: int() of b_start, b_size, sort_limit
            raise BadRequest(f"Invalid query parameter: {error}") from error

    def check_text(self, index, name: str, value) -> None:
        text = text_of(value)
        if not text.strip():
            return
        try:
            QueryParser(index.getLexicon()).parseQuery(text)
        except ParseError as error:
            raise BadRequest(
                f"{name}: the search text {text!r} is no valid query (quotes, "
                "brackets and AND/OR/NOT need words to go with them)."
            ) from error
