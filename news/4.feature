Beratungsstellenfinder: `GET @finder` (postcode/place/lat+lon with radius, German full text,
disjunctive facets, batching; place names with qualifiers, prefixes and a dominant city) and
the finder page with front-page search form, all filters without JavaScript, windowed pager,
zero-result help with nationwide online offers, a 2-click Leaflet map and centre pages with
JSON-LD; `make bench` measures it against plain `@search`.
