"""The scheduled job run twice at the same moment on PostgreSQL sends every e-mail once."""

import threading
from collections import Counter

import pytest
from django.core import mail
from django.db import connection
from django.utils import timezone

from communities.models import EmailMessageLog, Membership
from health import jobs
from health.models import JobRecord, RenewalRequest
from tests.personas import add_member

from .conftest import attend, backdate, rsvp

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _run_together(workers: int, now) -> list[BaseException]:
    barrier, errors = threading.Barrier(workers), []

    def work():
        try:
            barrier.wait()
            report = jobs.run_due_jobs(now)
            assert min(report.values()) >= 0, report
        except BaseException as error:  # reported to the test thread below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=work) for _ in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return errors


@pytest.mark.clock("2026-11-30 12:00")  # a Monday noon in Denver: the weekly digests are due too
def test_two_runs_at_once_send_each_email_once(make_community, make_user, make_meeting):
    if connection.vendor != "postgresql":
        pytest.skip("Row locks and concurrent writers need PostgreSQL.")
    expected = 0
    for c in range(4):
        community = backdate(make_community(f"Group {c}"), 370)  # renewal due, dormancy due
        add_member(community, make_user(f"lead{c}"), role=Membership.Role.LEADER)
        for when in (-1, -2):
            meeting = make_meeting(community, days_from_now=when, title=f"Meeting {c}{when}")
            for i in range(6):
                user = make_user(f"m{c}{when}{i}")
                add_member(community, user)
                (attend if i % 2 else rsvp)(meeting, user)
                expected += 1
    make_meeting(community, days_from_now=5)  # one community stays active
    now = timezone.now()

    assert _run_together(2, now) == []

    sent = Counter((m.subject, tuple(m.to)) for m in mail.outbox)
    assert sent and max(sent.values()) == 1, [k for k, n in sent.items() if n > 1]
    assert sum("How was" in subject for subject, _ in sent) == expected
    assert sum(s.startswith("This week in") for s, _ in sent) == 4
    assert RenewalRequest.objects.count() == 4
    assert EmailMessageLog.objects.count() == len(mail.outbox)
    assert JobRecord.objects.filter(job="pulse").count() == expected
    # A third run afterwards finds nothing left to do.
    before = len(mail.outbox)
    assert _run_together(1, now) == []
    assert len(mail.outbox) == before
