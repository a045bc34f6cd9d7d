One convention for REST code: a feature's endpoints live in `<feature>/services/<endpoint>/`
(plone.restapi's layout), every override of Plone/plone.restapi behaviour in `overrides/`,
every permission in `permissions.zcml` with constants in `permissions.py`; one reason rule
for transitions, one settings control-panel deserializer, and `@finder` batching through
plone.restapi's `HypermediaBatch` (see `docs/developers/rest.md`).
