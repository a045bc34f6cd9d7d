"""Batching parameters of REST requests: checked, and capped for anonymous clients.

plone.restapi's ``HypermediaBatch`` (every batched listing: ``@search``,
``@querystring-search``, folder contents) reads ``b_size``/``b_start`` from the JSON body
or the query string and hands them to ``plone.batching.Batch`` unchecked.

Anonymous requests get at most ``ANONYMOUS_MAX_B_SIZE`` items a page and at most
``ANONYMOUS_MAX_B_SIZE_FULLOBJECTS`` with ``fullobjects``; a larger ``b_size`` is
lowered (the answer's ``batching`` links lead on). Documented in ``docs/api/search.md``.
``@vocabularies`` keeps plone.restapi's documented ``b_size=-1`` ("all terms"): its
terms come from the registry or a control panel, not from the catalog.
"""

from .messages import bad_request
from plone import api
from sozialplattform.site import _
import json


ANONYMOUS_MAX_B_SIZE = 100
ANONYMOUS_MAX_B_SIZE_FULLOBJECTS = 25
#: parameter -> smallest allowed value
MINIMUM = {"b_start": 0, "b_size": 1}


#: the service modules for which ``b_size=-1`` means "unbatched"
UNBATCHED_ALLOWED = ("plone.restapi.services.vocabularies",)


def whole_number(name: str, value, unbatched: bool = False) -> int:
    """``value`` of parameter ``name`` as int, or a BadRequest."""
    number = None
    if isinstance(value, int) and not isinstance(value, bool):
        number = value
    elif isinstance(value, str) and value.strip().isdigit():
        number = int(value)
    elif isinstance(value, str) and value.strip().startswith("-"):
        number = -1
    if unbatched and name == "b_size" and number == -1 and str(value).strip() == "-1":
        return number
    if number is None or number < MINIMUM[name]:
        raise bad_request(
            _(
                "error_batching_parameter",
                default="${name} must be a whole number of at least ${minimum}.",
                mapping={"name": name, "minimum": MINIMUM[name]},
            )
        )
    return number


def check(
    values: dict, anonymous: bool, fullobjects: bool, unbatched: bool = False
) -> bool:
    """Check (and cap) the batching parameters in ``values``; True if changed.

    ``unbatched``: ``b_size=-1`` is allowed (and not capped)."""
    changed = False
    for name in MINIMUM:
        if name in values:
            number = whole_number(name, values[name], unbatched)
            if number == -1:
                continue  # "unbatched", left as sent: plone.restapi compares "-1"
            changed = changed or number != values[name]
            values[name] = number
    if anonymous and str(values.get("b_size")) != "-1":
        cap = ANONYMOUS_MAX_B_SIZE_FULLOBJECTS if fullobjects else ANONYMOUS_MAX_B_SIZE
        if values.get("b_size", 0) > cap:
            values["b_size"] = cap
            changed = True
    return changed


def body_data(request) -> dict | None:
    """The JSON object of the body if it may carry batching parameters, else None."""
    body = request.get("BODY")
    if isinstance(body, str):
        body = body.encode("utf-8", "surrogateescape")
    if not body or not isinstance(body, bytes):
        return None
    if not any(name.encode() in body for name in MINIMUM):
        return None
    try:
        data = json.loads(body)
    except (ValueError, RecursionError):
        return None
    return data if isinstance(data, dict) else None


def check_request(request) -> None:
    """Batching parameters of the query string and of a JSON body."""
    anonymous = api.user.is_anonymous()
    data = body_data(request)
    fullobjects = "fullobjects" in request.form or bool(
        data and data.get("fullobjects")
    )
    published = request.get("PUBLISHED")
    unbatched = any(
        cls.__module__.startswith(UNBATCHED_ALLOWED) for cls in type(published).__mro__
    )
    check(request.form, anonymous, fullobjects, unbatched)
    if data is not None and check(data, anonymous, fullobjects, unbatched):
        request["BODY"] = json.dumps(data).encode("utf-8")
