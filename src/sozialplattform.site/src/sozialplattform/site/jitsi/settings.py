"""Settings of the Jitsi Meet integration (control panel "Video-Beratung").

Records ``sozialplattform.jitsi.*`` hold what a site administrator may change; the
environment (``instance.yaml`` → ``environment``) overrides each of them, so an operator
can pin them. The app secret is never a record: it is read from
``SOZIALPLATTFORM_JITSI_APP_SECRET`` (or the file named by
``SOZIALPLATTFORM_JITSI_APP_SECRET_FILE``) so that it is in no database, export, registry
listing or page (docs/operators/jitsi.md).
"""

from dataclasses import dataclass
from dataclasses import field
from plone import api
from sozialplattform.site import _
from zope import schema
from zope.interface import Interface
import os


RECORD_PREFIX = "sozialplattform.jitsi"
CONFIGLET_ID = "sozialplattform-jitsi"
ENV_PREFIX = "SOZIALPLATTFORM_JITSI_"
SECRET_VARIABLE = f"{ENV_PREFIX}APP_SECRET"
SECRET_FILE_VARIABLE = f"{ENV_PREFIX}APP_SECRET_FILE"
DEFAULT_DOMAIN = "meet.jit.si"
DEFAULT_OPEN_BEFORE = 15
DEFAULT_CLOSE_AFTER = 30


class IJitsiSettings(Interface):
    """Where the video rooms are and how long a token admits."""

    domain = schema.TextLine(
        title=_("label_jitsi_domain", default="Jitsi server"),
        description=_(
            "help_jitsi_domain",
            default="Host name of the Jitsi Meet server, e.g. meet.example.org (your "
            "own server: visitors' browsers connect to it only after they click "
            "'Join').",
        ),
        default=DEFAULT_DOMAIN,
        required=True,
    )
    app_id = schema.TextLine(
        title=_("label_jitsi_app_id", default="App ID"),
        description=_(
            "help_jitsi_app_id",
            default="The app_id of the Jitsi server's token authentication. The app "
            "secret is set by the operator in the environment "
            "(SOZIALPLATTFORM_JITSI_APP_SECRET), never here.",
        ),
        default="sozialplattform",
        required=False,
    )
    open_before_minutes = schema.Int(
        title=_("label_jitsi_open_before", default="Room opens (minutes before)"),
        default=DEFAULT_OPEN_BEFORE,
        min=0,
        max=240,
        required=True,
    )
    close_after_minutes = schema.Int(
        title=_(
            "label_jitsi_close_after", default="Room closes (minutes after the end)"
        ),
        default=DEFAULT_CLOSE_AFTER,
        min=0,
        max=240,
        required=True,
    )
    lobby = schema.Bool(
        title=_("label_jitsi_lobby", default="Waiting room (lobby)"),
        description=_(
            "help_jitsi_lobby",
            default="People seeking advice wait until a counsellor admits them.",
        ),
        default=True,
        required=False,
    )
    prejoin = schema.Bool(
        title=_(
            "label_jitsi_prejoin", default="Check camera and microphone before joining"
        ),
        default=True,
        required=False,
    )
    audio_only = schema.Bool(
        title=_("label_jitsi_audio_only", default="Audio only available"),
        description=_(
            "help_jitsi_audio_only",
            default="Participants may join without a camera (for weak connections).",
        ),
        default=True,
        required=False,
    )


FIELDS = tuple(schema.getFieldNamesInOrder(IJitsiSettings))


@dataclass(frozen=True)
class JitsiSettings:
    domain: str
    app_id: str
    open_before_minutes: int
    close_after_minutes: int
    lobby: bool
    prejoin: bool
    audio_only: bool
    #: never in a repr (log lines, tracebacks with locals)
    secret: str | None = field(repr=False)

    @property
    def protected(self) -> bool:
        """Rooms are admitted by signed tokens (else the room name alone admits)."""
        return bool(self.secret and self.app_id)


def _from_environ(name: str, field, environ):
    value = environ.get(f"{ENV_PREFIX}{name.upper()}")
    if value is None or value == "":
        return None
    if isinstance(field, schema.Bool):
        return value.strip().lower() in ("1", "true", "yes", "on")
    if isinstance(field, schema.Int):
        try:
            return int(value)
        except ValueError:
            return None
    return value.strip()


def secret_from_environ(environ=None) -> str | None:
    """The app secret of the environment (or of the file it names); None when unset."""
    environ = os.environ if environ is None else environ
    secret = environ.get(SECRET_VARIABLE) or ""
    path = environ.get(SECRET_FILE_VARIABLE)
    if not secret and path:
        try:
            with open(path, encoding="utf-8") as secret_file:
                secret = secret_file.read().strip()
        except OSError:
            secret = ""
    return secret or None


def get_settings(environ=None) -> JitsiSettings:
    """The settings in force: environment over registry over the field default."""
    environ = os.environ if environ is None else environ
    values = {}
    for name in FIELDS:
        field = IJitsiSettings[name]
        value = _from_environ(name, field, environ)
        if value is None:
            value = api.portal.get_registry_record(
                f"{RECORD_PREFIX}.{name}", default=None
            )
        if value is None or value == "":
            value = field.default
        values[name] = value
    values["domain"] = (values["domain"] or DEFAULT_DOMAIN).strip().lower()
    return JitsiSettings(secret=secret_from_environ(environ), **values)
