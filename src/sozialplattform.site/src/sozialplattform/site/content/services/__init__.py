"""REST services of the content types, one folder per endpoint."""
