"""Several instances on one PostgreSQL database, backup and restore."""
