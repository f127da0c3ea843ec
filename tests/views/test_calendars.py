from datetime import timedelta

import icalendar
from django.urls import reverse
from django.utils import timezone

from communities.calendars import FEED_FUTURE_DAYS, FEED_PAST_DAYS
from communities.models import Meeting
from communities.services import meetings, preferences
from tests.meeting_helpers import schedule


def _events(response):
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return icalendar.Calendar.from_ical(response.content).walk("VEVENT")


def _move(meeting, days: int) -> None:
    starts = timezone.now() + timedelta(days=days)
    Meeting.objects.filter(pk=meeting.pk).update(
        starts_at=starts, ends_at=starts + timedelta(hours=1)
    )


def test_the_community_feed_keeps_cancelled_and_recent_meetings_without_links(client, community):
    upcoming, cancelled, recent, old, far = (schedule(community, title=t) for t in "ABCDE")
    meetings.meeting_cancel(meeting=cancelled)
    _move(recent, -(FEED_PAST_DAYS - 2))
    _move(old, -(FEED_PAST_DAYS + 2))
    _move(far, FEED_FUTURE_DAYS + 2)
    events = _events(client.get(reverse("communities:community_ics", args=[community.slug])))
    by_uid = {str(e["UID"]): e for e in events}
    assert set(by_uid) == {f"meeting-{m.pk}@127.0.0.1" for m in (upcoming, cancelled, recent)}
    assert str(by_uid[f"meeting-{cancelled.pk}@127.0.0.1"]["STATUS"]) == "CANCELLED"
    assert all("meet.example.edu" not in str(e.get("DESCRIPTION")) for e in events)


def test_uids_stay_the_same_after_an_edit(client, community):
    meeting = schedule(community)
    url = reverse("communities:meeting_ics", args=[community.slug, meeting.pk])
    before = _events(client.get(url))[0]
    meetings.meeting_cancel(meeting=meeting)
    after = _events(client.get(url))[0]
    assert before["UID"] == after["UID"] and after["SEQUENCE"] > before["SEQUENCE"]


def test_the_meeting_file_has_the_link_only_for_members(client, community, member):
    meeting = schedule(community)
    url = reverse("communities:meeting_ics", args=[community.slug, meeting.pk])
    assert "meet.example.edu" not in str(_events(client.get(url))[0]["DESCRIPTION"])
    client.force_login(member)
    assert "meet.example.edu" in str(_events(client.get(url))[0]["DESCRIPTION"])


def test_the_personal_feed_holds_my_communities_meetings_and_a_reset_kills_the_old_url(
    client, community, member, make_community
):
    mine = schedule(community)
    schedule(make_community("Not Mine"))
    token = preferences.settings_for(member).calendar_token
    url = reverse("communities:personal_ics", args=[token])
    events = _events(client.get(url))
    assert [str(e["UID"]) for e in events] == [f"meeting-{mine.pk}@127.0.0.1"]
    assert events[0]["DTSTART"].params["TZID"] == "America/Denver"
    client.force_login(member)
    client.post(reverse("communities:calendar_reset"))
    assert client.get(url).status_code == 404
    new = preferences.settings_for(member).calendar_token
    assert new != token
    assert client.get(reverse("communities:personal_ics", args=[new])).status_code == 200


def test_an_unknown_token_is_404(client, db):
    assert client.get("/me/calendar/not-a-token.ics").status_code == 404


def test_feeds_ask_clients_to_refresh_hourly(client, community):
    body = client.get(reverse("communities:community_ics", args=[community.slug])).content
    assert b"X-PUBLISHED-TTL:PT1H" in body
