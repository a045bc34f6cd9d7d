"""The ad-hoc video call of a conversation (``jitsi``): the conversation side of it.

``POST <conversation>/@conversation-video`` gives the conversation a room and the time
of the offer; the room may be used for ``VIDEO_HOURS`` from then while the conversation
is open and online counselling is available at the centre. Staff (permission "Read
conversations") join as moderators through ``<conversation>/@jitsi-token`` and
``<conversation>/@@video``; the seeker through ``/Plone/@jitsi-token?token=`` and
``/Plone/@@video?token=`` with the conversation's token (``ConversationRoomLookup``).
"""

from datetime import datetime
from datetime import timedelta
from sozialplattform.site import _
from sozialplattform.site.counselling import OPEN
from sozialplattform.site.counselling.conversations import by_token
from sozialplattform.site.counselling.conversations import centre_of
from sozialplattform.site.counselling.conversations import VIDEO_HOURS
from sozialplattform.site.functions import COUNSELLING
from sozialplattform.site.functions.gating import available
from sozialplattform.site.jitsi.interfaces import IVideoRoom
from sozialplattform.site.jitsi.interfaces import IVideoRoomLookup
from sozialplattform.site.jitsi.rooms import Participant
from sozialplattform.site.jitsi.rooms import staff_participant
from sozialplattform.site.permissions import READ_CONVERSATIONS
from zope.globalrequest import getRequest
from zope.i18n import translate
from zope.interface import implementer


TITLE = _("counselling_video_title", default="Online counselling")
CLOSED_CONVERSATION = _(
    "counselling_video_closed",
    default="This conversation has ended; its video call is closed.",
)
NOT_AVAILABLE = _(
    "counselling_video_not_available",
    default="This counselling centre does not offer video counselling on the platform.",
)
SEEKER_NAME = _("counselling_video_seeker", default="Person seeking advice")


@implementer(IVideoRoom)
class ConversationVideoRoom:
    """The ad-hoc video room of a conversation."""

    def __init__(self, conversation):
        self.conversation = conversation

    @property
    def room(self) -> str | None:
        return getattr(self.conversation, "video_room", None)

    @property
    def opens(self):
        offered = getattr(self.conversation, "video_offered", None)
        return datetime.fromisoformat(offered) if offered else None

    @property
    def closes(self):
        opens = self.opens
        return opens + timedelta(hours=VIDEO_HOURS) if opens else None

    @property
    def title(self) -> str:
        return translate(TITLE, context=getRequest())

    def available(self):
        if self.conversation.state != OPEN:
            return CLOSED_CONVERSATION
        centre = centre_of(self.conversation)
        if centre is None or not available(centre)[COUNSELLING.name]:
            return NOT_AVAILABLE
        return None

    def staff_participant(self) -> Participant | None:
        return staff_participant(READ_CONVERSATIONS, self.conversation)


@implementer(IVideoRoomLookup)
class ConversationRoomLookup:
    """Opens a conversation's room by the seeker's token."""

    def lookup(self, token):
        conversation = by_token(token)
        if conversation is None or not conversation.video_room:
            return None
        # a neutral name: the pseudonym stays between the seeker and the centre and
        # does not go to the Jitsi server (its logs, other participants' clients)
        name = translate(SEEKER_NAME, context=getRequest())
        return ConversationVideoRoom(conversation), Participant(name=name)


CONVERSATION_ROOM_LOOKUP = ConversationRoomLookup()
