"""Run the scheduled work once: pulses, dormancy, renewals, reminders and weekly digests."""

from django.core.management.base import BaseCommand

from health.jobs import run_due_jobs
from health.tasks import run_due_jobs_task


class Command(BaseCommand):
    help = (
        "Send due pulses, renewals, reminders and digests and update dormancy. Run it every few "
        "minutes from cron; safe to run twice at once and after a crash."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--enqueue",
            action="store_true",
            help="Queue the work for a task worker (manage.py db_worker) instead of running it here.",
        )

    def handle(self, *args, **options):
        if options["enqueue"]:
            result = run_due_jobs_task.enqueue()
            self.stdout.write(f"queued: task {result.id}")
            return
        report = run_due_jobs()
        failed = [name for name, count in report.items() if count < 0]
        for name, count in report.items():
            self.stdout.write(f"{name}: {'FAILED (see log)' if count < 0 else count}")
        if failed:
            raise SystemExit(1)
