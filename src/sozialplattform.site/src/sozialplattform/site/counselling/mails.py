"""Notice mails of the written counselling, through ``mail.message.send``.

They never contain message text, pseudonyms or topics, only that something happened and
a link built from the configured site URL:

- ``seeker_wrote``: to the centre's counsellors (their accounts' e-mail addresses) on a
  new seeker message, at most once per conversation until a counsellor has read it;
- ``counsellor_replied``: to the seeker's optional notice address on a reply, at most
  once until the seeker has read it (the link is the general page: the secret link is
  known only to the seeker);
- ``deleted``: to the counsellors when a seeker deleted a conversation.
"""

from plone import api
from sozialplattform.site import _
from sozialplattform.site.counselling.conversations import centre_of
from sozialplattform.site.counselling.keys import counsellor_ids
from sozialplattform.site.language import translate_for_site
from sozialplattform.site.mail.message import send
from sozialplattform.site.site_url import public_url


GREETING = _("counselling_mail_greeting", default="Hello,")
NO_CONTENT = _(
    "counselling_mail_no_content",
    default="For the confidentiality of the counselling this mail contains no content.",
)


def counsellor_addresses(centre) -> list[str]:
    addresses = []
    for userid in sorted(counsellor_ids(centre)):
        user = api.user.get(userid=userid)
        address = user.getProperty("email", "") if user is not None else ""
        if address:
            addresses.append(address)
    return addresses


def _to_counsellors(centre, subject, paragraphs) -> int:
    addresses = counsellor_addresses(centre)
    for address in addresses:
        send(
            address,
            translate_for_site(subject),
            [translate_for_site(p) for p in paragraphs],
        )
    return len(addresses)


def seeker_wrote(conversation) -> bool:
    """A new seeker message: the counsellors' notice, unless one is still unread."""
    if conversation.counsellors_notified:
        return False
    centre = centre_of(conversation)
    folder_url = public_url(conversation.aq_parent)
    sent = _to_counsellors(
        centre,
        _(
            "counselling_mail_subject_new",
            default="New message in the online counselling",
        ),
        [
            GREETING,
            _(
                "counselling_mail_new",
                default="A new message is waiting in your centre's online counselling.",
            ),
            _(
                "counselling_mail_inbox",
                default="Inbox: ${url}",
                mapping={"url": folder_url},
            ),
            NO_CONTENT,
        ],
    )
    conversation.counsellors_notified = bool(sent)
    return bool(sent)


def counsellor_replied(conversation) -> bool:
    """A counsellor's reply: the seeker's notice (only with a notice address)."""
    address = conversation.notify_email
    if not address or conversation.seeker_notified:
        return False
    send(
        address,
        translate_for_site(
            _("counselling_mail_subject_reply", default="You have a reply")
        ),
        [
            translate_for_site(GREETING),
            translate_for_site(
                _(
                    "counselling_mail_reply",
                    default="There is a new answer in your online counselling. Open it "
                    "with the secret link you saved when you started the conversation.",
                )
            ),
            translate_for_site(
                _(
                    "counselling_mail_reply_site",
                    default="Online counselling: ${url}",
                    mapping={"url": f"{public_url()}/@@beratung"},
                )
            ),
            translate_for_site(NO_CONTENT),
        ],
    )
    conversation.seeker_notified = True
    return True


def deleted(centre) -> int:
    """The seeker deleted a conversation (sent after it is gone)."""
    return _to_counsellors(
        centre,
        _(
            "counselling_mail_subject_deleted",
            default="A conversation was deleted in the online counselling",
        ),
        [
            GREETING,
            _(
                "counselling_mail_deleted",
                default="A person seeking advice has deleted their conversation with "
                "your centre. It is no longer available.",
            ),
            NO_CONTENT,
        ],
    )
