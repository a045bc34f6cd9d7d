"""``@history`` of content: a bad version is a 400/404, not a 500.

plone.restapi passes the version on unchecked: ``PATCH @history`` hands ``version`` to
``portal_repository.revert`` ("x" fails with a ValueError, an unknown or purged number with
ArchivistRetrieveError), ``GET @history/<version>`` hands the path segment to the
serializer (the same two errors). Both were 500s; no upstream issue covers them yet.
"""

from .messages import bad_request
from .messages import text
from plone import api
from plone.restapi.deserializer import json_body
from plone.restapi.serializer.converters import json_compatible
from plone.restapi.services.history.get import HistoryGet
from plone.restapi.services.history.patch import HistoryPatch
from plone.restapi.services.history.patch import revert
from sozialplattform.site import _
from sozialplattform.site.content.deserializer import field_error
from zExceptions import BadRequest
from zExceptions import NotFound


def stored_versions(context) -> set[int]:
    """The version ids of ``context`` still held by the repository (not purged)."""
    history = api.portal.get_tool("portal_repository").getHistoryMetadata(context)
    if not history:
        return set()
    return {
        history.getVersionId(position, False)
        for position in range(history.getLength(countPurged=False))
    }


NOT_A_NUMBER = _("error_version_number", default="Give the number of a version.")


def unknown_version(version: int) -> NotFound:
    return NotFound(
        text(
            _(
                "error_version_unknown",
                default="Version ${version} does not exist (any more).",
                mapping={"version": version},
            )
        )
    )


class CentreHistoryPatch(HistoryPatch):
    """Revert to a version: 400 for a version that is no integer, 404 for an unknown one.

    A valid version is reverted by plone.restapi's own ``revert``.
    """

    def reply(self):
        body = json_body(self.request)
        version = body.get("version") if isinstance(body, dict) else None
        if isinstance(version, str) and version.strip().isdigit():
            version = int(version)
        if isinstance(version, bool) or not isinstance(version, int):
            raise BadRequest([field_error("version", NOT_A_NUMBER, self.request)])
        if version not in stored_versions(self.context):
            raise unknown_version(version)
        return json_compatible(revert(self.context, version))


class CheckedHistoryGet(HistoryGet):
    """GET @history/<version>: 400 for a version that is no number, 404 for an unknown one."""

    def reply(self):
        if self.version:
            version = self.version.strip()
            if not version.isdigit() or not version.isascii():
                raise bad_request(NOT_A_NUMBER)
            if int(version) not in stored_versions(self.context):
                raise unknown_version(int(version))
            self.version = int(version)
        return super().reply()
