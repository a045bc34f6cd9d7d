"""REST services of the finder, one folder per endpoint."""
