"""Written counselling, end-to-end encrypted (issue 14): the protocol layer.

- ``wire.py``: the wire format without cryptography (constants, strict base64url, the
  authenticated byte strings, key ids, ``check_*`` validators) for the server.
- ``reference.py``: the Python reference client (``cryptography``, a test dependency).
- ``static/crypto.js``: the browser module (WebCrypto only), served as
  ``++plone++sozialplattform.counselling/crypto.js``.
- ``vectors.py`` / ``testvectors.json``: the fixed test vectors.

The specification is ``docs/developers/counselling-crypto.md``.
"""
