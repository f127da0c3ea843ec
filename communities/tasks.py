"""Work done off the request by the task queue (Django's task framework, see settings.TASKS):
sending the e-mails that services recorded in the outbox.

Services record e-mails (communities.services.notifications) in the request's transaction and
hand their ids to ``email_deliver_task`` when it commits. A task may run twice (a retry, two
workers, a re-enqueue after a crash): it sends only rows still pending, each under its row lock,
so nobody gets an e-mail twice. Rows a worker never reached are picked up by the scheduled
``deliver_stranded`` job (health.jobs).
"""

from __future__ import annotations

from django_tasks import task

from .services.notifications import email_deliver_pending


@task()
def email_deliver_task(log_ids: list[int]) -> int:
    """Send the pending e-mails among ``log_ids`` (EmailMessageLog primary keys); returns how
    many the mail server accepted."""
    return email_deliver_pending(log_ids)
