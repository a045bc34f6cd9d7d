"""PATCH @history of centres and offers: a bad version is a 400/404, not a 500.

plone.restapi passes ``version`` straight to ``portal_repository.revert``: "x" fails with a
ValueError, an unknown (or purged) number with ArchivistRetrieveError.
"""

from plone import api
from plone.restapi.deserializer import json_body
from plone.restapi.serializer.converters import json_compatible
from plone.restapi.services.history.patch import HistoryPatch
from plone.restapi.services.history.patch import revert
from sozialplattform.site import _
from zExceptions import BadRequest
from zExceptions import NotFound
from zope.i18n import translate


def stored_versions(context) -> set[int]:
    """The version ids of ``context`` still held by the repository (not purged)."""
    history = api.portal.get_tool("portal_repository").getHistoryMetadata(context)
    if not history:
        return set()
    return {
        history.getVersionId(position, False)
        for position in range(history.getLength(countPurged=False))
    }


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
            raise BadRequest(
                [
                    {
                        "field": "version",
                        "message": translate(
                            _(
                                "error_version_number",
                                default="Give the number of a version.",
                            ),
                            context=self.request,
                        ),
                        "error": "ValidationError",
                    }
                ]
            )
        if version not in stored_versions(self.context):
            raise NotFound(
                translate(
                    _(
                        "error_version_unknown",
                        default="Version ${version} does not exist (any more).",
                        mapping={"version": version},
                    ),
                    context=self.request,
                )
            )
        return json_compatible(revert(self.context, version))
