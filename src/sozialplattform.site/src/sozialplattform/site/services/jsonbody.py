"""JSON request bodies nested too deeply for ``json.loads``.

plone.restapi's ``json_body`` (used by every service, ours and Plone's) catches the
``ValueError`` of invalid JSON but not the ``RecursionError`` of a body such as 100,000
nested lists, which became a 500. plone.restapi's PAS plugin already parses JSON bodies
while authenticating (at the end of traversal), so such a body is refused with 400 when
traversal enters the site, before anything reads it.
"""

from plone.rest.events import mark_as_api_request
from plone.rest.interfaces import IAPIRequest
from Products.CMFCore.interfaces import ISiteRoot
from sozialplattform.site import _
from zExceptions import BadRequest
from zope.component import adapter
from zope.i18n import translate
from zope.traversing.interfaces import IBeforeTraverseEvent
import re


#: Far beyond any body the site's services take, far below Python's recursion limit.
MAX_JSON_DEPTH = 100
_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)
_NOT_BRACKET = re.compile(r"[^\[\]{}]+")
TOO_DEEP = _(
    "error_json_too_deep",
    default="The JSON body is nested too deeply (at most ${depth} levels).",
    mapping={"depth": MAX_JSON_DEPTH},
)


def json_depth(text: str) -> int:
    """The deepest nesting of ``[`` and ``{`` in ``text``, outside JSON strings."""
    brackets = _NOT_BRACKET.sub("", _STRING.sub('""', text))
    depth = deepest = 0
    for char in brackets:
        depth += 1 if char in "[{" else -1
        deepest = max(deepest, depth)
    return deepest


@adapter(ISiteRoot, IBeforeTraverseEvent)
def refuse_deep_json(site, event) -> None:
    request = event.request
    if "json" not in (request.getHeader("Content-Type") or "").lower():
        return
    body = request.get("BODY") or b""
    if isinstance(body, str):
        body = body.encode("utf-8", errors="replace")
    if body.count(b"[") + body.count(b"{") <= MAX_JSON_DEPTH:
        return  # cannot be too deep: skip the scan
    text = body.decode("utf-8", errors="replace")
    if json_depth(text) > MAX_JSON_DEPTH:
        if not IAPIRequest.providedBy(request):
            # ++api++ (which marks the request) is not traversed yet: answer JSON
            mark_as_api_request(request, request.getHeader("Accept", "text/html"))
        raise BadRequest(translate(TOO_DEEP, context=request))
