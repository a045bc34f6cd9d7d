"""REST services of the onboarding, one folder per endpoint."""
