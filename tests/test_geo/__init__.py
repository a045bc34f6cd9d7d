"""Tests of the geo subpackage (states, postcodes, distances)."""
