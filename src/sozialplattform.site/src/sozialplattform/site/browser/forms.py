"""What every form of the site shares: the length limit in the message, primary submits.

z3c.form shows zope.schema's ``TooLong`` as "Wert ist zu lang." without saying how long
a value may be; ``TooLongMessage`` (an error view snippet for our layer) names the limit
and the length entered. collective.easyform's "Senden" button is a secondary button in
Plone 6 (``plone.app.z3cform`` makes only "save", "add", ... primary); on a form whose
only purpose is to be sent it is the primary action.
"""

from collective.easyform.interfaces import IEasyForm
from sozialplattform.site.messages import too_long_message
from z3c.form.error import ErrorViewSnippet
from z3c.form.interfaces import ISubmitWidget


class TooLongMessage(ErrorViewSnippet):
    """``TooLong`` with the field's limit and the length entered."""

    def createMessage(self):
        value = self.error.value
        length = len(value) if isinstance(value, str | bytes | list | tuple) else None
        return too_long_message(self.error.bound, length)


def primary_easyform_submit(event) -> None:
    """``IAfterWidgetUpdateEvent``: an easyform's submit button looks primary."""
    widget = event.widget
    # At this event a new button is not located yet: its name is its button's.
    field = getattr(widget, "field", None)
    if (
        not ISubmitWidget.providedBy(widget)
        or getattr(field, "__name__", "") != "submit"
    ):
        return
    form = getattr(widget, "form", None)
    if form is None or not IEasyForm.providedBy(getattr(form, "context", None)):
        return
    widget.klass = " ".join(
        "btn-primary" if name == "btn-secondary" else name
        for name in (widget.klass or "").split()
    )
    if "btn-primary" not in widget.klass.split():
        widget.addClass("btn-primary")
