from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from communities.models import Community, EmailMessageLog, Membership
from health import jobs
from health.jobs.digests import digest_period
from health.models import JobRecord, RenewalRequest
from tests.conftest import at_site_time
from tests.personas import add_member

from .conftest import attend, backdate, rsvp


@pytest.fixture
def run(django_capture_on_commit_callbacks):
    """Run every job at ``now`` (default: now), delivering e-mail as a real commit would."""

    def run_at(now=None):
        with django_capture_on_commit_callbacks(execute=True):
            return jobs.run_due_jobs(now or timezone.now())

    return run_at


def subjects(prefix=""):
    return [m.subject for m in mail.outbox if m.subject.startswith(prefix)]


def test_pulses_go_once_to_those_present_or_going(
    run, make_meeting, community, member, employee, make_user
):
    meeting = make_meeting(community, days_from_now=-1, title="March meetup")
    absent, said_no = make_user("absent"), make_user("said-no")
    attend(meeting, member)
    rsvp(meeting, employee)
    rsvp(meeting, absent)
    attend(meeting, absent, present=False)
    rsvp(meeting, said_no, status="no")
    run()
    run()
    pulses = [m for m in mail.outbox if "March meetup" in m.subject]
    assert sorted(m.to[0] for m in pulses) == ["employee@example.edu", "member@example.edu"]


def test_people_marked_present_later_get_theirs_on_a_later_run(
    run, make_meeting, community, member, employee
):
    meeting = make_meeting(community, days_from_now=-1)
    attend(meeting, member)
    run()
    attend(meeting, employee)
    run()
    assert sorted(m.to[0] for m in mail.outbox if "How was" in m.subject) == [
        "employee@example.edu",
        "member@example.edu",
    ]


def test_no_pulse_before_a_meeting_ends_nor_long_after(run, make_meeting, community, member):
    attend(make_meeting(community, days_from_now=2), member)
    attend(make_meeting(community, days_from_now=-30), member)
    run()
    assert subjects("How was") == []


def test_never_an_email_about_a_cancelled_meeting_or_an_archived_community(
    run, make_meeting, make_community, community, member, leader
):
    attend(make_meeting(community, days_from_now=-1, cancelled=True), member)
    archived = make_community("Old Group", status=Community.Status.ARCHIVED)
    add_member(archived, leader, role=Membership.Role.LEADER)
    add_member(archived, member)
    attend(make_meeting(archived, days_from_now=-1), member)
    make_meeting(archived, days_from_now=3)
    backdate(archived, 800)
    run()
    assert not [m for m in mail.outbox if "Old Group" in m.subject + m.body]
    assert subjects("How was") == []


def test_a_community_with_no_meeting_for_181_days_becomes_dormant(
    run, make_meeting, make_community
):
    stale = backdate(make_community("Stale Group"), 400)
    make_meeting(stale, days_from_now=-181)
    fresh = backdate(make_community("Fresh Group"), 400)
    make_meeting(fresh, days_from_now=-179)
    run()
    stale.refresh_from_db()
    fresh.refresh_from_db()
    assert (stale.status, fresh.status) == ("dormant", "active")
    assert stale.history.first().status == "dormant"  # the change is in the history


def test_the_dormancy_limit_is_a_setting(run, make_meeting, make_community, settings):
    settings.DORMANT_AFTER_DAYS = 30
    group = backdate(make_community("Monthly Group"), 400)
    make_meeting(group, days_from_now=-31)
    run()
    group.refresh_from_db()
    assert group.status == "dormant"


def test_a_new_community_that_never_met_has_grace_from_its_approval(run, make_community):
    young, old = make_community("Young"), backdate(make_community("Old"), 200)
    run()
    young.refresh_from_db()
    old.refresh_from_db()
    assert (young.status, old.status) == ("active", "dormant")


