"""The finder for people: search form on the front page and the result page @@finder.

Server-rendered, works without JavaScript; finder.js only enhances (live update, map).
"""

from plone import api
from plone.app.layout.viewlets.common import ViewletBase
from Products.Five.browser import BrowserView
from sozialplattform.site import _
from sozialplattform.site.finder.api import run
from sozialplattform.site.finder.query import DEFAULT_RADIUS_KM
from sozialplattform.site.finder.query import FinderParameterError
from sozialplattform.site.finder.settings import map_settings
from sozialplattform.site.finder.vocabularies import facet_terms
from sozialplattform.site.geo import is_postcode_format
from urllib.parse import urlencode
from zope.i18n import translate
import json


RADII = (5, 10, 25, 50, 100, 200)
FILTER_GROUPS = (
    ("target_group", _("label_target_groups", default="Target groups")),
    ("language", _("label_languages", default="Languages")),
    ("channel", _("label_channels", default="Counselling channels")),
    ("state", _("label_state", default="State")),
)
FLAGS = (
    ("accessible", _("label_accessible", default="Accessible (barrier-free)")),
    ("free_of_charge", _("label_free_of_charge", default="Free of charge")),
    ("anonymous", _("label_anonymous", default="Anonymous counselling possible")),
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
    "include_nationwide",
    "sort_on",
    "b_start",
    "b_size",
)


def finder_form(request) -> dict:
    """The request's finder parameters; ``where`` becomes postcode or place."""
    form = {key: request.form[key] for key in PARAMETERS if request.form.get(key)}
    where = request.form.get("where") or ""
    if isinstance(where, list | tuple):
        where = where[-1] if where else ""
    where = str(where).strip()
    if where:
        form.pop("postcode", None)
        form.pop("place", None)
        form["postcode" if is_postcode_format(where) else "place"] = where
    if request.form.get("only_local"):
        form["include_nationwide"] = "false"
    # unchecked boxes of the filter form mean "no filter", not "false"
    for flag, _label in FLAGS:
        if form.get(flag) not in (None, "true"):
            form.pop(flag)
    return {key: form[key] for key in PARAMETERS if key in form}


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


class FinderView(BrowserView):
    """@@finder: results at a stable, shareable URL."""

    error = None
    answer = None

    def __call__(self):
        self.form = finder_form(self.request)
        if "where" in self.request.form:
            # canonical, shareable URL: ?postcode=... or ?place=...
            target = f"{self.context.absolute_url()}/@@finder?{query_string(self.form)}"
            return self.request.response.redirect(target)
        self.terms = facet_terms(self.context, self.request)
        try:
            self.query, self.answer = run(self.context, self.request, form=self.form)
        except FinderParameterError as error:
            self.error = error
            self.request.response.setStatus(400)
        return self.index()

    # form state
    def where(self) -> str:
        return self.form.get("postcode") or self.form.get("place") or ""

    def radius(self) -> int:
        value = self.form.get("radius") or DEFAULT_RADIUS_KM
        try:
            return int(float(value))
        except (TypeError, ValueError):
            return int(DEFAULT_RADIUS_KM)

    def radii(self):
        return [{"value": r, "selected": r == self.radius()} for r in RADII]

    def selected(self, parameter) -> list[str]:
        value = self.form.get(parameter) or []
        return list(value) if isinstance(value, list | tuple) else [value]

    def error_message(self, parameter) -> str:
        if self.error is None:
            return ""
        names = (
            {parameter, "postcode", "place"} if parameter == "where" else {parameter}
        )
        if self.error.parameter in names:
            return translate(self.error.message, context=self.request)
        return ""

    def general_error(self) -> str:
        if self.error is None or self.error.parameter in (
            "postcode",
            "place",
            "radius",
        ):
            return ""
        return translate(self.error.message, context=self.request)

    def candidates(self):
        if self.error is None:
            return []
        return [
            {
                **c,
                "url": "?"
                + query_string(self.form, place=None, postcode=c["postcode"]),
            }
            for c in self.error.candidates
        ]

    def topics(self):
        chosen = self.selected("topic")
        return [
            {"token": token, "title": title, "selected": token in chosen}
            for token, title in self.terms["topic"]
        ]

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
        return [
            {"name": name, "label": label, "checked": self.form.get(name) == "true"}
            for name, label in FLAGS
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
                }
            )
        return rows

    def total(self) -> int:
        return (self.answer or {}).get("items_total", 0)

    def pages(self):
        """Page links: [{number, url, current}]."""
        total = self.total()
        size = self.query.b_size
        if total <= size:
            return []
        return [
            {
                "number": index + 1,
                "url": "?" + query_string(self.form, b_start=start or None),
                "current": start == self.query.b_start,
            }
            for index, start in enumerate(range(0, total, size))
        ]

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

    def nationwide_offers(self):
        """For the zero-result page: nationwide online offers with the same topic."""
        form = {k: v for k, v in self.form.items() if k in ("topic", "language")}
        try:
            _query, answer = run(self.context, self.request, form=form)
        except FinderParameterError:
            return []
        return [item for item in answer["items"] if item["nationwide"]][:10]

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
