"""The scheduled work as a task: ``manage.py run_due_jobs --enqueue`` (from cron) queues it and a
worker runs it, so cron's own process does no work (see health.jobs for why it is safe to run
twice at once and after a crash)."""

from __future__ import annotations

from django_tasks import task

from .jobs import run_due_jobs


@task()
def run_due_jobs_task() -> dict[str, int]:
    """Run every scheduled job once (health.jobs.run_due_jobs); returns its report, kept with
    the task's result."""
    return run_due_jobs()
