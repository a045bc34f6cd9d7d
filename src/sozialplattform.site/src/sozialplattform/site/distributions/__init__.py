"""The `sozialplattform` distribution: site creation handlers and example content."""
