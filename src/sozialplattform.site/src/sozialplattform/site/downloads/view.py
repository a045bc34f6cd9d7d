"""``@@downloads``: the handbooks of the download area, filterable by function and role.

A server-rendered GET form; the filter is a catalog query on the Subject keywords.
"""

from plone import api
from Products.Five.browser import BrowserView
from sozialplattform.site import _
from sozialplattform.site.downloads import FUNCTION_PARAMETER
from sozialplattform.site.downloads import FUNCTION_PREFIX
from sozialplattform.site.downloads import function_tag
from sozialplattform.site.downloads import FUNCTIONS
from sozialplattform.site.downloads import ROLE_PARAMETER
from sozialplattform.site.downloads import ROLE_PREFIX
from sozialplattform.site.downloads import role_tag
from sozialplattform.site.downloads import ROLES
from sozialplattform.site.downloads import tokens
from zope.i18n import translate
from zope.i18nmessageid import Message


ERROR_ONCE = _("downloads_error_once", default="Choose only one value.")
ERROR_UNKNOWN = _(
    "downloads_error_unknown",
    default="Unknown value ${value}; choose one from the list.",
)


def handbook_query(folder, function: str | None, role: str | None) -> dict:
    """Catalog query for the handbooks in ``folder`` with the given function and role."""
    query = {
        "path": {"query": "/".join(folder.getPhysicalPath()), "depth": 1},
        "portal_type": "File",
        "sort_on": "getObjPositionInParent",
    }
    tags = [
        tag
        for tag in (
            function_tag(function) if function else None,
            role_tag(role) if role else None,
        )
        if tag
    ]
    if tags:
        query["Subject"] = {"query": tags, "operator": "and"}
    else:
        query["Subject"] = [function_tag(token) for token in FUNCTIONS]
    return query


class DownloadsView(BrowserView):
    """The download area's default view."""

    def __call__(self):
        self.errors: dict[str, str] = {}
        self.function = self._choice(FUNCTION_PARAMETER, FUNCTIONS)
        self.role = self._choice(ROLE_PARAMETER, ROLES)
        if self.errors:
            self.request.response.setStatus(400)
        return self.index()

    def _choice(self, parameter: str, choices: dict) -> str | None:
        value = self.request.form.get(parameter)
        if isinstance(value, list | tuple):
            self.errors[parameter] = translate(ERROR_ONCE, context=self.request)
            return None
        # Zope converters (``funktion:int=5``) may hand over other types than str
        value = (value if isinstance(value, str) else str(value or "")).strip()
        if value and value not in choices:
            # Message() keeps the default text (English), _() would drop it
            message = Message(ERROR_UNKNOWN, mapping={"value": value[:50]})
            self.errors[parameter] = translate(message, context=self.request)
            return None
        return value or None

    def _options(self, choices: dict, chosen: str | None) -> list[dict]:
        return [
            {
                "token": token,
                "title": translate(title, context=self.request),
                "selected": token == chosen,
            }
            for token, title in choices.items()
        ]

    def function_options(self) -> list[dict]:
        return self._options(FUNCTIONS, self.function)

    def role_options(self) -> list[dict]:
        return self._options(ROLES, self.role)

    def error(self, parameter: str) -> str:
        return self.errors.get(parameter, "")

    def filtered(self) -> bool:
        return bool(self.function or self.role)

    def _titles(self, subjects, prefix: str, choices: dict) -> list[str]:
        return [
            translate(choices[token], context=self.request)
            for token in tokens(subjects, prefix)
            if token in choices
        ]

    def _row(self, brain) -> dict:
        url = brain.getURL()
        return {
            "title": brain.Title,
            "description": brain.Description,
            "url": url,
            "download_url": f"{url}/@@download/file",
            "size": brain.getObjSize,
            "functions": self._titles(brain.Subject, FUNCTION_PREFIX, FUNCTIONS),
            "roles": self._titles(brain.Subject, ROLE_PREFIX, ROLES),
        }

    def handbooks(self) -> list[dict]:
        catalog = api.portal.get_tool("portal_catalog")
        query = handbook_query(self.context, self.function, self.role)
        return [self._row(brain) for brain in catalog(**query)]

    def other_files(self) -> list[dict]:
        """Files without a function keyword (e.g. the AVV template); never filtered."""
        catalog = api.portal.get_tool("portal_catalog")
        brains = catalog(
            path={"query": "/".join(self.context.getPhysicalPath()), "depth": 1},
            portal_type="File",
            sort_on="getObjPositionInParent",
        )
        return [
            self._row(brain)
            for brain in brains
            if not tokens(brain.Subject, FUNCTION_PREFIX)
        ]
