"""Small helpers for the content our setup steps create (idempotently)."""

from plone import api
from plone.app.textfield.value import RichTextValue


def html(text: str) -> RichTextValue:
    """Trusted HTML of our own setup texts as a rich-text value."""
    return RichTextValue(text.strip(), "text/html", "text/x-html-safe")


def ensure_published(container, id: str, type: str, **fields):
    """``container[id]``, created with ``fields`` when missing, and published."""
    obj = container.get(id)
    if obj is None:
        obj = api.content.create(container=container, type=type, id=id, **fields)
    if api.content.get_state(obj, default=None) not in (None, "published"):
        api.content.transition(obj, to_state="published")
    return obj
