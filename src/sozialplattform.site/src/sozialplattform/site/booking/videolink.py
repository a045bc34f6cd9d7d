"""The booking's own page offers its staff "Video-Beratung starten" (a viewlet)."""

from plone import api
from plone.app.layout.viewlets import ViewletBase
from Products.Five.browser.pagetemplatefile import ViewPageTemplateFile
from sozialplattform.site.booking import calendar
from sozialplattform.site.booking import video
from sozialplattform.site.permissions import MANAGE_BOOKINGS


class VideoLinkViewlet(ViewletBase):
    index = ViewPageTemplateFile("templates/videolink.pt")

    def video_url(self) -> str | None:
        booking = self.context
        if calendar.review_state(booking) != "confirmed":
            return None
        if not api.user.has_permission(MANAGE_BOOKINGS, obj=booking):
            return None
        if not video.offers_room(booking):
            return None
        return f"{booking.absolute_url()}/@@video"

    def render(self):
        return self.index() if self.video_url() else ""
