"""Guards around Plone core, Zope and plone.restapi behaviour reached through the site.

Every module here changes one upstream behaviour that answered bad client input with a
500 (or a traceback); each says what it changes and why. Registered in ``configure.zcml``
of this package, mostly as adapters, subscribers and service overrides for the browser
layer. The only global changes are ``converters`` (Zope's form converters) and
``textindex`` (ZCTextIndex postings that merge on concurrent additions), see there.

- ``publication``: request start (no user of the previous request, ``++api++`` marked
  before traversal, multipart bodies without boundary) and batching parameters.
- ``converters``: ``name:int=abc`` and friends are a 400, not a 500.
- ``errors``: plone.restapi's ``DeserializationError`` is a 400.
- ``search``: catalog queries of ``@search`` (sort, text, dates, numbers).
- ``querystring``: ``@querystring-search`` body validation.
- ``login``, ``users``, ``sharing``: single-service fixes.
- ``ownership``: reading an item's creators does not write.
- ``textindex``: no conflict hotspot in the text indexes for concurrent submissions.
"""

from . import converters
from . import textindex


converters.install()
textindex.install()
