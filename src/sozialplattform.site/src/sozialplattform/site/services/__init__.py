"""plone.restapi services, one folder per service."""
