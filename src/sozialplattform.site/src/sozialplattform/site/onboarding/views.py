"""Classic UI views: the "Anbindung" page, the request view, purge."""

from plone import api
from plone.dexterity.browser.view import DefaultView
from plone.protect import CheckAuthenticator
from Products.Five.browser import BrowserView
from sozialplattform.site import _
from sozialplattform.site.content.addressforms import UnprefixedSharedFields
from sozialplattform.site.content.structure import FOLDER_ID as CENTRE_FOLDER_ID
from sozialplattform.site.functions import all_functions
from sozialplattform.site.geo import STATES
from sozialplattform.site.onboarding import DOWNLOADS_ID
from sozialplattform.site.onboarding import FORM_ID
from sozialplattform.site.onboarding import WORKFLOW_ID
from sozialplattform.site.onboarding.retention import expired_requests
from sozialplattform.site.onboarding.retention import purge_expired_requests
from sozialplattform.site.timeformat import site_time
from zope.i18n import translate


def state_overview(portal) -> list[dict]:
    """Each State's responsible person and functions, in the order of ``geo.STATES``.

    Read unrestricted: the contact fields are published on purpose.
    """
    folder = portal.get(CENTRE_FOLDER_ID)
    rows = []
    for german_state in STATES:
        state = folder.get(german_state.id) if folder is not None else None
        if state is None:
            continue
        rows.append(
            {
                "id": german_state.id,
                "title": state.title,
                "contact_name": state.contact_name or "",
                "contact_email": state.contact_email or "",
                "contact_phone": state.contact_phone or "",
                "booking": bool(state.booking_participation),
                "counselling": bool(state.counselling_participation),
            }
        )
    return rows


class AnbindungView(BrowserView):
    """``@@anbindung``: how a centre gets connected, and who is responsible where."""

    def page_title(self):
        return _("heading_onboarding_page", default="Connecting counselling centres")

    def portal_url(self) -> str:
        return api.portal.get().absolute_url()

    def states(self) -> list[dict]:
        return state_overview(api.portal.get())

    def form_url(self) -> str | None:
        form = api.portal.get().get(FORM_ID)
        return form.absolute_url() if form is not None else None

    def downloads_url(self) -> str:
        return f"{self.portal_url()}/{DOWNLOADS_ID}"

    def function_titles(self) -> list[str]:
        """Finder & self-service, online booking, online counselling (translated)."""
        return [
            translate(function.title, context=self.request)
            for function in all_functions()
        ]


class RequestView(UnprefixedSharedFields, DefaultView):
    """An OnboardingRequest with its fields, notes and complete workflow history."""

    def history(self) -> list[dict]:
        """Every transition: when, who, what, comment; oldest first."""
        workflow = api.portal.get_tool("portal_workflow")[WORKFLOW_ID]
        entries = []
        for entry in self.context.workflow_history.get(WORKFLOW_ID, ()):
            actor = entry.get("actor") or ""
            user = api.user.get(userid=actor) if actor else None
            state = workflow.states.get(entry.get("review_state"))
            action = entry.get("action")
            transition = workflow.transitions.get(action) if action else None
            entries.append(
                {
                    "time": site_time(entry["time"]),
                    "actor": (user.getProperty("fullname") if user else "") or actor,
                    "transition": transition.title if transition else "",
                    "state": state.title if state else entry.get("review_state"),
                    "comment": entry.get("comments") or "",
                }
            )
        return entries

    def centre(self):
        uid = self.context.centre_uid
        return api.content.get(UID=uid) if uid else None

    def consent_date(self) -> str:
        """When the privacy consent was given (the form's submission), "" if unknown."""
        when = self.context.consent_date
        if not when:
            return ""
        return site_time(when)  # stored in UTC


class PurgeView(BrowserView):
    """``@@purge-onboarding-requests``: GET lists what is due, POST deletes it."""

    removed = None

    def due(self) -> list[str]:
        return ["/".join(r.getPhysicalPath()) for r in expired_requests(self.context)]

    def __call__(self):
        if self.request.method == "POST":
            CheckAuthenticator(self.request)
            self.removed = purge_expired_requests(self.context)
            api.portal.show_message(
                _(
                    "msg_onboarding_purged",
                    default="${count} expired requests deleted.",
                    mapping={"count": len(self.removed)},
                ),
                request=self.request,
            )
        return self.index()
