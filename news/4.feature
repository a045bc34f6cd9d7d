Beratungsstellenfinder: `GET @finder` (postcode/place/lat+lon with radius, German full text,
disjunctive facets, batching) and the finder page with front-page search form, filters,
pagination, zero-result help, a 2-click Leaflet map and centre pages with JSON-LD;
`make bench` measures it against plain `@search`.
