"""Calendar files answer a repeat poll with 304, are built once per version, and never serve a
stale copy: a change, a cancellation, a join or an RSVP gives a new ETag and body, and a reset
token is 404 even while the old feed is cached."""

from __future__ import annotations

from datetime import UTC, datetime, time

import pytest
from django.urls import reverse

from communities import calendars
from communities.services import communities, meetings, memberships, preferences, rsvps
from tests.meeting_helpers import future_day, schedule

pytestmark = pytest.mark.clock("2026-11-30 12:00")


def _community_url(community) -> str:
    return reverse("communities:community_ics", args=[community.slug])


def _personal_url(user) -> str:
    return reverse("communities:personal_ics", args=[preferences.settings_for(user).calendar_token])


@pytest.fixture
def builds(monkeypatch):
    """How many calendar files were built (rather than served from the cache)."""
    made = []
    original = calendars.calendar_bytes

    def counting(*args, **kwargs):
        made.append(kwargs.get("name"))
        return original(*args, **kwargs)

    monkeypatch.setattr(calendars, "calendar_bytes", counting)
    return made


def test_a_repeat_poll_of_the_community_feed_gets_304(client, community):
    schedule(community)
    first = client.get(_community_url(community))
    assert first.status_code == 200 and first["ETag"] and first["Last-Modified"]
    again = client.get(_community_url(community), headers={"if-none-match": first["ETag"]})
    assert again.status_code == 304 and again.content == b""
    assert again["ETag"] == first["ETag"]
    by_date = client.get(
        _community_url(community), headers={"if-modified-since": first["Last-Modified"]}
    )
    assert by_date.status_code == 304


def test_the_feed_is_built_once_per_version(client, community, builds):
    schedule(community)
    client.get(_community_url(community))
    client.get(_community_url(community))  # another client, no ETag: from the cache
    assert len(builds) == 1


def test_a_cancellation_changes_the_etag_and_the_body(client, community, builds):
    meeting = schedule(community)
    first = client.get(_community_url(community))
    meetings.meeting_cancel(meeting=meeting)
    after = client.get(_community_url(community), headers={"if-none-match": first["ETag"]})
    assert after.status_code == 200 and after["ETag"] != first["ETag"]
    assert b"STATUS:CANCELLED" in after.content and b"STATUS:CANCELLED" not in first.content
    assert builds.count(community.name) == 2  # (the cancellation e-mail has its own file)


def test_an_edit_and_a_new_meeting_change_the_feed(client, community):
    meeting = schedule(community)
    first = client.get(_community_url(community))
    meetings.meeting_update(
        meeting=meeting, title="Moved meetup", day=future_day(8), start_time=time(14),
        end_time=time(15), timezone_name="America/Denver",
    )  # fmt: skip
    moved = client.get(_community_url(community), headers={"if-none-match": first["ETag"]})
    assert moved.status_code == 200 and b"Moved meetup" in moved.content
    schedule(community, title="Another one", days=20)
    added = client.get(_community_url(community), headers={"if-none-match": moved["ETag"]})
    assert added.status_code == 200 and b"Another one" in added.content


def test_a_renamed_community_changes_its_feed(client, community):
    schedule(community)
    first = client.get(_community_url(community))
    communities.community_update(community=community, name="Renamed Circle")
    community.refresh_from_db()
    after = client.get(_community_url(community), headers={"if-none-match": first["ETag"]})
    assert after.status_code == 200 and b"Renamed Circle" in after.content


def test_the_personal_feed_answers_304_and_follows_joins_and_answers(
    client, community, member, make_community
):
    meeting = schedule(community)
    url = _personal_url(member)
    first = client.get(url)
    assert client.get(url, headers={"if-none-match": first["ETag"]}).status_code == 304
    rsvps.rsvp_set(meeting=meeting, user=member, going=True)
    answered = client.get(url, headers={"if-none-match": first["ETag"]})
    assert answered.status_code == 200 and answered["ETag"] != first["ETag"]
    other = make_community("Second Circle")
    schedule(other, title="Second meetup")
    memberships.membership_join(user=member, community=other)
    joined = client.get(url, headers={"if-none-match": answered["ETag"]})
    assert joined.status_code == 200 and b"Second meetup" in joined.content


def test_a_client_that_sends_only_the_date_still_sees_a_joined_community(
    client, community, member, make_community, time_machine
):
    time_machine.move_to(datetime(2026, 11, 30, 19, 0, tzinfo=UTC))  # Monday noon in Denver
    schedule(community)
    url = _personal_url(member)
    first = client.get(url)
    assert "private" in first["Cache-Control"]  # no shared cache keeps a secret feed
    other = make_community("Second Circle")
    schedule(other, title="Second meetup")
    time_machine.shift(60)
    memberships.membership_join(user=member, community=other)
    again = client.get(url, headers={"if-modified-since": first["Last-Modified"]})
    assert again.status_code == 200 and b"Second meetup" in again.content
    time_machine.shift(60)
    memberships.membership_leave(user=member, community=other)
    left = client.get(url, headers={"if-modified-since": again["Last-Modified"]})
    assert left.status_code == 200 and b"Second meetup" not in left.content


def test_a_reset_token_is_404_even_with_a_warm_cache(client, community, member, builds):
    schedule(community)
    old_url = _personal_url(member)
    first = client.get(old_url)
    assert client.get(old_url).status_code == 200 and len(builds) == 1  # cached now
    preferences.calendar_token_reset(user=member)
    assert client.get(old_url).status_code == 404
    assert client.get(old_url, headers={"if-none-match": first["ETag"]}).status_code == 404
    fresh = client.get(_personal_url(member))
    assert fresh.status_code == 200 and fresh["ETag"] != first["ETag"]


def test_the_meeting_file_has_its_own_etag_for_members(client, community, member):
    meeting = schedule(community)
    url = reverse("communities:meeting_ics", args=[community.slug, meeting.pk])
    public = client.get(url)
    assert client.get(url, headers={"if-none-match": public["ETag"]}).status_code == 304
    client.force_login(member)
    with_link = client.get(url, headers={"if-none-match": public["ETag"]})
    assert with_link.status_code == 200 and b"meet.example.edu" in with_link.content


def test_a_304_costs_a_few_queries_and_no_build(
    client, community, member, builds, django_assert_max_num_queries
):
    for days in range(1, 30):
        schedule(community, days=days)
    url = _personal_url(member)
    etag = client.get(url)["ETag"]
    # The token, then the version: communities, meetings, latest answer, latest join or leave.
    with django_assert_max_num_queries(5):
        assert client.get(url, headers={"if-none-match": etag}).status_code == 304
    assert len(builds) == 1
