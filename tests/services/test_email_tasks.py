"""E-mail fan-out off the request: a meeting notice to a big community is recorded in the outbox
by the request and sent by a task on the database queue (django-tasks-db), once per member, and
a task that runs again sends nothing twice."""

from __future__ import annotations

import signal
from collections import Counter

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_tasks_db.backend import DatabaseBackend
from django_tasks_db.models import DBTaskResult

from communities.models import EmailMessageLog, Membership, MembershipPolicy
from communities.services import communities, memberships
from communities.services.memberships import member_counts_refresh
from communities.services.notifications import email_deliver_task
from tests.meeting_helpers import future_day
from tests.personas import add_member, make_person

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.clock("2026-11-30 12:00")]

OUTBOX_TABLES = (
    'INSERT INTO "communities_emailmessagelog"',
    'INSERT INTO "communities_emailattachment"',
)


@pytest.fixture
def queue(settings):
    """The database task queue, as in production: nothing runs until a worker does."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def _work() -> None:
    """One worker run over everything queued, then it exits (`db_worker` in batch mode). The
    worker installs its own Ctrl-C handlers: the test process gets its own back afterwards."""
    kept = {s: signal.getsignal(s) for s in (signal.SIGINT, signal.SIGTERM, signal.SIGQUIT)}
    try:
        call_command("db_worker", "--batch", "--no-startup-delay", "--interval", "0")
    finally:
        for number, handler in kept.items():
            signal.signal(number, handler)


def _community_of(size: int, name: str):
    community = communities.community_create(name=name, membership_policy=MembershipPolicy.OPEN)
    leader = make_person(f"lead-{name.lower()}")
    add_member(community, leader, role=Membership.Role.LEADER)
    User = get_user_model()
    people = User.objects.bulk_create(
        User(username=f"{name.lower()}-{i}", email=f"{name.lower()}-{i}@example.edu")
        for i in range(size - 1)
    )
    Membership.objects.bulk_create(Membership(community=community, user=p) for p in people)
    member_counts_refresh([community])
    return community, leader


def _schedule(client, community, leader) -> list[str]:
    """The leader schedules a meeting (members are told); returns the request's SQL."""
    client.force_login(leader)
    form = {
        "title": "Town hall", "day": future_day(10).isoformat(), "start_time": "12:00",
        "end_time": "13:00", "timezone": "America/Denver", "location": "Room 5",
        "online_url": "", "notes": "", "capacity": "",
    }  # fmt: skip
    url = reverse("communities:manage_meeting_new", args=[community.slug])
    with CaptureQueriesContext(connection) as queries:
        assert client.post(url, form).status_code == 302
    return [q["sql"] for q in queries.captured_queries]


def _not_outbox_batches(sql: list[str]) -> list[str]:
    # The outbox rows go in with bulk inserts, which SQLite splits into batches of ~100 rows.
    return [q for q in sql if not q.startswith(OUTBOX_TABLES)]


def test_a_notice_to_2000_members_is_queued_then_sent_once_to_each(client, queue):
    small, small_leader = _community_of(20, "Small")
    big, big_leader = _community_of(2000, "Big")
    few = _schedule(client, small, small_leader)
    many = _schedule(client, big, big_leader)

    # The request records the e-mails and queues one task per notice; it sends nothing itself,
    # and its statements do not grow with the members (bar the bulk-insert batches on SQLite).
    assert len(_not_outbox_batches(many)) == len(_not_outbox_batches(few))
    if connection.vendor == "postgresql":
        assert len(many) == len(few)
    assert mail.outbox == []
    assert DBTaskResult.objects.count() == 2
    assert EmailMessageLog.objects.filter(status="pending").count() == 2020

    _work()

    received = Counter(message.to[0] for message in mail.outbox)
    assert len(received) == 2020 and set(received.values()) == {1}
    assert not EmailMessageLog.objects.exclude(status="sent").exists()
    assert set(DBTaskResult.objects.values_list("status", flat=True)) == {"SUCCESSFUL"}

    # A retried task, or the same ids queued again, sends nothing twice.
    ids = list(EmailMessageLog.objects.values_list("pk", flat=True))
    assert email_deliver_task.call(ids) == 0
    email_deliver_task.enqueue(ids)
    _work()
    assert len(mail.outbox) == 2020


def test_a_join_request_reaches_the_leader_through_the_queue(queue, make_community, make_user):
    community = make_community(membership_policy=MembershipPolicy.REQUEST)
    leader, asker = make_user(), make_user()
    add_member(community, leader, role=Membership.Role.LEADER)
    memberships.membership_join(user=asker, community=community)
    assert mail.outbox == []
    _work()
    assert [m.to for m in mail.outbox] == [[leader.email]]


def test_e_mails_a_queue_never_took_are_sent_by_the_stranded_job(
    queue, monkeypatch, make_community, make_user
):
    community = make_community(membership_policy=MembershipPolicy.REQUEST)
    leader, asker = make_user(), make_user()
    add_member(community, leader, role=Membership.Role.LEADER)

    def down(*args, **kwargs):
        raise ConnectionError("queue unreachable")

    monkeypatch.setattr(DatabaseBackend, "enqueue", down)
    membership = memberships.membership_join(user=asker, community=community)
    assert membership.state == Membership.State.PENDING  # the join itself is saved
    assert EmailMessageLog.objects.filter(status="pending").count() == 1
    EmailMessageLog.objects.update(created_at="2026-11-30T00:00:00Z")  # long enough ago
    call_command("run_due_jobs", stdout=None)
    assert [m.to for m in mail.outbox] == [[leader.email]]


def test_the_scheduled_jobs_can_be_queued_for_a_worker(queue):
    call_command("run_due_jobs", "--enqueue", stdout=None)
    assert DBTaskResult.objects.get().status == "READY"
    _work()
    result = DBTaskResult.objects.get()
    assert result.status == "SUCCESSFUL" and "digests sent" in result.return_value
