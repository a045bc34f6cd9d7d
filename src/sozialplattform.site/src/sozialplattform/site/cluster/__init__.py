"""Several Zope instances on one PostgreSQL database (RelStorage) behind HAProxy.

- ``postgres``: a throw-away PostgreSQL server (development, tests, ``make postgres``).
- ``run``: ``make start-cluster``: the database (throw-away unless
  ``SOZIALPLATTFORM_PG_DSN`` names one), the site created once, N instances on
  consecutive ports rendered from the ``relstorage`` profile and HAProxy in front.
- ``backup``: ``make backup`` / ``make restore`` (repozo for FileStorage and blobs,
  pg_dump / pg_restore for RelStorage).

Plain Python, no ZCML: the test layers (``testing.py``) and the Makefile use it.
"""
