"""REST field deserializers of the platform's content: stricter than plone.restapi's.

plone.restapi reads a string sent for a boolean with ``Bool.fromUnicode`` (anything but
"true"/"on" becomes False) and lets ``NaN`` through to float fields. Here both are a 400
naming the field; rich text gets a length limit and a known format (the field belongs
to plone.richtext).
A file or image is an object with non-empty ``data`` (plone.restapi turns ``""``, ``[]``
or ``false`` into "no file" and deletes the stored one); ``null`` still removes it.
"""

from plone.app.textfield.interfaces import IRichText
from plone.dexterity.interfaces import IDexterityContent
from plone.namedfile.interfaces import INamedField
from plone.restapi.deserializer.dxfields import DefaultFieldDeserializer
from plone.restapi.deserializer.dxfields import NamedFieldDeserializer
from plone.restapi.deserializer.dxfields import RichTextFieldDeserializer
from plone.restapi.interfaces import IFieldDeserializer
from sozialplattform.site.content import fields
from sozialplattform.site.content.interfaces import IPlatformContent
from sozialplattform.site.interfaces import ISozialplattformLayer
from zope.component import adapter
from zope.interface import implementer
from zope.publisher.interfaces.browser import IBrowserRequest
from zope.schema.interfaces import IBool
from zope.schema.interfaces import IFloat
import codecs


@implementer(IFieldDeserializer)
@adapter(IBool, IPlatformContent, IBrowserRequest)
class BoolFieldDeserializer(DefaultFieldDeserializer):
    """JSON true or false only."""

    def __call__(self, value):
        if not isinstance(value, bool):
            raise fields.NotABoolean(value)
        self.field.validate(value)
        return value


@implementer(IFieldDeserializer)
@adapter(IFloat, IPlatformContent, IBrowserRequest)
class FloatFieldDeserializer(DefaultFieldDeserializer):
    """A finite JSON number (or a string holding one)."""

    def __call__(self, value):
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            raise fields.NotFinite(value)
        try:
            value = float(value.strip() if isinstance(value, str) else value)
        except (ValueError, OverflowError):
            raise fields.NotFinite(value) from None
        fields.finite(value)
        self.field.validate(value)
        return value


@implementer(IFieldDeserializer)
@adapter(INamedField, IDexterityContent, ISozialplattformLayer)
class StrictNamedFieldDeserializer(NamedFieldDeserializer):
    """A file as ``{"data", "encoding", "filename", "content-type"}`` with data, or
    without ``data`` to keep the stored file (what a client sends back after a GET)."""

    def __call__(self, value):
        if not isinstance(value, dict):
            if type(value).__name__ == "TUSUpload":
                return super().__call__(value)
            raise fields.InvalidFile(value)
        if "data" in value:
            data, encoding = value["data"], value.get("encoding", "base64")
            if not (data and isinstance(data, str) and isinstance(encoding, str)):
                raise fields.InvalidFile(value)
            for key in ("filename", "content-type"):
                if not isinstance(value.get(key, ""), str | None):
                    raise fields.InvalidFile(value)
        try:
            return super().__call__(value)
        except (LookupError, TypeError, UnicodeError):
            raise fields.InvalidFile(value) from None
        except ValueError as error:  # binascii.Error: not base64
            if isinstance(error, fields.ValidationError):
                raise
            raise fields.InvalidFile(value) from None


def text_format(value: dict) -> None:
    """``content-type`` and ``encoding`` of rich text: a known type, UTF-8.

    plone.restapi stores any string (``foo/bar`` is then shown unconverted, a number
    breaks the transform with a 500), and the encoding is used to decode the text.
    """
    content_type = value.get("content-type", "text/html")
    encoding = value.get("encoding", "utf-8")
    known = isinstance(content_type, str) and content_type in fields.RICH_TEXT_TYPES
    if not known or not isinstance(encoding, str):
        raise fields.InvalidTextFormat(value)
    try:
        name = codecs.lookup(encoding).name
    except LookupError:
        name = None
    if name != "utf-8":
        raise fields.InvalidTextFormat(value)


@implementer(IFieldDeserializer)
@adapter(IRichText, IPlatformContent, IBrowserRequest)
class LimitedRichTextFieldDeserializer(RichTextFieldDeserializer):
    """Rich text (a string or ``{"data": string, ...}``) of at most
    ``fields.MAX_RICH_TEXT_LENGTH`` characters."""

    def __call__(self, value):
        data = value.get("data", "") if isinstance(value, dict) else value
        if not isinstance(data, str) or not isinstance(value, str | dict):
            raise fields.InvalidValue(value)
        fields.rich_text_length(data)
        if isinstance(value, dict):
            text_format(value)
        result = super().__call__(value)
        fields.rich_text_length(result)
        return result
