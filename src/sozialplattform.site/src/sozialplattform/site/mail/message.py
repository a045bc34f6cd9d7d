"""Compose and send the platform's plain-text mails (onboarding, booking, counselling).

``send(to, subject, paragraphs, reply_to=..., attachments=...)`` builds the message from
the site's sender and hands it to the MailHost; it leaves when the transaction commits
(into the mail queue, if there is one), so an aborted request sends nothing.
``translate_for_site`` (``language.py``) writes a message in the site's default
language, not the browser's: a mail goes to someone else than the one who caused it. Links in mails
come from ``site_url.public_url`` (the configured public URL, never the Host header).

Why not ``plone.api.portal.send_email``: it has neither attachments nor Reply-To.
"""

from dataclasses import dataclass
from email import policy
from email.message import EmailMessage
from email.utils import formataddr
from pathlib import Path
from plone import api
from sozialplattform.site import logger
from sozialplattform.site.content.fields import as_one_line
from sozialplattform.site.mail.queue import start_queue_processor
from sozialplattform.site.mail.settings import sender


@dataclass(frozen=True)
class Attachment:
    """A file of a mail; text (``str`` data, e.g. an iCalendar object) goes as UTF-8
    with its ``params`` on the Content-Type (``{"method": "REQUEST"}``)."""

    filename: str
    data: bytes | str
    mimetype: str = "application/octet-stream"
    params: tuple = ()

    @classmethod
    def from_path(cls, path: Path, mimetype: str) -> "Attachment":
        """A file shipped with the package (e.g. a PDF under ``distributions/``)."""
        return cls(path.name, path.read_bytes(), mimetype)

    @classmethod
    def from_named_file(cls, named_file, filename: str = "") -> "Attachment":
        """A ``plone.namedfile`` value (a File's ``file``, a request's upload)."""
        return cls(
            named_file.filename or filename,
            named_file.data,
            named_file.contentType or "application/octet-stream",
        )


def compose(
    to: str,
    subject: str,
    paragraphs,
    *,
    from_name: str,
    from_address: str,
    reply_to: str | None = None,
    attachments=(),
) -> EmailMessage:
    """A plain-text message; empty paragraphs are left out."""
    # CRLF line ends: MailHost hands the bytes to smtplib unchanged, and SMTP servers
    # refuse bare LF in longer messages ("Line too long").
    message = EmailMessage(policy=policy.SMTP)
    # Header values never contain a line break (the email package refuses them, also
    # U+2028 and friends): titles and names come from user input.
    message["Subject"] = as_one_line(subject)
    name = as_one_line(from_name)
    message["From"] = formataddr((name, from_address)) if name else from_address
    message["To"] = as_one_line(to)
    if reply_to:
        message["Reply-To"] = as_one_line(reply_to)
    message.set_content("\n\n".join(p for p in paragraphs if p) + "\n")
    for attachment in attachments:
        maintype, subtype = attachment.mimetype.split("/", 1)
        if isinstance(attachment.data, str):
            message.add_attachment(
                attachment.data,
                subtype=subtype,
                filename=as_one_line(attachment.filename),
                params=dict(attachment.params),
            )
            continue
        message.add_attachment(
            attachment.data,
            maintype=maintype,
            subtype=subtype,
            filename=as_one_line(attachment.filename),
        )
    return message


def can_send() -> bool:
    """Whether the site has a sender address (without one ``send`` sends nothing)."""
    return bool(sender()[1])


def send(
    to: str,
    subject: str,
    paragraphs,
    *,
    reply_to: str | None = None,
    attachments=(),
) -> EmailMessage | None:
    """Send a plain-text mail from the site's sender when the transaction commits.

    Without a sender address (environment or mail control panel) nothing is sent and an
    error is logged: the caller's own change is stored either way. Returns the message.
    """
    name, address = sender()
    if not address:
        logger.error("Mail to %s not sent: no sender address is set", to)
        return None
    message = compose(
        to,
        subject,
        paragraphs,
        from_name=name,
        from_address=address,
        reply_to=reply_to,
        attachments=attachments,
    )
    mailhost = api.portal.get_tool("MailHost")
    # With a queue (instance.yaml's mail_queue_directory) the mail is stored on commit and
    # retried while the SMTP server is down; the request never fails over the mail.
    start_queue_processor(mailhost)
    mailhost.send(message, immediate=False)
    return message
