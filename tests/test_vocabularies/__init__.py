"""Tests of the editable vocabularies (sozialplattform.site.vocabularies)."""
