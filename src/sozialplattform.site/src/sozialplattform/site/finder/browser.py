"""The finder for people: search form on the front page and the result page @@finder.

Server-rendered, works without JavaScript; finder.js only enhances (live update, map).
"""

from datetime import datetime
from plone import api
from plone.app.layout.viewlets.common import ViewletBase
from Products.Five.browser import BrowserView
from sozialplattform.site import _
from sozialplattform.site.booking.summary import DEFAULT_WITHIN_DAYS
from sozialplattform.site.browser.title import error_title
from sozialplattform.site.finder.api import nationwide_items
from sozialplattform.site.finder.api import run
from sozialplattform.site.finder.query import DEFAULT_RADIUS_KM
from sozialplattform.site.finder.query import FinderParameterError
from sozialplattform.site.finder.query import MAX_RADIUS_KM
from sozialplattform.site.finder.query import MIN_RADIUS_KM
from sozialplattform.site.finder.query import plain_number
from sozialplattform.site.finder.settings import map_settings
from sozialplattform.site.finder.vocabularies import facet_terms
from sozialplattform.site.functions import BOOKING
from sozialplattform.site.functions.gating import offered_functions
from sozialplattform.site.geo import is_postcode_format
from sozialplattform.site.timeformat import weekday_time
from urllib.parse import urlencode
from zope.i18n import translate
import json
import math


RADII = (5, 10, 25, 50, 100, 200)
HEADING = _("heading_finder", default="Find a counselling centre")
FILTER_GROUPS = (
    ("topic", _("label_topic", default="Topic")),
    ("target_group", _("label_target_groups", default="Target groups")),
    ("language", _("label_languages", default="Languages")),
    ("channel", _("label_channels", default="Counselling channels")),
    ("state", _("label_state", default="State")),
)
FLAGS = (
    ("accessible", _("label_accessible", default="Accessible (barrier-free)")),
    ("free_of_charge", _("label_free_of_charge", default="Free of charge")),
    ("anonymous", _("label_anonymous", default="Anonymous counselling possible")),
    (
        "bookable",
        _(
            "label_bookable",
            default="With a free appointment in the next ${days} days",
            mapping={"days": DEFAULT_WITHIN_DAYS},
        ),
    ),
)
PARAMETERS = (
    "postcode",
    "place",
    "lat",
    "lon",
    "radius",
    "q",
    "topic",
    "target_group",
    "language",
    "channel",
    "state",
    "accessible",
    "free_of_charge",
    "anonymous",
    "bookable",
    "within_days",
    "include_nationwide",
    "sort_on",
    "b_start",
    "b_size",
)
# parameters without a visible control on the page: kept as hidden inputs
HIDDEN_PARAMETERS = ("lat", "lon", "b_size", "within_days")
#: A centre page's parameter: the finder's query string it was opened from.
BACK_PARAMETER = "from"
# parameters whose errors show at their own field; the rest above the results
FIELD_ERRORS = {
    "where": {"where", "postcode", "place"},
    "radius": {"radius"},
    "q": {"q"},
    "sort_on": {"sort_on"},
}
SORT_LABELS = {
    "distance": _("sort_distance", default="Distance"),
    "relevance": _("sort_relevance", default="Relevance"),
    "title": _("sort_title", default="Name (A-Z)"),
}
PAGER_WINDOW = 2
# what a list without a place answers: a search text or a State
LISTS_WITHOUT_PLACE = ("postcode", "place", "lat", "lon", "q", "state")


def finder_form(request) -> dict:
    """The request's finder parameters; ``where`` becomes postcode or place."""
    form = {key: request.form[key] for key in PARAMETERS if request.form.get(key)}
    where = request.form.get("where") or ""
    if isinstance(where, list | tuple):
        where = where[-1] if where else ""
    where = str(where).strip()
    if where:
        for key in ("postcode", "place", "lat", "lon"):
            form.pop(key, None)
        form["postcode" if is_postcode_format(where) else "place"] = where
    if request.form.get("only_local"):
        form["include_nationwide"] = "false"
    # unchecked boxes of the filter form mean "no filter", not "false"
    for flag, _label in FLAGS:
        if form.get(flag) not in (None, "true"):
            form.pop(flag)
    # the sort control keeps its choice when the location or the text goes away
    has_location = any(form.get(k) for k in ("postcode", "place", "lat", "lon"))
    if (form.get("sort_on") == "distance" and not has_location) or (
        form.get("sort_on") == "relevance" and not form.get("q")
    ):
        form.pop("sort_on")
    return {key: form[key] for key in PARAMETERS if key in form}


def needs_place(form: dict) -> bool:
    """Whether the search form was sent without a place, search text or State.

    The forms always send a radius; a radius without a place would list every centre
    from A to Z, so the page asks for a place instead. Links without a radius (the bare
    page, a shared ``?topic=...``) list as before; the REST API is not affected.
    """
    return "radius" in form and not any(form.get(k) for k in LISTS_WITHOUT_PLACE)


