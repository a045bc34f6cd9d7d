"""Request start and batching: guards that run before a view or service does.

``forget_previous_user`` (IPubStart)
    ZPublisher processes the request's inputs *before* it resets the security manager
    (``WSGIPublisher.publish``: ``processInputs()`` then ``noSecurityManager()``), so an
    error in the inputs is rendered with the user of the previous request in the same
    thread: after a Manager's request, anonymous visitors got plone.rest's and Plone's
    tracebacks. The user is forgotten at the start of every request instead.

``mark_api_request`` (IPubStart)
    plone.rest marks a request as API request at the start only from its ``Accept``
    header; ``++api++`` marks it during traversal, too late for ZPublisher, which
    already treats a PATCH/DELETE as WebDAV and then fails (500/503 ``KeyError`` /
    ``PATCH_application_json_``). A path with ``++api++`` is marked at the start.

``refuse_multipart_without_boundary`` (IPubStart)
    ``multipart/form-data`` without ``boundary`` ends in a ``KeyError`` (503) inside
    ``ZPublisher.HTTPRequest.ZopeFieldStorage``; an empty boundary is refused by the
    multipart parser as BadRequest (400), so a missing one is made empty.

``check_json_body`` (IBeforeTraverseEvent of the site)
    plone.restapi's JWT plugin reads the JSON body of *every* request while PAS
    authenticates it (``extractCredentials``): a ``login`` that is no string ended in
    a TypeError inside ``PluggableAuthService.applyTransform`` and a deeply nested body
    (``[[[[...]]]]``, 100,000 levels) in a RecursionError, both 500 on any URL before
    any service ran. Such bodies are refused before authentication.

``check_batching`` (IPubAfterTraversal, API requests)
    ``b_size``/``b_start`` reach ``plone.batching.Batch`` unchecked from every batched
    REST listing (``-1`` → AssertionError 500, ``0`` → all items) and anonymous
    clients could ask for any number of full objects. Both must be whole numbers,
    ``b_size`` at least 1, ``b_start`` at least 0; for anonymous requests ``b_size`` is
    capped (see ``batching``). The project's own services keep their own checks.
"""

from . import batching
from .messages import bad_request
from AccessControl.SecurityManagement import noSecurityManager
from multipart import parse_options_header
from plone.rest.events import mark_as_api_request
from plone.rest.interfaces import IAPIRequest
from plone.restapi.deserializer import json_body
from plone.restapi.exceptions import DeserializationError
from sozialplattform.site import _


def forget_previous_user(event) -> None:
    noSecurityManager()


def mark_api_request(event) -> None:
    request = event.request
    if IAPIRequest.providedBy(request):
        return
    if "/++api++" in (request.environ.get("PATH_INFO") or ""):
        mark_as_api_request(request, "application/json")


def refuse_multipart_without_boundary(event) -> None:
    environ = event.request.environ
    content_type, options = parse_options_header(environ.get("CONTENT_TYPE") or "")
    if content_type.lower() == "multipart/form-data" and "boundary" not in options:
        environ["CONTENT_TYPE"] += '; boundary=""'


def check_json_body(site, event) -> None:
    request = event.request
    body = request.get("BODY")
    if not body or not isinstance(body, bytes) or body.lstrip()[:1] not in (b"{", b"["):
        return
    try:
        data = json_body(request)
    except RecursionError as error:
        raise bad_request(
            _("error_json_too_deep", default="The JSON body is nested too deeply.")
        ) from error
    except DeserializationError:
        return  # not JSON, or no object: the service decides
    # The JWT plugin takes credentials from bodies sent as exactly application/json.
    credentials = [data[key] for key in ("login", "password") if key in data]
    if len(credentials) == 2 and not all(isinstance(v, str) for v in credentials):
        raise bad_request(
            _("error_login_strings", default="login and password must be strings.")
        )


def check_batching(event) -> None:
    request = event.request
    if IAPIRequest.providedBy(request) and not checks_own_batching(request):
        batching.check_request(request)


def checks_own_batching(request) -> bool:
    """The project's own services (``@finder``) check their parameters themselves,
    with their own limits and messages; core services overridden here do not."""
    # plone:service registers a generated subclass: look at the whole MRO.
    modules = [cls.__module__ for cls in type(request.get("PUBLISHED")).__mro__]
    overrides = __name__.rpartition(".")[0]
    return any(m.startswith("sozialplattform.") for m in modules) and not any(
        m.startswith(overrides) for m in modules
    )
