"""Classic ``@@search`` ignores the parameters the catalog cannot use, with a notice.

``Products.CMFPlone.browser.search.Search`` copies every request parameter that names
an index into the catalog query and converts ``b_start`` with ``int()``: ``b_start=abc``
(ValueError), ``created=notadate``/``modified=notadate`` (DateTime errors),
``sort_on=SearchableText`` (CatalogError) answered 500, and so did a valid ``b_start=0``
sent without ``:int`` (the template adds 1 to the string). The parameters are checked
with the checks of REST ``@search`` (``search.CheckedCatalogQuery``); a parameter that
fails is left out of the search and the page says so (a German status message), so
that visitors still get results for the rest. (Plone 6.2 has no ``@@updated_search``;
the listing's JavaScript uses ``@@ajax-search``, checked in ``parameters``.)

Plone's template names its search field only with ``title`` (axe ``label-title-only``,
WCAG 1.3.1/4.1.2); the rendered page gets an ``aria-label`` on it instead of a copy of
the 330-line template.
"""

from .messages import text
from .search import CheckedCatalogQuery
from html import escape
from Products.CMFCore.utils import getToolByName
from Products.CMFPlone.browser import search
from Products.Five.browser.pagetemplatefile import ViewPageTemplateFile
from Products.statusmessages.interfaces import IStatusMessage
from sozialplattform.site import _
from zExceptions import BadRequest
from zope.i18n import translate
from zope.i18nmessageid import MessageFactory
import os


#: the field of Plone's search.pt (the header's search box has other classes)
SEARCH_FIELD = 'class="searchPage form-control"'
SEARCH_LABEL = MessageFactory("plone")("title_search_title", default="Search Site")


class CheckedSearch(search.Search):
    index = ViewPageTemplateFile(
        "templates/search.pt", _prefix=os.path.dirname(search.__file__)
    )

    def __call__(self):
        for name in self.refused_parameters():
            self.request.form.pop(name, None)
            self.request.other.pop(name, None)
        if "b_start" in self.request.form:
            # the template adds 1 to ``request/b_start``: a string was a TypeError
            b_start = self.request.form["b_start"]
            b_start = int(b_start) if b_start not in ("", None) else 0
            self.request.form["b_start"] = self.request.other["b_start"] = b_start
        label = escape(translate(SEARCH_LABEL, context=self.request))
        return self.index().replace(
            SEARCH_FIELD, f'{SEARCH_FIELD} aria-label="{label}"', 1
        )

    def refused_parameters(self) -> list[str]:
        catalog = getToolByName(self.context, "portal_catalog")
        names = set(catalog.indexes()) | set(self.valid_keys) | {"b_start"}
        checker = CheckedCatalogQuery(self.context, self.request)
        refused = []
        for name, value in list(self.request.form.items()):
            if name not in names or not value:
                continue
            try:
                if name == "b_start" and int(value) < 0:
                    raise ValueError(value)
                checker({name: value})
            except (BadRequest, ValueError, TypeError):
                refused.append(name)
                IStatusMessage(self.request).add(
                    text(
                        _(
                            "search_parameter_ignored",
                            default="The search ignored “${name}”: the value is not valid for it.",
                            mapping={"name": name},
                        )
                    ),
                    type="warning",
                )
        return refused
