"""Tests of the content model."""
