"""The layouts of the four legal Documents, filled from the operator settings.

A value the operator has not entered leaves its sentence out; people who may change the
settings see a note naming the missing field instead, with a link to the control panel.
"""

from html import escape
from plone import api
from Products.Five.browser import BrowserView
from Products.Five.browser.pagetemplatefile import ViewPageTemplateFile
from sozialplattform.site import _
from sozialplattform.site.legal import CONFIGLET_ID
from sozialplattform.site.legal.interfaces import IOperatorSettings
from sozialplattform.site.legal.processing import processings
from sozialplattform.site.legal.settings import operator_settings
from sozialplattform.site.permissions import MANAGE_SETTINGS
from sozialplattform.site.timeformat import site_date
from zope.i18n import translate


CONFORMANCE_STATEMENTS = {
    "full": _(
        "conformance_statement_full",
        default="This website is fully compliant with BITV 2.0.",
    ),
    "partial": _(
        "conformance_statement_partial",
        default="This website is partially compliant with BITV 2.0, because of the "
        "barriers listed below.",
    ),
    "none": _(
        "conformance_statement_none",
        default="This website is not compliant with BITV 2.0.",
    ),
}


class LegalPageView(BrowserView):
    """Base of the layouts ``legal-imprint``, ``-privacy``, ``-accessibility``, ``-contact``."""

    missing_note = ViewPageTemplateFile("templates/missing.pt")
    macros = ViewPageTemplateFile("templates/macros.pt")

    def __init__(self, context, request):
        super().__init__(context, request)
        self.settings = operator_settings()

    def value(self, name):
        value = getattr(self.settings, name)
        return value.strip() if isinstance(value, str) else value

    def lines(self, name) -> list[str]:
        """A multi-line setting as its non-empty lines."""
        return [
            line.strip()
            for line in (self.value(name) or "").splitlines()
            if line.strip()
        ]

    def html_lines(self, name) -> str:
        """A multi-line setting as escaped HTML, its lines joined by line breaks."""
        return "<br />".join(escape(line) for line in self.lines(name))

    def can_manage(self) -> bool:
        return api.user.has_permission(MANAGE_SETTINGS, obj=api.portal.get())

    def note(self, *names) -> str:
        """A note to managers that fields are empty (one of ``names`` is enough)."""
        if any(self.value(name) for name in names) or not self.can_manage():
            return ""
        labels = [
            translate(IOperatorSettings[name].title, context=self.request)
            for name in names
        ]
        url = f"{api.portal.get().absolute_url()}/@@{CONFIGLET_ID}"
        return self.missing_note(labels=" / ".join(labels), url=url)

    def additions(self) -> str:
        """The Document's own text, shown after the generated part."""
        text = getattr(self.context, "text", None)
        return text.output if text is not None and text.raw else ""


class ImprintView(LegalPageView):
    pass


class PrivacyView(LegalPageView):
    def processings(self) -> list[dict]:
        return processings()


class AccessibilityView(LegalPageView):
    def conformance_statement(self):
        return CONFORMANCE_STATEMENTS.get(self.value("conformance"))

    def prepared_on(self) -> str:
        return site_date(self.value("accessibility_date"))

    def method(self):
        term = IOperatorSettings["accessibility_method"].vocabulary.by_value.get(
            self.value("accessibility_method")
        )
        return term.title if term else None


class ContactView(LegalPageView):
    def finder_url(self) -> str:
        return f"{api.portal.get().absolute_url()}/@@finder"