def test_scheduling_a_meeting_makes_a_dormant_community_active_again(
    run, make_meeting, make_community
):
    group = backdate(make_community("Sleepy", status="dormant"), 400)
    make_meeting(group, days_from_now=10)
    run()
    group.refresh_from_db()
    assert group.status == "active"


def test_leaders_are_warned_once_before_dormancy(run, make_meeting, community, leader):
    backdate(community, 400)
    make_meeting(community, days_from_now=-160)
    run()
    run()
    assert len(subjects("Accessibility Community of Practice will be marked dormant")) == 1


def test_renewal_is_asked_on_the_anniversary_then_reminded_then_coordinators_told(
    run, community, leader, coordinator
):
    backdate(community, 366)
    run()
    renewal = RenewalRequest.objects.get(community=community)
    assert renewal.year == 1 and subjects("Yearly renewal") != []
    run(timezone.now() + timedelta(days=15))
    assert len(subjects("Reminder: Yearly renewal")) == 1
    run(timezone.now() + timedelta(days=31))
    run(timezone.now() + timedelta(days=32))
    overdue = [m for m in mail.outbox if m.subject.startswith("Renewal overdue")]
    assert len(overdue) == 1 and overdue[0].to == ["coordinator@example.edu"]


def test_a_confirmed_renewal_is_not_reported(run, community, leader, coordinator, client):
    backdate(community, 366)
    run()
    client.force_login(leader)
    client.post(
        f"/c/{community.slug}/renewal/",
        {
            "description": "We share accessible design practice every month.",
            "meeting_cadence": "Monthly",
            "leaders_confirmed": "on",
        },
    )
    run(timezone.now() + timedelta(days=31))
    assert subjects("Renewal overdue") == []
    assert RenewalRequest.objects.get().confirmed_by == leader


@pytest.mark.clock("2026-11-30 12:00")  # a Monday, noon in Denver: digests are due
def test_leaders_get_one_digest_a_week(run, community, leader, member, make_meeting):
    make_meeting(community, days_from_now=3, title="Next talk")
    monday_noon = timezone.now()
    run(monday_noon)
    run(monday_noon + timedelta(hours=1))
    digests = [m for m in mail.outbox if m.subject.startswith("This week in")]
    assert len(digests) == 1 and digests[0].to == ["leader@example.edu"]
    lines = digests[0].body.splitlines()
    assert "- Next talk, " in "\n".join(lines)  # the coming meeting, with its time
    assert "- member" in lines  # the member who joined this week, by name
    run(monday_noon + timedelta(days=7))
    assert len([m for m in mail.outbox if m.subject.startswith("This week in")]) == 2


@pytest.mark.parametrize(
    ("local_time", "period"),
    [
        ("2026-11-30 05:00", None),  # Monday before DIGEST_HOUR: not yet
        ("2026-11-30 12:00", "2026-W49"),
        ("2026-12-06 23:30", "2026-W49"),  # Sunday night still belongs to that week
        ("2027-03-15 05:00", None),  # the Monday after spring-forward
        ("2027-01-03 12:00", "2026-W53"),  # ISO weeks cross the new year
    ],
)
def test_digests_are_due_once_per_iso_week_from_monday_morning(local_time, period):
    assert digest_period(at_site_time(local_time)) == period


def test_an_email_stranded_by_a_crash_is_delivered_later(run, db):
    log = EmailMessageLog.objects.create(to="a@example.edu", subject="Hello", body="Hi")
    run()
    assert mail.outbox == []  # may still be on its way from the request that saved it
    EmailMessageLog.objects.update(created_at=timezone.now() - timedelta(minutes=20))
    run()
    log.refresh_from_db()
    assert log.status == "sent" and [m.subject for m in mail.outbox] == ["Hello"]


def test_the_command_prints_what_it_did(make_meeting, community, member, capsys):
    attend(make_meeting(community, days_from_now=-1), member)
    call_command("run_due_jobs")
    assert "pulses sent: 1" in capsys.readouterr().out
    assert JobRecord.objects.filter(job="pulse").count() == 1
