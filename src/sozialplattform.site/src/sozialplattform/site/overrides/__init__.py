"""Every override of Plone core, Zope and plone.restapi behaviour reached through the site.

Each module changes one upstream behaviour and says which and why, naming the upstream
issue where there is one; most answered bad client input with a 500 (or a traceback).
Registered in ``configure.zcml`` of this package, mostly as adapters, subscribers and
service overrides for the browser layer. The only global changes are ``converters``
(Zope's form converters) and ``textindex`` (ZCTextIndex postings that merge on concurrent
additions), see there. A feature's own endpoints are not here but in
``<feature>/services/<endpoint>/`` (``docs/developers/rest.md``).

- ``publication``: request start (no user of the previous request, ``++api++`` marked
  before traversal, multipart bodies without boundary) and batching parameters.
- ``converters``: ``name:int=abc`` and friends are a 400, not a 500.
- ``errors``: field errors of a 400 as JSON; ``DeserializationError`` is a 400.
- ``search``, ``classic_search``: catalog queries of ``@search`` and ``@@search``.
- ``querystring``: ``@querystring-search`` body validation.
- ``parameters``: parameters core views and services convert unchecked.
- ``add``, ``copymove``: adding content with string keys; refused pastes as 400/403.
- ``history``: ``@history`` versions that are no number or unknown: 400/404.
- ``workflow``, ``status_modify``: ``@workflow`` and ``content_status_modify`` with
  400/401, the reason rule (``content.workflow``), nothing changed on a refusal.
- ``locking``: ``@lock`` details for editors; one's own lock never blocks oneself.
- ``login``, ``users``, ``accounts``, ``sharing``: ``@login``, ``@users`` (the account
  rules of ``accounts``), ``@sharing``.
- ``controlpanels``: the site's ``@controlpanels`` need "Manage settings" to change.
- ``ownership``: reading an item's creators does not write.
- ``textindex``: no conflict hotspot in the text indexes for concurrent submissions.
"""

from . import converters
from . import textindex


converters.install()
textindex.install()
