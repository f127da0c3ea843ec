"""Outgoing e-mail: recorded first, sent after the transaction commits, failures logged not raised.

A failing mail server must never lose the data the e-mail is about, nor show the user an error page:
the row in EmailMessageLog survives, the failure is logged, and a coordinator can re-send it from admin.

Sending is off the request: when the transaction that recorded the e-mails commits, their ids go
to a task (``email_deliver_task`` below, run by a worker), which sends each row still
pending exactly once (email_deliver_pending).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.utils import timezone
from django_tasks import task

from ..models import EmailAttachment, EmailMessageLog
from ..permissions import COORDINATORS_GROUP
from ..validators import single_line
from .locking import lock

logger = logging.getLogger(__name__)


def _template_path(template: str) -> str:
    """Each app keeps its own e-mail templates: ``proposal_approved`` is
    communities/email/proposal_approved.txt, ``health/pulse`` is health/email/pulse.txt."""
    app, _, name = template.rpartition("/")
    return f"{app or 'communities'}/email/{name}.txt"


def coordinator_addresses() -> list[str]:
    """E-mail addresses of active staff users in the Coordinators group, plus COORDINATOR_EMAILS.

    Returns a sorted list without duplicates or blanks.
    """
    users = (
        get_user_model()
        .objects.filter(is_active=True, is_staff=True, groups__name=COORDINATORS_GROUP)
        .exclude(email="")
    )
    return sorted({*users.values_list("email", flat=True), *settings.COORDINATOR_EMAILS})


def email_send(
    *,
    to: Iterable[str],
    template: str,
    context: dict,
    bcc: Iterable[str] = (),
    attachments: Iterable[tuple[str, str, str]] = (),
    headers: dict[str, str] | None = None,
) -> EmailMessageLog | None:
    """Record an e-mail rendered from ``template`` (see _template_path) and send it on commit.

    The template's first line is the subject. ``context`` gets ``site_name`` and ``site_url``.
    ``bcc`` adds blind-copy recipients; ``attachments`` are ``(filename, text, mimetype)`` triples,
    stored with the log so a re-send from admin includes them, as are extra ``headers``.
    Returns the log row, or None when there is nobody to send to. Never raises for mail errors.
    """
    recipients = sorted({address for address in to if address})
    blind = sorted({address for address in bcc if address} - set(recipients))
    if not recipients and not blind:
        return None
    context = {"site_name": settings.SITE_NAME, "site_url": settings.SITE_URL, **context}
    subject, _, body = render_to_string(_template_path(template), context).partition("\n")
    log = EmailMessageLog.objects.create(
        to=", ".join(recipients),
        bcc=", ".join(blind),
        headers=headers or {},
        subject=single_line(subject.strip())[:300],
        body=body.strip() + "\n",
    )
    EmailAttachment.objects.bulk_create(
        EmailAttachment(log=log, filename=name, content=content, mimetype=mimetype)
        for name, content, mimetype in attachments
    )
    _hand_off([log])
    return log


def _message(log: EmailMessageLog, attachments, connection=None) -> EmailMessage:
    message = EmailMessage(
        subject=single_line(log.subject),  # a stored line break would fail every send
        body=log.body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=log.recipients(),
        bcc=log.bcc_recipients(),
        headers=log.headers or None,
        connection=connection,
    )
    for attachment in attachments:
        message.attach(attachment.filename, attachment.content, attachment.mimetype)
    return message


def _try_send(log: EmailMessageLog, message: EmailMessage) -> bool:
    """Send and record the outcome on ``log`` (not saved). Never raises."""
    log.attempts += 1
    try:
        message.send()
    except Exception as error:  # any backend failure: SMTP, DNS, timeouts, refused connections
        logger.exception("E-mail %s to %s failed", log.pk, log.to)
        log.status, log.error = EmailMessageLog.Status.FAILED, f"{type(error).__name__}: {error}"
        return False
    log.status, log.error, log.sent_at = EmailMessageLog.Status.SENT, "", timezone.now()
    return True


def email_deliver(log: EmailMessageLog) -> bool:
    """Try to send one logged e-mail now; record the outcome on the row.

    Returns True when the backend accepted it. Exceptions from the backend are logged, stored in
    ``log.error`` and swallowed, so callers (views, admin actions, jobs) never fail because of mail.
    """
    sent = _try_send(log, _message(log, log.attachments.all()))
    log.save(update_fields=["status", "error", "attempts", "sent_at"])
    return sent


def email_send_each(
    *,
    template: str,
    items: Iterable[tuple[str, dict, dict[str, str]]],
    attachments: Iterable[tuple[str, str, str]] = (),
) -> list[EmailMessageLog]:
    """One personal e-mail per ``(address, context, headers)`` item, all from ``template`` and with
    the same ``attachments``: a mail-merge for many members.

    Same promise as email_send (logged first, sent after commit, failures recorded, never raised),
    but in a constant number of queries, and sent over one mail-server connection.
    Items without an address are skipped. Returns the log rows.
    """
    logs = []
    for address, context, headers in items:
        if not address:
            continue
        context = {"site_name": settings.SITE_NAME, "site_url": settings.SITE_URL, **context}
        subject, _, body = render_to_string(_template_path(template), context).partition("\n")
        logs.append(
            EmailMessageLog(
                to=address,
                headers=headers,
                subject=single_line(subject.strip())[:300],
                body=body.strip() + "\n",
            )
        )
    if not logs:
        return []
    logs = EmailMessageLog.objects.bulk_create(logs)
    files = [EmailAttachment(filename=n, content=c, mimetype=m) for n, c, m in attachments]
    EmailAttachment.objects.bulk_create(
        EmailAttachment(log=log, filename=f.filename, content=f.content, mimetype=f.mimetype)
        for log in logs
        for f in files
    )
    _hand_off(logs)
    return logs


def email_deliver_many(
    logs: list[EmailMessageLog], attachments: list[EmailAttachment] | None = None
) -> int:
    """Send logged e-mails over one connection and record each outcome (one UPDATE query).
    ``attachments`` go with every e-mail; None sends each log's own (prefetch them).

    Returns how many the backend accepted. Never raises: a connection that cannot even be opened
    marks every row failed, for a coordinator to re-send from admin.
    """
    sent = 0
    try:
        with get_connection() as connection:
            for log in logs:
                files = log.attachments.all() if attachments is None else attachments
                sent += _try_send(log, _message(log, files, connection))
    except Exception as error:  # opening or closing the connection failed
        logger.exception("Mail connection failed for %s e-mails", len(logs))
        for log in logs:
            if log.status != EmailMessageLog.Status.SENT:
                log.status = EmailMessageLog.Status.FAILED
                log.error = f"{type(error).__name__}: {error}"
    # Sent rows in one UPDATE (bulk_update's CASE per row costs more than the sending); failures
    # are rare and each has its own error text.
    done = [log for log in logs if log.status == EmailMessageLog.Status.SENT]
    EmailMessageLog.objects.filter(pk__in=[log.pk for log in done]).update(
        status=EmailMessageLog.Status.SENT, error="", attempts=F("attempts") + 1,
        sent_at=timezone.now(),
    )  # fmt: skip
    for log in logs:
        if log.status != EmailMessageLog.Status.SENT:
            log.save(update_fields=["status", "error", "attempts", "sent_at"])
    return sent


def _hand_off(logs: list[EmailMessageLog]) -> None:
    """Send ``logs`` by a task once the current transaction commits (right away outside one).
    If the task cannot be queued the rows stay pending: the scheduled deliver_stranded job sends
    them, so nothing is lost."""
    ids = [log.pk for log in logs]

    def enqueue():

        try:
            email_deliver_task.enqueue(ids)
        except Exception:  # a queue that is down must not turn a saved change into an error
            logger.exception(
                "Could not queue %s e-mails; deliver_stranded will send them", len(ids)
            )

    transaction.on_commit(enqueue)


DELIVERY_CHUNK = 200


def email_deliver_pending(log_ids: Iterable[int]) -> int:
    """Send the e-mails among ``log_ids`` that are still pending, DELIVERY_CHUNK at a time over
    one mail-server connection each; returns how many were accepted.

    Each chunk's rows are locked (skip_locked) and sent in one transaction, and only rows still
    ``pending`` are read: a task that runs again, or a second worker, sends nothing twice. (A
    worker killed while its mail server accepts a chunk rolls the chunk's status back, so that
    chunk can go out again: at most DELIVERY_CHUNK duplicates in that rare case, never a loss.)
    """
    ids = sorted(set(log_ids))
    sent = 0
    for start in range(0, len(ids), DELIVERY_CHUNK):
        chunk = ids[start : start + DELIVERY_CHUNK]
        with transaction.atomic():
            pending = EmailMessageLog.objects.filter(
                pk__in=chunk, status=EmailMessageLog.Status.PENDING
            ).order_by("pk")
            logs = list(lock(pending, skip_locked=True).prefetch_related("attachments"))
            if logs:
                sent += email_deliver_many(logs)
    return sent


# A task may run twice (a retry, two workers, a re-enqueue after a crash): it sends only rows still
# pending, each under its row lock, so nobody gets an e-mail twice. Rows a worker never reached are
# picked up by the scheduled deliver_stranded job (health.jobs). Defined here, next to what it
# calls and what enqueues it, so no module imports the other both ways.
@task()
def email_deliver_task(log_ids: list[int]) -> int:
    """Send the pending e-mails among ``log_ids`` (EmailMessageLog primary keys); returns how
    many the mail server accepted."""
    return email_deliver_pending(log_ids)
