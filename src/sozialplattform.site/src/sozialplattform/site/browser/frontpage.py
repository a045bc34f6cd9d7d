"""The start page's list of what the platform offers, following the functions.

Computed at render time from ``functions`` and the States' participation: booking and
counselling appear once a State takes part, naming the States; nothing is stored text.
"""

from plone.app.layout.viewlets.common import ViewletBase
from sozialplattform.site import _
from sozialplattform.site.functions import titles_text
from sozialplattform.site.functions.gating import offered_functions
from sozialplattform.site.geo.states import STATES
from zope.i18n import translate
from zope.i18nmessageid import Message


class FunctionsViewlet(ViewletBase):
    """One entry per function offered now: its title and what a visitor gets."""

    def functions(self) -> list[dict]:
        conjunction = translate(
            _("conjunction_and", default="and"), context=self.request
        )
        entries = []
        for function, codes in offered_functions().items():
            names = [state.name for state in STATES if state.code in codes]
            summary = Message(
                function.summary, mapping={"states": titles_text(names, conjunction)}
            )
            entries.append(
                {
                    "name": function.name,
                    "title": function.title,
                    "summary": summary if function.summary else None,
                }
            )
        return entries
