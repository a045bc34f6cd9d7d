`docs/developers/layout.md` describes the new tree (functions, overrides, mail, retention, maintenance, shared helpers) and says where a new function such as booking or counselling plugs in.
