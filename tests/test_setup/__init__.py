"""Tests of sozialplattform.site."""
