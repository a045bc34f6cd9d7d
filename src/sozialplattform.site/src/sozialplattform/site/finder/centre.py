"""The public page of a counselling centre."""

from plone import api
from Products.Five.browser import BrowserView
from sozialplattform.site import _
from sozialplattform.site.booking.content import booking_folder
from sozialplattform.site.content.interfaces import ICounsellingOffer
from sozialplattform.site.counselling import FOLDER_ID as COUNSELLING_FOLDER_ID
from sozialplattform.site.finder.browser import BACK_PARAMETER
from sozialplattform.site.finder.browser import PARAMETERS
from sozialplattform.site.finder.settings import map_settings
from sozialplattform.site.finder.vocabularies import facet_terms
from sozialplattform.site.functions import COUNSELLING
from sozialplattform.site.functions.gating import links
from sozialplattform.site.language import content_lang
from sozialplattform.site.permissions import MANAGE_BOOKINGS
from sozialplattform.site.permissions import READ_CONVERSATIONS
from sozialplattform.site.timeformat import site_date
from urllib.parse import parse_qsl
from urllib.parse import urlencode
from zope.i18n import translate
import json


DAYS = {
    "mon": _("day_mon", default="Monday"),
    "tue": _("day_tue", default="Tuesday"),
    "wed": _("day_wed", default="Wednesday"),
    "thu": _("day_thu", default="Thursday"),
    "fri": _("day_fri", default="Friday"),
    "sat": _("day_sat", default="Saturday"),
    "sun": _("day_sun", default="Sunday"),
}
SCHEMA_DAYS = {
    "mon": "Monday",
    "tue": "Tuesday",
    "wed": "Wednesday",
    "thu": "Thursday",
    "fri": "Friday",
    "sat": "Saturday",
    "sun": "Sunday",
}


