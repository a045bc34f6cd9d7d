"""One entry point for the REST service and the page: parse, search, serialise."""

from plone import api
from plone.batching.batch import Batch
from plone.restapi.batching import HypermediaBatch
from sozialplattform.site.finder import bookable
from sozialplattform.site.finder import results
from sozialplattform.site.finder.query import FinderQuery
from sozialplattform.site.finder.query import parse
from sozialplattform.site.finder.search import nationwide
from sozialplattform.site.finder.search import search
from sozialplattform.site.finder.vocabularies import facet_terms
from sozialplattform.site.finder.vocabularies import token_sets
from sozialplattform.site.functions.gating import state_participation


def run(context, request, form=None) -> tuple[FinderQuery, dict]:
    """Parse ``form`` (default: the request's), search, and return the JSON-ready answer.

    Raises ``FinderParameterError`` on bad parameters.
    """
    form = request.form if form is None else form
    terms = facet_terms(context, request)
    query = parse(form, token_sets(terms))
    states = state_participation()
    result = search(api.portal.get_tool("portal_catalog"), query, states)
    batch = FinderBatch(request, result.hits, query)
    answer = {
        "@id": batch.current_batch_url,
        "items_total": batch.items_total,
        "batching": batch.links,
        "location": location(query),
        "items": _items(result, result.batch(query.b_start, query.b_size), request),
        "facets": results.facets(result, terms),
    }
    return query, answer


def _items(result, hits, request) -> list[dict]:
    states = result.slots.states
    return [
        results.item(
            hit,
            request,
            states,
            bookable.next_free_slot(result.sets, hit.rid, result.slots),
        )
        for hit in hits
    ]


def nationwide_items(context, request, form, limit: int = 10) -> list[dict]:
    """JSON items of up to ``limit`` nationwide centres matching ``form``'s filters."""
    terms = facet_terms(context, request)
    query = parse(form, token_sets(terms))
    states = state_participation()
    result = nationwide(api.portal.get_tool("portal_catalog"), query, limit, states)
    return _items(result, result.batch(0, limit), request)


def location(query: FinderQuery) -> dict | None:
    if query.location is None:
        return None
    return {
        "postcode": query.location.postcode,
        "place": query.location.place,
        "lat": query.location.latitude,
        "lon": query.location.longitude,
        "radius": query.radius_km,
    }


class FinderBatch(HypermediaBatch):
    """plone.restapi's batching (``items_total``, ``links``) over the finder's hits.

    ``HypermediaBatch`` reads ``b_start``/``b_size`` from the request again; the finder
    has checked them already (a ``FinderParameterError``, at most 100 a page), so they
    come from the query. Links are built from the request's URL, as for ``@search``.
    """

    def __init__(self, request, hits, query: FinderQuery):
        self.request = request
        self.b_start = query.b_start
        self.b_size = query.b_size
        self.batch = Batch(hits, self.b_size, self.b_start)

    @property
    def links(self) -> dict | None:
        """None when everything fits the first page.

        plone.restapi leaves the links out whenever everything fits one page; a page
        that starts later (``b_start=40`` on 5 hits) keeps them here, to lead back to
        the first page. Uses plone.restapi's ``_url_with_params``.
        """
        if self.b_start and self.items_total <= self.b_size:
            first = self._url_with_params(params={"b_start": 0})
            return {
                "@id": self.current_batch_url,
                "first": first,
                "last": first,
                "prev": first,
            }
        return super().links
