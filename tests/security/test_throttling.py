"""Log-in brute force is locked out (django-axes); proposing, joining, RSVP and e-mailing members
are rate limited per user."""

from __future__ import annotations

import os
import socket
import uuid
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from communities.models import Meeting, MemberMessage, Membership, Proposal, Rsvp
from tests.personas import PASSWORD, make_person
from tests.views.test_proposals import FORM
from tests.world import build_world


def _log_in(client, password):
    return client.post("/accounts/login/", {"username": "member", "password": password})


# Limits count per window of time.time() // window seconds: a test whose requests straddle a
# window's end (a loaded machine, a minute's last second) saw its second request counted in a
# fresh window. The clock stands still in these tests, mid-window.
STILL_CLOCK = pytest.mark.clock("2026-11-30 12:00:30", tick=False)


def test_the_sixth_log_in_attempt_after_five_wrong_passwords_is_locked_out(db):
    make_person("member")
    client = Client()
    for _ in range(4):
        response = _log_in(client, "wrong-guess")
        assert response.status_code == 200 and "Please correct" in response.content.decode()
    assert _log_in(client, "wrong-guess").status_code == 429  # the fifth failure locks
    locked = _log_in(client, PASSWORD)  # even the right password, for 15 minutes
    assert locked.status_code == 429
    assert "Too many failed log-in attempts" in locked.content.decode()
    assert "_auth_user_id" not in client.session


def test_a_right_password_before_the_limit_resets_the_count(db):
    make_person("member")
    client = Client()
    for _ in range(4):
        _log_in(client, "wrong-guess")
    assert _log_in(client, PASSWORD).status_code == 302


@STILL_CLOCK
def test_the_sixth_proposal_in_an_hour_is_refused_and_the_form_kept(client, employee):
    client.force_login(employee)
    for n in range(5):
        assert client.post("/propose/", {**FORM, "name": f"Group {n}"}).status_code == 302
    response = client.post("/propose/", {**FORM, "name": "One Too Many"})
    assert response.status_code == 429
    page = response.content.decode()
    assert "You can send 5 proposals in an hour" in page and 'value="One Too Many"' in page
    assert Proposal.objects.count() == 5


@STILL_CLOCK
def test_joining_is_limited_but_repeating_a_join_is_not(client, settings, db):
    settings.RATE_LIMITS = {"join": (2, 3600)}
    world = build_world()
    client.force_login(world.users["employee"])
    for community in (world.open_community, world.other):
        assert client.post(f"/c/{community.slug}/join/").status_code == 302
    assert client.post(f"/c/{world.open_community.slug}/join/").status_code == 302  # double click
    response = client.post(f"/c/{world.community.slug}/join/")
    assert (
        response.status_code == 429 and "You can send 2 join requests" in response.content.decode()
    )
    assert Membership.objects.filter(user=world.users["employee"]).count() == 2


def _meeting(community, title):
    starts = timezone.now() + timedelta(days=5)
    return Meeting.objects.create(
        community=community, title=title, starts_at=starts, ends_at=starts + timedelta(hours=1)
    )


@STILL_CLOCK
def test_rsvp_is_limited_but_repeating_the_same_answer_is_not(client, settings, db):
    settings.RATE_LIMITS = {"rsvp": (2, 3600)}
    world = build_world()
    member = world.users["member"]
    second = _meeting(world.community, "Second review")
    client.force_login(member)
    first = f"/c/{world.community.slug}/meetings/{world.meeting.pk}/rsvp/"
    for _ in range(3):  # a triple click counts once
        assert client.post(first, {"answer": "yes"}).status_code == 302
    assert client.post(first, {"answer": "no"}).status_code == 302  # the second answer
    response = client.post(
        f"/c/{world.community.slug}/meetings/{second.pk}/rsvp/", {"answer": "yes"}
    )
    assert response.status_code == 429
    page = response.content.decode()
    assert "You can send 2 RSVPs in an hour" in page and "Second review" in page
    assert Rsvp.objects.get(meeting=world.meeting, user=member).status == Rsvp.Status.NO
    assert not Rsvp.objects.filter(meeting=second).exists()
    assert client.post(first, {"answer": "no"}).status_code == 302  # a repeat still gets through


@STILL_CLOCK
def test_emailing_members_is_limited_per_leader_and_the_message_kept(
    client, settings, db, mailoutbox
):
    settings.RATE_LIMITS = {"email_members": (1, 86400)}
    settings.MEMBER_MESSAGES_PER_DAY = 10
    world = build_world()
    client.force_login(world.users["leader"])
    url = f"/c/{world.community.slug}/manage/messages/"
    message = {"subject": "Agenda", "body": "Bring a page.", "mode": "individual"}
    assert client.post(url, message).status_code == 302
    sent = len(mailoutbox)
    response = client.post(url, {**message, "subject": "Second one"})
    assert response.status_code == 429
    page = response.content.decode()
    assert "You can send 1 message to members in a day" in page
    assert 'value="Second one"' in page and "Bring a page." in page
    assert MemberMessage.objects.count() == 1 and len(mailoutbox) == sent


@STILL_CLOCK
def test_limits_are_counted_in_the_database_cache_when_there_is_no_redis(
    client, settings, employee
):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "cop_cache",
        }
    }
    call_command("createcachetable", verbosity=0)
    settings.RATE_LIMITS = {"propose": (1, 3600)}
    client.force_login(employee)
    assert client.post("/propose/", FORM).status_code == 302
    assert client.post("/propose/", {**FORM, "name": "Second"}).status_code == 429


def test_a_broken_cache_does_not_stop_people_from_proposing(client, settings, employee, caplog):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "no_table",
        }
    }
    settings.RATE_LIMITS = {"propose": (1, 3600)}
    client.force_login(employee)
    assert client.post("/propose/", FORM).status_code == 302
    assert "Rate limit for propose not applied" in caplog.text


def _redis_url() -> str | None:
    url = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/15")
    host, _, port = url.split("//")[1].split("/")[0].rpartition(":")
    try:
        socket.create_connection((host, int(port)), timeout=0.5).close()
    except OSError:
        return None
    return url


@STILL_CLOCK
def test_limits_are_shared_through_redis_when_redis_url_is_set(client, settings, employee):
    url = _redis_url()
    if url is None:
        if os.environ.get("CI"):
            pytest.fail("Redis is not reachable, but CI must run this test (.ci/run starts it).")
        pytest.skip("no Redis reachable here (the site falls back to the database cache)")
    # A fresh key prefix instead of clearing: the Redis server may be shared.
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": url,
            "KEY_PREFIX": f"cop-test-{uuid.uuid4()}",
        }
    }
    settings.RATE_LIMITS = {"propose": (1, 60)}
    client.force_login(employee)
    assert client.post("/propose/", FORM).status_code == 302
    assert client.post("/propose/", {**FORM, "name": "Second"}).status_code == 429
