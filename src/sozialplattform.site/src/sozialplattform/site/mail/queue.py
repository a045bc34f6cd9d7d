"""Durable outgoing mail: the MailHost writes mails to a maildir queue when the transaction
commits, and a background thread delivers them, retrying while the SMTP server is down.

Products.MailHost already knows queued delivery (``smtp_queue``/``smtp_queue_directory``)
and starts zope.sendmail's ``QueueProcessorThread`` on the first queued send. That thread
leaves a failed mail "claimed" (the ``.sending-<name>`` link) for three hours before it
tries again; ``RetryingQueueProcessor`` releases such a claim after ``RETRY_SECONDS``. It is
registered in MailHost's own thread table, so MailHost never starts a second thread for the
same directory.
"""

from pathlib import Path
from Products.MailHost import MailHost as mailhost_module
from sozialplattform.site import logger
from zope.sendmail.maildir import Maildir
from zope.sendmail.queue import QueueProcessorThread
import os
import time


#: How long a failed delivery waits before the next attempt (seconds).
RETRY_SECONDS = 60.0
#: How often the thread looks into the queue (seconds).
INTERVAL = 3.0
CLAIM_PREFIX = ".sending-"
QUEUE_VARIABLE = "SOZIALPLATTFORM_MAIL_QUEUE"


class RetryingQueueProcessor(QueueProcessorThread):
    """zope.sendmail's queue processor, retrying a failed mail after ``retry_seconds``.

    zope.sendmail claims a mail by hard-linking it to ``.sending-<name>`` (after touching
    it, so the link's mtime is the time of the attempt) and removes both when the SMTP
    server accepted the mail. A claim that is older than ``retry_seconds`` while the mail
    is still there belongs to a failed attempt (SMTP connections time out after 10 s):
    releasing it lets the next round try again.
    """

    def __init__(
        self, interval: float = INTERVAL, retry_seconds: float = RETRY_SECONDS
    ):
        super().__init__(interval=interval)
        self.retry_seconds = retry_seconds
        self.name = "sozialplattform.mail.queue"

    def _process_one_file(self, filename):
        head, tail = os.path.split(filename)
        claim = os.path.join(head, CLAIM_PREFIX + tail)
        try:
            age = time.time() - os.stat(claim).st_mtime
        except FileNotFoundError:
            age = None
        if age is not None and age >= self.retry_seconds:
            self._unlink_if_exists(claim)
        super()._process_one_file(filename)


def queue_directory_from_environ(environ) -> str | None:
    """The queue directory set by ``SOZIALPLATTFORM_MAIL_QUEUE``.

    None: the variable is not set (the MailHost keeps its setting). "": "off" or empty,
    mails go straight to the SMTP server when the transaction commits. Otherwise an
    absolute path.
    """
    value = environ.get(QUEUE_VARIABLE)
    if value is None:
        return None
    value = value.strip()
    if value.lower() in ("", "off"):
        return ""
    return os.path.abspath(value)


def ensure_maildir(directory: str) -> None:
    """Create the maildir (``cur``, ``new``, ``tmp``) and its parents when missing."""
    for sub in ("cur", "new", "tmp"):
        (Path(directory) / sub).mkdir(parents=True, exist_ok=True)


def apply_queue_settings(site, directory: str) -> bool:
    """Switch the site's MailHost to queued ("directory") or direct ("") delivery.

    Returns True when a persistent setting changed.
    """
    mailhost = site.MailHost
    changed = False
    if bool(mailhost.smtp_queue) != bool(directory):
        mailhost.smtp_queue = bool(directory)
        changed = True
    if directory:
        ensure_maildir(directory)
        if mailhost.smtp_queue_directory != directory:
            mailhost.smtp_queue_directory = directory
            changed = True
    return changed


def _thread_key(directory: str) -> str:
    return os.path.realpath(directory)


def start_queue_processor(
    mailhost, interval: float = INTERVAL, retry_seconds: float = RETRY_SECONDS
) -> RetryingQueueProcessor | None:
    """Deliver ``mailhost``'s queue in the background (one thread per directory).

    The directory is the environment's ``SOZIALPLATTFORM_MAIL_QUEUE`` when set, else the
    MailHost's own setting (``host.queue_directory``). Must run with the site set: the
    mailer reads host, port and credentials from the site's registry and the environment
    (``host.py``). A running thread gets a fresh mailer, so changed SMTP settings apply
    to queued mail too. Returns None without a queue, or when ``MAILHOST_QUEUE_ONLY``
    asks MailHost to only queue.
    """
    from sozialplattform.site.mail.host import queue_directory

    directory = queue_directory(mailhost)
    if not directory or os.environ.get("MAILHOST_QUEUE_ONLY"):
        return None
    ensure_maildir(directory)
    key = _thread_key(directory)
    with mailhost_module.MailBase.lock:
        thread = mailhost_module.queue_threads.get(key)
        if isinstance(thread, RetryingQueueProcessor) and thread.is_alive():
            thread.setMailer(mailhost._makeMailer())
            return thread
        if thread is not None:  # MailHost's own thread: replace it
            thread.stop()
            thread.join()
        thread = RetryingQueueProcessor(interval=interval, retry_seconds=retry_seconds)
        thread.setMailer(mailhost._makeMailer())
        thread.setQueuePath(directory)
        thread.start()
        mailhost_module.queue_threads[key] = thread
    logger.info("Mail queue %s: delivery thread started", directory)
    return thread


def stop_queue_processor(directory: str) -> None:
    """Stop the delivery thread of ``directory`` (tests, shutdown)."""
    with mailhost_module.MailBase.lock:
        thread = mailhost_module.queue_threads.pop(_thread_key(directory), None)
    if thread is not None:
        thread.stop()
        thread.join()


def queued_mails(directory: str) -> list[str]:
    """Paths of the mails waiting in the queue, oldest first (claims and rejects skipped)."""
    return list(Maildir(directory))
