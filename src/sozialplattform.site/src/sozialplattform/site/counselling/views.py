"""The pages of the written counselling (issue 14): thin views, the work is in the browser.

Every message and attachment is encrypted and decrypted by ``static/crypto.js`` in the
participants' browsers; these views only render the page frame with the addresses of
the REST endpoints (``docs/api/counselling.md``) as ``data-`` attributes:

- ``<centre>/@@online-counselling`` (``functions.COUNSELLING.view``): the seeker's start
  page, the emergency notice and the form; ``static/seeker.js`` creates the conversation
  and shows the secret link once.
- ``/Plone/@@beratung#<token>.<key>``: the seeker's conversation. The key is in the
  fragment, which never reaches the server; the page reads it with ``location.hash``.
- ``<centre>/beratung`` (the ``ConversationFolder``'s ``view``): the counsellors'
  inbox, key set-up and unlock, granting colleagues access; ``static/counsellor.js``.
- ``<conversation>`` (its ``view``): the counsellor's side of a conversation.

Pages with a token or key send ``Cache-Control: private, no-store`` and
``Referrer-Policy: no-referrer``.
"""

from plone import api
from Products.Five.browser import BrowserView
from sozialplattform.site import _
from sozialplattform.site.booking.mails import privacy_url
from sozialplattform.site.content.types import containing_centre
from sozialplattform.site.counselling import conversations
from sozialplattform.site.counselling.keys import counsellor_ids
from sozialplattform.site.functions import COUNSELLING
from sozialplattform.site.functions.gating import available
from sozialplattform.site.functions.gating import links
from sozialplattform.site.permissions import MANAGE_COUNSELLING
from zope.i18n import translate
from zope.interface import implementer
from zope.interface import Interface
from zope.viewlet.interfaces import IViewlet
import json


#: attachments per message and their types (crypto.js checks the 10 MiB)
MAX_ATTACHMENTS = 3
ACCEPT = ".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"
PSEUDONYM_LENGTH = 60


def private_headers(request) -> None:
    response = request.response
    response.setHeader("Cache-Control", "private, no-store")
    response.setHeader("Referrer-Policy", "no-referrer")


class INoWebStatistics(Interface):
    """A page without the site's web statistics snippets (``webstats_js``,
    ``webstats_head_js``): trackers send ``location.href``, whose fragment is the
    seeker's key."""


@implementer(IViewlet)
class NoAnalyticsViewlet(BrowserView):
    """Replaces ``plone.analytics`` and ``plone.analytics.head`` on these pages."""

    def __init__(self, context, request, view, manager):
        super().__init__(context, request)
        self.__parent__ = view
        self.view = view
        self.manager = manager

    def update(self):
        pass

    def render(self):
        return ""


@implementer(INoWebStatistics)
class CounsellingPage(BrowserView):
    """What every counselling page needs: the portal and the static resources."""

    def portal_url(self) -> str:
        return api.portal.get().absolute_url()

    def static_url(self, name: str) -> str:
        return f"{self.portal_url()}/++plone++sozialplattform.counselling/{name}"

    def max_attachments(self) -> int:
        return MAX_ATTACHMENTS

    def accept(self) -> str:
        return ACCEPT


class StartView(CounsellingPage):
    """``<centre>/@@online-counselling``: a seeker writes to the centre."""

    unavailable = False

    def page_title(self):
        return _("heading_counselling_start", default="Write to us")

    def __call__(self):
        private_headers(self.request)
        if not available(self.context)[COUNSELLING.name]:
            self.unavailable = True
            self.request.response.setStatus(404)
        return self.index()

    def external_url(self) -> str | None:
        if not self.unavailable:
            return None
        return links(self.context, self.request).get(COUNSELLING.name)

    def api_url(self) -> str:
        return f"{self.context.absolute_url()}/++api++"

    def topics(self) -> list[dict]:
        """The centre's topics (none: the form asks for none)."""
        return [
            {
                "token": topic["token"],
                "title": translate(topic["title"], context=self.request),
            }
            for topic in conversations.topics(self.context)
        ]

    def privacy_url(self) -> str:
        return privacy_url(self.context)

    def pseudonym_length(self) -> int:
        return PSEUDONYM_LENGTH


class SeekerView(CounsellingPage):
    """``/Plone/@@beratung#<token>.<key>``: the seeker's conversation."""

    def page_title(self):
        return _("heading_counselling_conversation", default="Your conversation")

    def __call__(self):
        private_headers(self.request)
        return self.index()

    def api_url(self) -> str:
        return f"{self.portal_url()}/++api++"


class CounsellorPage(CounsellingPage):
    """The counsellors' pages: the centre and the signed-in user."""

    def __call__(self):
        private_headers(self.request)
        return self.index()

    def centre(self):
        return containing_centre(self.context)

    def user_id(self) -> str:
        return api.user.get_current().getId() or ""

    def keys_url(self) -> str:
        return f"{self.portal_url()}/++api++/@counselling-keys/me"


class InboxView(CounsellorPage):
    """``<centre>/beratung``: the inbox of the centre's counsellors."""

    def page_title(self):
        return _("heading_counselling_inbox", default="Online counselling: inbox")

    def api_url(self) -> str:
        return f"{self.context.absolute_url()}/++api++"

    def settings_url(self) -> str | None:
        folder = self.context
        if api.user.has_permission(MANAGE_COUNSELLING, obj=folder) or (
            api.user.has_permission("Modify portal content", obj=folder)
        ):
            return f"{folder.absolute_url()}/edit"
        return None


class ConversationView(CounsellorPage):
    """``<conversation>``: a counsellor reads and answers."""

    def page_title(self):
        return _("heading_counselling_conversation_staff", default="Conversation")

    def api_url(self) -> str:
        return f"{self.context.absolute_url()}/++api++"

    def inbox_url(self) -> str:
        return self.context.__parent__.absolute_url()

    def counsellors(self) -> list[dict]:
        """The centre's counsellors (id and name), the user among them: whom the
        server lets in (``keys.counsellor_ids``: also inherited, groups expanded)."""
        centre = self.centre()
        if centre is None:
            return []
        found = []
        for user_id in counsellor_ids(centre):
            user = api.user.get(userid=user_id)
            if user is None:
                continue
            title = user.getProperty("fullname") or user_id
            found.append({"id": user_id, "title": title})
        return sorted(found, key=lambda item: item["title"].lower())

    def colleagues(self) -> list[dict]:
        """The others, for "hand over"."""
        me = self.user_id()
        return [item for item in self.counsellors() if item["id"] != me]

    def counsellors_json(self) -> str:
        return json.dumps(self.counsellors())

    def pseudonym(self) -> str:
        return getattr(self.context, "pseudonym", "") or ""

    def topic_title(self) -> str:
        topic = getattr(self.context, "topic", None)
        if not topic:
            return ""
        return translate(
            conversations.topic_title(self.centre(), topic), context=self.request
        )

    def seen(self) -> int:
        """The counsellors' read cursor: later messages are marked "new"."""
        return int(getattr(self.context, "counsellor_read_cursor", 0) or 0)

    def video_url(self) -> str:
        return f"{self.context.absolute_url()}/@@video"
