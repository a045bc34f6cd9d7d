"""Tests of the Beratungsstellenfinder."""
