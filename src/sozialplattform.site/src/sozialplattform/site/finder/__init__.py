"""Beratungsstellenfinder: catalog-driven search by place, radius, topic and filters."""
