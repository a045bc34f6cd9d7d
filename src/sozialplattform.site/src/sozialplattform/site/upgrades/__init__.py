"""Upgrade steps, one folder per profile version (see upgrades/configure.zcml)."""
