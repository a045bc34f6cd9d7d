"""REST services of the bulk import/export."""
