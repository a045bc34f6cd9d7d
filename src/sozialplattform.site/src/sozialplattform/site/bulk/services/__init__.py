"""REST services of the bulk import/export, one folder per endpoint."""
