"""The room page ``@@video``: staff on the booking, the booker by their secret link.

The page loads nothing from the Jitsi server until the person clicks "Beitreten"
(privacy: their address reaches the video server only then). ``video.js`` then asks
``@jitsi-token`` for the token, loads ``external_api.js`` from the configured domain and
embeds the call with the options of ``embed_options``. Before that the page explains
what is needed and offers a microphone and camera check in the browser.
"""

from datetime import datetime
from Products.Five.browser import BrowserView
from sozialplattform.site import _
from sozialplattform.site.jitsi import access
from sozialplattform.site.jitsi.interfaces import IHasVideoRoom
from sozialplattform.site.jitsi.interfaces import IVideoRoom
from sozialplattform.site.jitsi.settings import get_settings
from sozialplattform.site.timeformat import in_site_zone
from urllib.parse import urlencode
from zope.i18n import translate
import json
import pytz


#: toolbar of the call: no recording, streaming, invite, embedding or sharing links
TOOLBAR = (
    "microphone",
    "camera",
    "desktop",
    "chat",
    "raisehand",
    "tileview",
    "fullscreen",
    "settings",
    "hangup",
)


#: for staff: who waits in the lobby, and the lobby switch
MODERATOR_TOOLBAR = ("participants-pane", "security")


def embed_options(settings, moderator: bool, subject: str = "") -> dict:
    """``configOverwrite`` and ``interfaceConfigOverwrite`` of the IFrame API."""
    toolbar = list(TOOLBAR)
    if settings.audio_only:
        toolbar.insert(2, "videoquality")
    if moderator:
        toolbar[-1:-1] = MODERATOR_TOOLBAR
    config = {
        "prejoinConfig": {"enabled": settings.prejoin},
        "prejoinPageEnabled": settings.prejoin,
        "lobby": {"autoKnock": True, "enableChat": False},
        "deeplinking": {"disabled": True},
        "disableDeepLinking": True,
        "p2p": {"enabled": False},
        "disableThirdPartyRequests": True,
        "analytics": {"disabled": True},
        "gravatar": {"disabled": True},
        "disableInviteFunctions": True,
        "readOnlyName": True,
        "disableProfile": True,
        # the appointment, not the 32 characters of the room name
        "subject": subject,
        "securityUi": {"disableLobbyPassword": True},
        "toolbarButtons": toolbar,
        "recordingService": {"enabled": False},
        "fileRecordingsEnabled": False,
        "liveStreamingEnabled": False,
        "liveStreaming": {"enabled": False},
        "transcription": {"enabled": False},
        "localRecording": {"disable": True},
        "disableAudioLevels": False,
        "defaultLanguage": "de",
        "enableNoAudioDetection": True,
    }
    interface = {
        "SHOW_JITSI_WATERMARK": False,
        "SHOW_WATERMARK_FOR_GUESTS": False,
        "SHOW_BRAND_WATERMARK": False,
        "MOBILE_APP_PROMO": False,
        "HIDE_INVITE_MORE_HEADER": True,
    }
    return {
        "configOverwrite": config,
        "interfaceConfigOverwrite": interface,
        # the server keeps visitors in the waiting room (their token's ``lobby``);
        # staff also switch it on once they are moderator (``toggleLobby``), for a
        # server without that plugin
        "lobby": bool(settings.lobby and moderator),
    }


class VideoRoomView(BrowserView):
    """``<booking>/@@video`` (staff) and ``/Plone/@@video?token=`` (the booker)."""

    video_room = None
    participant = None
    refusal = None
    opens_at = None
    token = None

    def page_title(self):
        return _("heading_video_room", default="Video counselling")

    def __call__(self):
        response = self.request.response
        response.setHeader("Cache-Control", "private, no-store")
        response.setHeader("Referrer-Policy", "no-referrer")
        if IHasVideoRoom.providedBy(self.context):
            self.video_room = IVideoRoom(self.context)
            self.participant = self.video_room.staff_participant()
        else:
            self.token = self.request.form.get("token")
            found = access.by_token(self.token)
            if found is not None:
                self.video_room, self.participant = found
        if self.video_room is None:
            response.setStatus(404)
            self.refusal = access.BAD_TOKEN
            return self.index()
        try:
            access.admit(self.video_room, self.participant, datetime.now(pytz.utc))
        except access.Refused as refused:
            self.refusal = refused.message
            self.opens_at = refused.opens_at
            if refused.opens_at is None:
                response.setStatus(refused.status)
        return self.index()

    @property
    def settings(self):
        return get_settings()

    def refusal_text(self) -> str:
        return translate(self.refusal, context=self.request) if self.refusal else ""

    def can_join(self) -> bool:
        return self.refusal is None

    def can_check_devices(self) -> bool:
        """The device check works before the room opens, too."""
        return self.refusal is None or self.opens_at is not None

    def when(self) -> str:
        start, end = self.video_room.opens, self.video_room.closes
        if start is None:
            return ""
        start = in_site_zone(start)
        text = f"{start:%d.%m.%Y}, {start:%H:%M}"
        if end is not None:
            text += f"–{in_site_zone(end):%H:%M}"
        return text

    def token_url(self) -> str:
        if self.token is not None:
            portal = self.context.absolute_url()
            return f"{portal}/++api++/@jitsi-token?{urlencode({'token': self.token})}"
        return f"{self.context.absolute_url()}/++api++/@jitsi-token"

    def is_moderator(self) -> bool:
        return bool(self.participant and self.participant.moderator)

    def options_json(self) -> str:
        return json.dumps(
            embed_options(self.settings, self.is_moderator(), self.video_room.title)
        )

    def unprotected_warning(self) -> str:
        """For staff only: the rooms are unprotected without a secret."""
        if not self.is_moderator() or self.settings.protected:
            return ""
        from sozialplattform.site.jitsi.controlpanel import UNPROTECTED

        return translate(UNPROTECTED, context=self.request)
