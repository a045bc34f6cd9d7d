"""Form widgets that tell browsers and assistive technology what a field is.

- ``HintedTextFieldWidget``: Plone's text widget with ``autocomplete``, ``inputmode``
  and an input ``type`` (``tel``, ``email``); a supermodel (the interest form's easyform
  model) sets them as widget parameters (``<form:widget type="..."><autocomplete>...``).
- ``FieldsetCheckBoxFieldWidget``: a group of checkboxes in a ``fieldset`` whose
  ``legend`` is the field's title (WCAG 1.3.1) instead of a ``label`` for a ``div``.
- ``HelpTextWrapper``: Plone's widget wrapper (``ploneform-render-widget``) whose help
  text (``.form-text``) has an id that the field's ``aria-describedby`` names (1.3.1).
  A single checkbox (``Bool``: the interest form's consent) renders its help itself,
  inside its ``.form-check``: the wrapper gives it our copy of plone.app.z3cform's
  input template (``singlecheckbox_input.pt``), which binds it the same way.
"""

from collective.easyform.interfaces import IEasyFormWidget
from collective.easyform.interfaces import IRenderWidget as IEasyFormRenderWidget
from plone.app.z3cform.interfaces import ICheckBoxWidget
from plone.app.z3cform.interfaces import ISingleCheckBoxBoolWidget
from plone.app.z3cform.interfaces import ITextWidget
from plone.app.z3cform.views import RenderWidget
from plone.app.z3cform.widgets.checkbox import CheckBoxWidget
from plone.app.z3cform.widgets.text import TextWidget
from plone.autoform.widgets import WidgetExportImportHandler
from Products.Five.browser.pagetemplatefile import ViewPageTemplateFile
from z3c.form.browser.widget import HTMLFormElement
from z3c.form.interfaces import IFieldWidget
from z3c.form.interfaces import INPUT_MODE
from z3c.form.widget import FieldWidget
from zope import schema
from zope.browserpage import viewpagetemplatefile
from zope.interface import implementer
from zope.interface import implementer_only
from zope.interface import Interface


class IInputHints(Interface):
    """What the browser may fill in and which keyboard a phone shows (HTML5)."""

    autocomplete = schema.ASCIILine(title="autocomplete token", required=False)
    inputmode = schema.ASCIILine(title="inputmode", required=False)
    input_type = schema.ASCIILine(title="input type (tel, email)", required=False)


class IHintedTextWidget(ITextWidget, IInputHints):
    """A text widget with input hints; Plone's text template renders it."""


@implementer_only(IHintedTextWidget)
class HintedTextWidget(TextWidget):
    autocomplete = None
    inputmode = None
    input_type = None

    @property
    def _html_attributes(self) -> list:
        return [*super()._html_attributes, "autocomplete", "inputmode"]

    @property
    def attributes(self) -> dict:
        attributes = super().attributes
        if self.input_type:
            # overrides type="text" of Plone's text_input.pt, as its e-mail widget does
            attributes["type"] = self.input_type
        return attributes


@implementer(IFieldWidget)
def HintedTextFieldWidget(field, request):
    return FieldWidget(field, HintedTextWidget(request))


#: reads and writes the hints in supermodel XML (``plone.autoform``)
HintedTextWidgetExportImportHandler = WidgetExportImportHandler(IHintedTextWidget)


class IFieldsetCheckBoxWidget(ICheckBoxWidget):
    """Checkboxes grouped in a fieldset with a legend."""


@implementer_only(IFieldsetCheckBoxWidget)
class FieldsetCheckBoxWidget(CheckBoxWidget):
    fieldset = ViewPageTemplateFile("fieldset.pt")
    legend = ""
    describedby = None

    def update(self):
        super().update()
        if self.mode == INPUT_MODE:
            # the legend names the group; the wrapper's <label> would point at a div
            self.legend, self.label = self.label, ""

    def render(self):
        if self.mode != INPUT_MODE:
            return super().render()
        return self.fieldset(checkboxes=super().render())


@implementer(IFieldWidget)
def FieldsetCheckBoxFieldWidget(field, request):
    return FieldWidget(field, FieldsetCheckBoxWidget(request))


#: Plone's login form (its cookie names) lacks autocomplete tokens (WCAG 1.3.5)
LOGIN_AUTOCOMPLETE = {"__ac_name": "username", "__ac_password": "current-password"}


#: the single checkbox whose help text has an id that the checkbox names
SINGLE_CHECKBOX_INPUT = viewpagetemplatefile.ViewPageTemplateFile(
    "singlecheckbox_input.pt"
)


@implementer(IEasyFormRenderWidget)
class HelpTextWrapper(RenderWidget):
    """Plone's wrapper of a widget; the field names its help text as its description.

    An easyform's widgets get easyform's wrapper (the field's ``css_class``, e.g. the
    honeypot's hiding class, and ``depends_on``) with the same help text id: our
    registration for every widget would otherwise drop it.
    """

    # as Plone's wrapper: a zope.browserpage template (Five's renders no labels here)
    index = viewpagetemplatefile.ViewPageTemplateFile("widget.pt")
    easyform_index = viewpagetemplatefile.ViewPageTemplateFile("easyform_widget.pt")

    def help_id(self) -> str | None:
        widget = self.context
        field = getattr(widget, "field", None)
        description = getattr(widget, "description", getattr(field, "description", ""))
        if widget.mode != INPUT_MODE or not description:
            return None
        return f"{widget.id}-help"

    def __call__(self):
        help_id = self.help_id()
        widget = self.context
        if ISingleCheckBoxBoolWidget.providedBy(widget) and widget.mode == INPUT_MODE:
            # Set on the widget rather than registered for our layer: which of two
            # widget templates for (IBool, layer) wins, ours or plone.app.z3cform's
            # for IPloneFormLayer, depends on the order of the layers on the request
            # (the order in which the browser layers were installed).
            widget.template = SINGLE_CHECKBOX_INPUT
        if help_id and IFieldsetCheckBoxWidget.providedBy(self.context):
            self.context.describedby = help_id
        elif isinstance(self.context, HTMLFormElement):
            # the dict the widget's template writes: z3c.form computes it once and
            # keeps it; plone.app.z3cform's ``attributes`` has no setter
            attributes = self.context.attributes
            if help_id:
                attributes["aria-describedby"] = help_id
            token = LOGIN_AUTOCOMPLETE.get(self.context.name)
            if token and self.context.mode == INPUT_MODE:
                attributes.setdefault("autocomplete", token)
        if IEasyFormWidget.providedBy(self.context):
            return self.easyform_index()
        return super().__call__()
