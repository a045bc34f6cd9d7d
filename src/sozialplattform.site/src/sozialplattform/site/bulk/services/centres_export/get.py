"""GET /beratungsstellen/<state>/@centres-export?format=csv|json (and on /beratungsstellen)."""

from plone.restapi.services import Service
from sozialplattform.site import _
from sozialplattform.site.bulk.exporter import export_records
from sozialplattform.site.bulk.exporter import file_name
from sozialplattform.site.bulk.exporter import render
from sozialplattform.site.bulk.reader import FORMATS
from zExceptions import BadRequest
from zope.i18n import translate


CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "json": "application/json; charset=utf-8",
}


class CentresExportGet(Service):
    """The centres the user may view below the context, as a file to download."""

    def render(self):
        self.check_permission()
        format = self.request.form.get("format", "json")
        if format not in FORMATS:
            raise BadRequest(
                translate(
                    _(
                        "error_export_format",
                        default='Parameter format: use "csv" or "json".',
                    ),
                    context=self.request,
                )
            )
        body = render(export_records(self.context, restricted=True), format)
        response = self.request.response
        response.setHeader("Content-Type", CONTENT_TYPES[format])
        response.setHeader(
            "Content-Disposition",
            f'attachment; filename="{file_name(self.context, format)}"',
        )
        return body
