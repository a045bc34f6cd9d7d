"""The public pages of the centre folder (/beratungsstellen) and of a State."""

from collections import Counter
from plone import api
from Products.Five.browser import BrowserView
from sozialplattform.site import _
from sozialplattform.site.functions import all_functions
from sozialplattform.site.functions import titles_text
from sozialplattform.site.functions.gating import participation
from urllib.parse import urlencode
from zope.i18n import translate
from zope.i18nmessageid import Message


CENTRE = "CounsellingCentre"


def finder_url(**params) -> str:
    url = f"{api.portal.get().absolute_url()}/@@finder"
    return f"{url}?{urlencode(params)}" if params else url


class PageView(BrowserView):
    def translate(self, message) -> str:
        return translate(message, context=self.request)

    def titles(self, functions) -> str:
        conjunction = self.translate(_("conjunction_and", default="and"))
        return titles_text(
            (self.translate(function.title) for function in functions), conjunction
        )


class StateView(PageView):
    """A State: its published centres, its responsible person, what it takes part in."""

    def centres(self) -> list[dict]:
        brains = api.content.find(
            context=self.context,
            portal_type=CENTRE,
            review_state="published",
            sort_on="sortable_title",
        )
        return [
            {
                "title": brain.Title,
                "url": brain.getURL(),
                "place": f"{brain.postcode or ''} {brain.city or ''}".strip(),
            }
            for brain in brains
        ]

    def contact(self) -> dict | None:
        context = self.context
        contact = {
            "name": context.contact_name,
            "email": context.contact_email,
            "phone": context.contact_phone,
        }
        return contact if any(contact.values()) else None

    def participation(self) -> list[str]:
        """Sentences: open to every centre; what the State takes part in, and not."""
        taking_part = participation(self.context)
        state = self.context.title
        functions = all_functions()
        groups = (
            (
                _(
                    "state_open_functions",
                    default="Open to every centre: ${functions}.",
                ),
                [f for f in functions if not f.gated],
            ),
            (
                _("state_takes_part", default="${state} takes part in ${functions}."),
                [f for f in functions if f.gated and taking_part[f.name]],
            ),
            (
                _(
                    "state_takes_no_part",
                    default="${state} does not take part in ${functions} at the moment.",
                ),
                [f for f in functions if f.gated and not taking_part[f.name]],
            ),
        )
        return [
            self.translate(
                Message(
                    message, mapping={"state": state, "functions": self.titles(group)}
                )
            )
            for message, group in groups
            if group
        ]

    def finder_url(self) -> str:
        return finder_url(state=self.context.code)


class CentreFolderView(PageView):
    """The States with their number of published centres, and the finder."""

    def states(self) -> list[dict]:
        catalog = api.portal.get_tool("portal_catalog")
        path = "/".join(self.context.getPhysicalPath())
        # a centre lives directly in its State
        counts = Counter(
            brain.getPath().rpartition("/")[0]
            for brain in catalog(
                portal_type=CENTRE, review_state="published", path=path
            )
        )
        return [
            {
                "title": brain.Title,
                "url": brain.getURL(),
                "count": counts.get(brain.getPath(), 0),
            }
            for brain in api.content.find(
                context=self.context, portal_type="State", sort_on="sortable_title"
            )
        ]

    def finder_url(self) -> str:
        return finder_url()
