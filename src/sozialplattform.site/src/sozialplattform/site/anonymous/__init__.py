"""What every container and service that takes anonymous writes needs.

Interest form today, bookings (``@book``) and counselling conversations next:

- ``containers``: an unordered BTree container and a random id chooser, so concurrent
  submissions never write the same persistent object (no ``ConflictError`` hotspot);
- ``throttle``: an in-process per-client rate limit answering HTTP 429 in German;
- ``honeypot``: a field humans never see or fill, plus a minimum fill time;
- ``serialize``: POSTs to a registered path run one at a time per process.

The text-index postings that merge on concurrent additions are a core override:
``overrides.textindex``.
"""
