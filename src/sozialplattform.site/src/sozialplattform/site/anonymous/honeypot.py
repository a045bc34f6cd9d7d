"""A honeypot field and a minimum fill time for anonymous forms (no third-party captcha).

The honeypot input is hidden from people: its wrapper is ``display: none`` (the form's
CSS class ``CSS_CLASS``, ``HIDE_CSS``) and so left out of the accessibility tree, it takes
no keyboard focus and browsers do not autofill it. Bots that fill every input fill it.

Next to it the widget renders a hidden, signed timestamp of when the form was shown;
``filled_error`` refuses a filled honeypot, ``timing_error`` a form sent back sooner than
``SOZIALPLATTFORM_FORM_MIN_SECONDS`` (default 3) after it was shown, or without a valid
timestamp. Use ``HoneypotFieldWidget`` as ``form:widget``, ``filled_error`` in the field's
validator and ``timing_error`` where the submission is handled (a form-level message).
"""

from plone.app.z3cform.widgets.text import TextWidget
from plone.keyring.interfaces import IKeyManager
from sozialplattform.site import _
from z3c.form.interfaces import IFieldWidget
from z3c.form.widget import FieldWidget
from zope.component import getUtility
from zope.i18nmessageid import Message
from zope.interface import implementer
import hashlib
import hmac
import os
import time


CSS_CLASS = "onboarding-hp"
HIDE_CSS = f"<style>.{CSS_CLASS}{{display:none !important}}</style>"
STARTED_SUFFIX = ".started"
MIN_SECONDS_VARIABLE = "SOZIALPLATTFORM_FORM_MIN_SECONDS"
DEFAULT_MIN_SECONDS = 3.0

FILLED_MESSAGE = _("error_honeypot", default="Please leave this field empty.")
TOO_FAST_MESSAGE = _(
    "error_form_too_fast",
    default="The form was sent too quickly. Please check your entries and send it again.",
)


def min_seconds(environ=os.environ) -> float:
    try:
        return max(0.0, float(environ.get(MIN_SECONDS_VARIABLE, DEFAULT_MIN_SECONDS)))
    except ValueError:
        return DEFAULT_MIN_SECONDS


def _signature(stamp: str) -> str:
    secret = getUtility(IKeyManager).secret().encode()
    return hmac.new(
        secret, f"form-started:{stamp}".encode(), hashlib.sha256
    ).hexdigest()


def timestamp(now: float | None = None) -> str:
    """``<unix time>:<HMAC>`` of when the form is shown."""
    stamp = str(int(time.time() if now is None else now))
    return f"{stamp}:{_signature(stamp)}"


def seconds_since(token) -> float | None:
    """Seconds since a valid ``timestamp()``; None for a missing or forged one."""
    if not isinstance(token, str) or ":" not in token:
        return None
    stamp, signature = token.split(":", 1)
    if not stamp.isdigit() or not hmac.compare_digest(signature, _signature(stamp)):
        return None
    return time.time() - int(stamp)


def filled_error(value) -> Message | None:
    """The honeypot field's validator: it must stay empty."""
    return FILLED_MESSAGE if isinstance(value, str) and value.strip() else None


def timing_error(request, field_name: str) -> Message | None:
    """A form sent back too fast or without a valid timestamp; a form-level message.

    Not a field message: the honeypot's field is hidden, people would not see it.
    """
    wanted = min_seconds()
    if not wanted:
        return None
    elapsed = seconds_since(request.form.get(started_name(field_name)))
    if elapsed is None or elapsed < wanted:
        return TOO_FAST_MESSAGE
    return None


def started_name(field_name: str) -> str:
    """The request key of the timestamp next to the honeypot ``form.widgets.<name>``."""
    return f"form.widgets.{field_name}{STARTED_SUFFIX}"


class HoneypotWidget(TextWidget):
    """The honeypot input (no autofill, no focus) plus the signed form timestamp."""

    @property
    def attributes(self) -> dict:
        attributes = dict(super().attributes)
        attributes.update({"autocomplete": "off", "tabindex": "-1"})
        return attributes

    @attributes.setter
    def attributes(self, value: dict) -> None:
        self._attributes = value

    def render(self) -> str:
        html = super().render()
        if self.mode != "input":
            return html
        return (
            f'{html}<input type="hidden" name="{self.name}{STARTED_SUFFIX}" '
            f'value="{timestamp()}" />'
        )


@implementer(IFieldWidget)
def HoneypotFieldWidget(field, request):
    """``form:widget`` of a honeypot field."""
    return FieldWidget(field, HoneypotWidget(request))
