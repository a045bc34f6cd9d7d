"""POST @purge-onboarding-requests."""
