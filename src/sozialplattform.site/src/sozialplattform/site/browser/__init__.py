"""Classic UI views and static resources of the Sozialplattform."""
