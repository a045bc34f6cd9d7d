"""Classic UI views of the self-service: confirm data, recent changes of a State."""

from DateTime import DateTime
from datetime import date
from plone import api
from plone.protect import CheckAuthenticator
from Products.Five.browser import BrowserView
from sozialplattform.site import _
from sozialplattform.site.content.changes import recent_changes
from sozialplattform.site.timeformat import site_date
from sozialplattform.site.timeformat import site_time
from zope.lifecycleevent import modified


def confirm_data(centre) -> date:
    """ "Daten sind aktuell": record today as last_reviewed (saved as a version)."""
    centre.last_reviewed = date.today()
    modified(centre)
    return centre.last_reviewed


class ConfirmDataView(BrowserView):
    """GET shows the confirmation, POST records it."""

    def __call__(self):
        if self.request.method == "POST" and self.request.form.get("form.confirm"):
            CheckAuthenticator(self.request)
            confirm_data(self.context)
            api.portal.show_message(
                _(
                    "msg_data_confirmed",
                    default="Thank you: the data is confirmed as current.",
                ),
                request=self.request,
            )
            return self.request.response.redirect(self.context.absolute_url())
        return self.index()


class RecentChangesView(BrowserView):
    """Latest changes to centres and offers of a State, newest first."""

    def items(self):
        """The service's records plus German date texts in the site's time zone."""
        items = []
        for item in recent_changes(self.context):
            items.append(
                dict(
                    item,
                    modified_text=site_time(DateTime(item["modified"])),
                    last_reviewed_text=site_date(item["last_reviewed"]),
                )
            )
        return items
