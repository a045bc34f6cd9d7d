"""GET @centres-export."""
