"""GET @history/<version>: 400 for a version that is no number, 404 for an unknown one.

plone.restapi hands the path segment to the serializer, which fails with ValueError ("abc")
or ArchivistRetrieveError (99999): both were 500s.
"""

from plone.restapi.services.history.get import HistoryGet
from sozialplattform.site import _
from sozialplattform.site.content.history import stored_versions
from zExceptions import BadRequest
from zExceptions import NotFound
from zope.i18n import translate


class CheckedHistoryGet(HistoryGet):
    def reply(self):
        if self.version:
            version = self.version.strip()
            if not version.isdigit() or not version.isascii():
                raise BadRequest(
                    translate(
                        _(
                            "error_version_number",
                            default="Give the number of a version.",
                        ),
                        context=self.request,
                    )
                )
            if int(version) not in stored_versions(self.context):
                raise NotFound(
                    translate(
                        _(
                            "error_version_unknown",
                            default="Version ${version} does not exist (any more).",
                            mapping={"version": int(version)},
                        ),
                        context=self.request,
                    )
                )
            self.version = int(version)
        return super().reply()