class CentreView(BrowserView):
    """All public fields, opening hours, offers, map and the function buttons."""

    def __call__(self):
        self.terms = facet_terms(self.context, self.request)
        # the centre's page needs no navigation portlet (plone.app.layout's switch)
        self.request.set("disable_plone.leftcolumn", True)
        return self.index()

    def content_lang(self) -> str | None:
        return content_lang(self.context, self.request)

    def back_url(self) -> str | None:
        """The finder's results this page was opened from (``from``), if any.

        Only the finder's own parameters are kept: the link never leaves the site.
        """
        search = self.request.form.get(BACK_PARAMETER)
        if not isinstance(search, str):
            return None
        pairs = [(k, v) for k, v in parse_qsl(search) if k in PARAMETERS and v]
        if not pairs:
            return None
        return f"{api.portal.get().absolute_url()}/@@finder?{urlencode(pairs)}"

    def opening_hours(self) -> list[dict]:
        """One row per weekday that has opening hours, spans joined."""
        rows = {}
        for entry in self.context.opening_hours or []:
            rows.setdefault(entry["day"], []).append(
                f"{entry['start']}–{entry['end']} Uhr"
            )
        return [
            {
                "day": translate(DAYS[day], context=self.request),
                "times": ", ".join(spans),
            }
            for day, spans in ((d, rows[d]) for d in DAYS if d in rows)
        ]

    def logo(self) -> dict | None:
        """Scaled logo image (src, alt), if the centre has one."""
        if not getattr(self.context, "logo", None):
            return None
        scale = self.context.restrictedTraverse("@@images").scale(
            "logo", scale="preview"
        )
        src = scale.url if scale is not None else None
        src = src or f"{self.context.absolute_url()}/@@download/logo"
        alt = translate(
            _(
                "alt_centre_logo",
                default="Logo of ${title}",
                mapping={"title": self.context.title},
            ),
            context=self.request,
        )
        return {"src": src, "alt": alt}

    def labels(self, parameter: str, tokens) -> list[str]:
        titles = dict(self.terms[parameter])
        return [titles.get(token, token) for token in tokens or []]

    def tag_groups(self) -> list[dict]:
        context = self.context
        groups = (
            (
                _("label_topics", default="Topics and life situations"),
                "topic",
                context.topics,
            ),
            (
                _("label_target_groups", default="Target groups"),
                "target_group",
                context.target_groups,
            ),
            (_("label_languages", default="Languages"), "language", context.languages),
            (
                _("label_channels", default="Counselling channels"),
                "channel",
                context.channels,
            ),
        )
        return [
            {"label": label, "values": self.labels(parameter, tokens)}
            for label, parameter, tokens in groups
            if tokens
        ]

    def offers(self):
        return [
            {
                "title": offer.title,
                "description": offer.description,
                "costs": offer.costs,
                "url": offer.absolute_url(),
                "languages": self.labels("language", offer.languages),
                "channels": self.labels("channel", offer.channels),
            }
            for offer in self.context.objectValues()
            if ICounsellingOffer.providedBy(offer)
            and api.user.has_permission("View", obj=offer)
        ]

    def staff_bookings_url(self) -> str | None:
        """``@@termine`` for who manages the centre's bookings (its staff only)."""
        if booking_folder(self.context, create=False) is None:
            return None
        if not api.user.has_permission(MANAGE_BOOKINGS, obj=self.context):
            return None
        return f"{self.context.absolute_url()}/@@termine"

    def staff_counselling_url(self) -> str | None:
        """The counsellors' inbox (``<centre>/beratung``) for who reads conversations."""
        folder = self.context.get(COUNSELLING_FOLDER_ID)
        if folder is None or not api.user.has_permission(
            READ_CONVERSATIONS, obj=folder
        ):
            return None
        return folder.absolute_url()

    def counselling_here(self, urls: dict) -> bool:
        """The counselling button leads to our own page ("Schreiben Sie uns")."""
        url = urls.get("counselling") or ""
        return url.endswith(f"/@@{COUNSELLING.view}")

    def function_urls(self) -> dict:
        """Function -> the link of its button (``functions.gating.links``)."""
        return links(self.context, self.request)

    def map_data(self) -> str | None:
        if self.context.latitude is None or self.context.longitude is None:
            return None
        marker = {
            "title": self.context.title,
            "url": self.context.absolute_url(),
            "lat": self.context.latitude,
            "lon": self.context.longitude,
        }
        return json.dumps({"markers": [marker], "centre": None, **map_settings()})

    def tile_host(self) -> str:
        return map_settings()["tile_host"]

    def last_reviewed(self) -> str:
        return site_date(self.context.last_reviewed)

    def json_ld(self) -> str:
        """schema.org description for search engines."""
        context = self.context
        data = {
            "@context": "https://schema.org",
            "@type": "LocalBusiness",
            "@id": context.absolute_url(),
            "name": context.title,
            "description": context.description or None,
            "url": context.website or context.absolute_url(),
            "telephone": context.phone or None,
            "email": context.email or None,
            "address": {
                "@type": "PostalAddress",
                "streetAddress": context.street or None,
                "postalCode": context.postcode,
                "addressLocality": context.city,
                "addressCountry": "DE",
            },
            "isAccessibleForFree": bool(context.free_of_charge),
            "parentOrganization": (
                {"@type": "Organization", "name": context.carrier}
                if context.carrier
                else None
            ),
            "knowsLanguage": list(context.languages or []),
            "openingHoursSpecification": [
                {
                    "@type": "OpeningHoursSpecification",
                    "dayOfWeek": f"https://schema.org/{SCHEMA_DAYS[entry['day']]}",
                    "opens": entry["start"],
                    "closes": entry["end"],
                }
                for entry in context.opening_hours or []
            ],
        }
        if context.latitude is not None:
            data["geo"] = {
                "@type": "GeoCoordinates",
                "latitude": context.latitude,
                "longitude": context.longitude,
            }
        cleaned = {k: v for k, v in data.items() if v not in (None, [], "")}
        # "</" must not end the script element early
        text = json.dumps(cleaned, ensure_ascii=False)
        return (
            text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
        )
