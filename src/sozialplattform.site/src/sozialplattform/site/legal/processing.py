"""What the platform processes, for the privacy statement: purpose, legal basis, retention.

Retention periods are read where the platform keeps them: a ``RetentionPolicy`` utility
(``sozialplattform.site.retention``) or an operator setting. A function that only applies
once a State takes part (``later``) names the policy it will register; until then the
statement says the period follows with the function.
"""

from collections.abc import Callable
from dataclasses import dataclass
from sozialplattform.site import _
from sozialplattform.site.finder.settings import map_settings
from sozialplattform.site.legal.settings import operator_settings
from sozialplattform.site.retention import IRetentionPolicy
from zope.component import queryUtility
from zope.i18nmessageid import Message


@dataclass(frozen=True)
class Processing:
    id: str
    title: Message
    data: Message | Callable[[], Message]
    purpose: Message
    legal_basis: Message
    retention: Callable[[], Message]
    #: Applies once the centre's State takes part in the function.
    later: bool = False


def policy_days(name: str) -> int | None:
    """The period of the registered retention policy ``name``, or None."""
    policy = queryUtility(IRetentionPolicy, name=name)
    return None if policy is None else int(policy.days())


def _policy_retention(name: str, message: Message) -> Callable[[], Message]:
    """The period of policy ``name`` as ``${days}`` of ``message``, or a later date."""

    def retention():
        days = policy_days(name)
        if days is None:
            return _(
                "retention_with_function",
                default="The retention period is stated here as soon as the "
                "function is available.",
            )
        return Message(message, mapping={"days": days})

    return retention


def _onboarding_retention() -> Message:
    return _(
        "retention_onboarding",
        default="Rejected and withdrawn requests are deleted ${days} days after their "
        "last step; accepted requests are kept as the record of the connection and "
        "of the data processing agreement.",
        mapping={"days": policy_days("onboarding-requests")},
    )


def _server_log_retention() -> Message:
    return _(
        "retention_server_logs",
        default="${days} days, then deleted.",
        mapping={"days": operator_settings().server_log_days or 7},
    )


def _map_data() -> Message:
    return _(
        "data_map_tiles",
        default="Your IP address and the requested map section, sent by your browser "
        "to the tile server ${host}.",
        mapping={"host": map_settings()["tile_host"]},
    )


def _fixed(message: Message) -> Callable[[], Message]:
    return lambda: message


PROCESSINGS = (
    Processing(
        "onboarding",
        _("processing_onboarding", default="Interest form and onboarding requests"),
        _(
            "data_onboarding",
            default="Name and address of the centre, contact person, e-mail, phone, "
            "wanted functions, your message.",
        ),
        _(
            "purpose_onboarding",
            default="Connecting your counselling centre to the platform: checking the "
            "request, the data processing agreement, creating access.",
        ),
        _(
            "basis_onboarding",
            default="Art. 6 (1) (b) GDPR (steps prior to an agreement at your request).",
        ),
        _onboarding_retention,
    ),
    Processing(
        "accounts",
        _("processing_accounts", default="User accounts"),
        _("data_accounts", default="Name, e-mail, login name, password (hashed)."),
        _(
            "purpose_accounts",
            default="Centres and State editors maintain their entries; changes are "
            "recorded with their author.",
        ),
        _("basis_accounts", default="Art. 6 (1) (b) GDPR (terms of use)."),
        _fixed(
            _(
                "retention_accounts",
                default="As long as the account exists; it is deleted on request or "
                "when the connection ends.",
            )
        ),
    ),
    Processing(
        "map",
        _("processing_map", default="Map in the finder (only after your consent)"),
        _map_data,
        _(
            "purpose_map",
            default="Showing the centres on a map. Nothing is loaded before you click "
            '"Show map"; the choice is kept only for this browser tab.',
        ),
        _("basis_map", default="Art. 6 (1) (a) GDPR (consent)."),
        _fixed(
            _(
                "retention_map",
                default="The platform stores nothing; the tile server's privacy "
                "policy applies.",
            )
        ),
    ),
    Processing(
        "mail",
        _("processing_mail", default="E-mails of the platform"),
        _("data_mail", default="E-mail address, name, the message's content."),
        _(
            "purpose_mail",
            default="Confirmations, access data and notices about requests and entries.",
        ),
        _(
            "basis_mail",
            default="Art. 6 (1) (b) GDPR, as the processing the mail belongs to.",
        ),
        _fixed(
            _(
                "retention_mail",
                default="The platform keeps no copy; a mail leaves the outgoing queue "
                "once it is delivered.",
            )
        ),
    ),
    Processing(
        "server_logs",
        _("processing_server_logs", default="Server logs"),
        _(
            "data_server_logs",
            default="IP address, date and time, requested address, status, browser.",
        ),
        _(
            "purpose_server_logs",
            default="Operating the platform securely, finding errors and attacks.",
        ),
        _(
            "basis_server_logs",
            default="Art. 6 (1) (f) GDPR (legitimate interest in secure operation); "
            "for public bodies Art. 6 (1) (e) GDPR.",
        ),
        _server_log_retention,
    ),
    Processing(
        "bookings",
        _("processing_bookings", default="Online booking"),
        _(
            "data_bookings",
            default="Name, contact details, the appointment, optionally the reason.",
        ),
        _("purpose_bookings", default="Arranging an appointment with the centre."),
        _(
            "basis_bookings",
            default="Art. 6 (1) (b) GDPR; for information on health or other special "
            "categories Art. 9 (2) (a) GDPR (consent).",
        ),
        _policy_retention(
            "bookings",
            _(
                "retention_bookings",
                default="Deleted ${days} days after the appointment.",
            ),
        ),
        later=True,
    ),
    Processing(
        "counselling",
        _("processing_counselling", default="Written online counselling"),
        _(
            "data_counselling",
            default="A pseudonym you choose, your messages and the counsellor's.",
        ),
        _("purpose_counselling", default="Counselling in writing."),
        _(
            "basis_counselling",
            default="Art. 6 (1) (b) GDPR and Art. 9 (2) (a) GDPR (consent).",
        ),
        _policy_retention(
            "counselling",
            _(
                "retention_counselling",
                default="Deleted ${days} days after the counselling ends.",
            ),
        ),
        later=True,
    ),
    Processing(
        "video",
        _("processing_video", default="Video counselling (Jitsi Meet)"),
        _(
            "data_video",
            default="IP address, picture and sound during the conversation, the "
            "display name you enter.",
        ),
        _("purpose_video", default="Counselling by video in the browser."),
        _(
            "basis_video",
            default="Art. 6 (1) (b) GDPR and Art. 9 (2) (a) GDPR (consent).",
        ),
        _policy_retention(
            "video",
            _(
                "retention_video",
                default="Connection data are deleted after ${days} days; "
                "conversations are not recorded.",
            ),
        ),
        later=True,
    ),
)


def processings() -> list[dict]:
    """The processings with their texts, as the privacy page shows them."""
    return [
        {
            "id": item.id,
            "title": item.title,
            "data": item.data() if callable(item.data) else item.data,
            "purpose": item.purpose,
            "legal_basis": item.legal_basis,
            "retention": item.retention(),
            "later": item.later,
        }
        for item in PROCESSINGS
    ]
