"""GET @finder: the Beratungsstellenfinder for headless clients."""