def query_string(form: dict, **changes) -> str:
    merged = {**form, **changes}
    pairs = []
    for key, value in merged.items():
        if value in (None, ""):
            continue
        for item in value if isinstance(value, list | tuple) else [value]:
            pairs.append((key, item))
    return urlencode(pairs)


def format_km(distance) -> str:
    if distance is None:
        return ""
    return f"{distance:.1f}".replace(".", ",") + " km"


def valid_radius(value) -> float | None:
    """The radius in km if ``value`` is a valid one, else None."""
    try:
        radius = float(value)
    except (TypeError, ValueError):
        return None
    return radius if MIN_RADIUS_KM <= radius <= MAX_RADIUS_KM else None


class FinderView(BrowserView):
    """@@finder: results at a stable, shareable URL."""

    error = None
    answer = None
    query = None

    def __call__(self):
        self.form = finder_form(self.request)
        if "where" in self.request.form:
            # canonical, shareable URL: ?postcode=... or ?place=...
            target = f"{self.context.absolute_url()}/@@finder?{query_string(self.form)}"
            return self.request.response.redirect(target)
        self.terms = facet_terms(self.context, self.request)
        if needs_place(self.form):
            self.error = FinderParameterError(
                "where",
                _(
                    "error_where_missing",
                    default="Enter a place or a postcode to search nearby.",
                ),
            )
            self.request.response.setStatus(400)
            return self.index()
        try:
            self.query, self.answer = run(self.context, self.request, form=self.form)
        except FinderParameterError as error:
            self.error = error
            self.request.response.setStatus(400)
        return self.index()

    def page_title(self):
        """The title bar names what was found: "Counselling centres near 10115 Berlin (24)"."""
        if self.error is not None:
            return error_title(translate(HEADING, context=self.request))
        if self.answer is None:
            return HEADING
        place = " ".join(
            part
            for part in (
                (self.answer["location"] or {}).get("postcode"),
                (self.answer["location"] or {}).get("place"),
            )
            if part
        )
        if not place:
            return _(
                "title_finder_results",
                default="Counselling centres (${count})",
                mapping={"count": self.total()},
            )
        return _(
            "title_finder_results_near",
            default="Counselling centres near ${place} (${count})",
            mapping={"place": place, "count": self.total()},
        )

    # form state
    def where(self) -> str:
        return self.form.get("postcode") or self.form.get("place") or ""

    def radius(self) -> float:
        return valid_radius(self.form.get("radius")) or DEFAULT_RADIUS_KM

    def radii(self):
        """The standard radii, plus a valid other one from the URL (e.g. 12.5)."""
        current = self.radius()
        return [
            {
                "value": plain_number(r),
                "label": plain_number(r).replace(".", ",") + " km",
                "selected": r == current,
            }
            for r in sorted({*RADII, current})
        ]

    def selected(self, parameter) -> list[str]:
        value = self.form.get(parameter) or []
        return list(value) if isinstance(value, list | tuple) else [value]

    def hidden_fields(self) -> list[dict]:
        """Parameters without a control of their own, so a submit keeps them."""
        return [
            {"name": name, "value": value}
            for name in HIDDEN_PARAMETERS
            for value in self.selected(name)
        ]

    def sort_options(self) -> list[dict]:
        query = getattr(self, "query", None)
        current = query.sort_on if query else self.form.get("sort_on")
        names = [
            name
            for name, applies in (
                ("distance", bool(self.where() or self.form.get("lat"))),
                ("relevance", bool(self.form.get("q"))),
                ("title", True),
            )
            if applies
        ]
        return [
            {"value": name, "label": SORT_LABELS[name], "selected": name == current}
            for name in names
        ]

    def error_message(self, parameter) -> str:
        if self.error is None:
            return ""
        if self.error.parameter in FIELD_ERRORS.get(parameter, {parameter}):
            return translate(self.error.message, context=self.request)
        return ""

    def general_error(self) -> str:
        fields = set().union(*FIELD_ERRORS.values())
        if self.error is None or self.error.parameter in fields:
            return ""
        return translate(self.error.message, context=self.request)

    def candidates(self) -> list[dict]:
        """The places an ambiguous name may mean, each linking its postcode."""
        return self._place_links("candidates", "postcode")

    def suggestions(self) -> list[dict]:
        """Places spelt like an unknown name ("Meinten Sie ...?"), linking the name."""
        return self._place_links("suggestions", "place")

    def _place_links(self, kind: str, parameter: str) -> list[dict]:
        """The error's ``kind`` of places, each with the search URL naming it by
        ``parameter`` (the other filters kept)."""
        if self.error is None:
            return []
        links = []
        for place in getattr(self.error, kind):
            where = {"place": None, "postcode": None, parameter: place[parameter]}
            links.append(
                {**place, "url": "?" + query_string(self.form, b_start=None, **where)}
            )
        return links

    def filter_groups(self):
        facets = (self.answer or {}).get("facets", {})
        groups = []
        for parameter, label in FILTER_GROUPS:
            chosen = self.selected(parameter)
            counts = {f["token"]: f["count"] for f in facets.get(parameter, [])}
            options = [
                {
                    "token": token,
                    "title": title,
                    "count": counts.get(token, 0),
                    "checked": token in chosen,
                    "id": f"filter-{parameter}-{token}",
                }
                for token, title in self.terms[parameter]
                if counts.get(token, 0) or token in chosen
            ]
            groups.append({"name": parameter, "label": label, "options": options})
        return groups

    def flags(self):
        """The yes/no filters; "with a free appointment" only where booking is offered."""
        offered = BOOKING in offered_functions()
        return [
            {"name": name, "label": label, "checked": self.form.get(name) == "true"}
            for name, label in FLAGS
            if name != "bookable" or offered or self.form.get(name) == "true"
        ]

    def include_nationwide(self) -> bool:
        return self.form.get("include_nationwide") != "false"

    def active_filter_count(self) -> int:
        count = sum(len(self.selected(p)) for p, _label in FILTER_GROUPS)
        return count + sum(1 for f in self.flags() if f["checked"])

    # results
    def items(self):
        labels = {p: dict(self.terms[p]) for p in ("topic", "channel", "language")}
        rows = []
        for item in (self.answer or {}).get("items", []):
            rows.append(
                {
                    **item,
                    "distance": format_km(item["distance_km"]),
                    "topic_titles": [labels["topic"].get(t, t) for t in item["topics"]],
                    "channel_titles": [
                        labels["channel"].get(t, t) for t in item["channels"]
                    ],
                    "language_titles": [
                        labels["language"].get(t, t) for t in item["languages"]
                    ],
                    "next_free_slot_text": item["next_free_slot"]
                    and weekday_time(
                        datetime.fromisoformat(item["next_free_slot"]), self.request
                    ),
                }
            )
        return rows

    def total(self) -> int:
        return (self.answer or {}).get("items_total", 0)

    def pager(self) -> dict | None:
        """A windowed pager: first, last, the pages around the current one, prev/next."""
        total, size = self.total(), self.query.b_size
        if total <= size and self.query.b_start == 0:
            return None
        count = math.ceil(total / size)
        current = self.query.b_start // size

        def url(page):
            return "?" + query_string(self.form, b_start=page * size or None)

        window = range(
            max(0, current - PAGER_WINDOW), min(count, current + PAGER_WINDOW + 1)
        )
        pages, previous = [], None
        for page in sorted({0, count - 1, *window}):
            if previous is not None and page > previous + 1:
                pages.append({"gap": True})
            pages.append(
                {
                    "gap": False,
                    "number": page + 1,
                    "url": url(page),
                    "current": page == current,
                }
            )
            previous = page
        return {
            "pages": pages,
            "previous": url(current - 1) if current > 0 else None,
            "next": url(current + 1) if current + 1 < count else None,
        }

    def larger_radius_url(self) -> str | None:
        if self.answer is None or self.answer["location"] is None:
            return None
        bigger = [r for r in RADII if r > self.radius()]
        if not bigger:
            return None
        return "?" + query_string(self.form, radius=bigger[0], b_start=None)

    def larger_radius(self) -> int | None:
        bigger = [r for r in RADII if r > self.radius()]
        return bigger[0] if bigger else None

    def nothing_nearby(self) -> bool:
        """Whether a search with a place found only nationwide online offers."""
        items = (self.answer or {}).get("items", [])
        if not items or self.answer["location"] is None or self.query.b_start:
            return False
        if not items[0]["nationwide"]:
            return False
        if self.query.sort_on == "distance":
            return True  # nationwide offers come after every local one
        if self.total() <= len(items):
            return all(item["nationwide"] for item in items)
        local = {**self.form, "include_nationwide": "false", "b_size": "1"}
        return run(self.context, self.request, form=local)[1]["items_total"] == 0

    def nationwide_offers(self):
        """For the zero-result page: up to 10 nationwide online offers, same topic."""
        form = {k: v for k, v in self.form.items() if k in ("topic", "language")}
        try:
            return nationwide_items(self.context, self.request, form, limit=10)
        except FinderParameterError:
            return []

    def map_data(self) -> str:
        markers = [
            {
                "title": item["title"],
                "url": item["@id"],
                "lat": item["latitude"],
                "lon": item["longitude"],
            }
            for item in (self.answer or {}).get("items", [])
            if item["latitude"] is not None and not item["nationwide"]
        ]
        location = (self.answer or {}).get("location")
        return json.dumps({"markers": markers, "centre": location, **map_settings()})

    def tile_host(self) -> str:
        return map_settings()["tile_host"]

    def centre_url(self, item) -> str:
        """A result's page, carrying this search for its link back (``from``)."""
        search = query_string(self.form)
        if not search:
            return item["@id"]
        return f"{item['@id']}?{urlencode({BACK_PARAMETER: search})}"


class FinderSearchViewlet(ViewletBase):
    """The finder's search form on the front page."""

    def update(self):
        super().update()
        self.terms = facet_terms(self.context, self.request)

    def finder_url(self) -> str:
        return f"{api.portal.get().absolute_url()}/@@finder"

    def topics(self):
        return self.terms["topic"]

    def radii(self):
        return [{"value": r, "selected": r == DEFAULT_RADIUS_KM} for r in RADII]
