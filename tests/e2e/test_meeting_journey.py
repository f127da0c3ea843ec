"""A real browser: a leader schedules a meeting, a member RSVPs, and the meeting is in the
member's personal calendar feed.

The browser comes from tests/browser.py: skipped when /usr/bin/chromium is missing, except in CI
(CI=true), where a missing browser is a failure.
"""

from __future__ import annotations

import icalendar
import pytest

from communities.models import Community, Membership, MembershipPolicy, Rsvp
from tests.meeting_helpers import future_day
from tests.personas import PASSWORD

pytestmark = pytest.mark.browser


@pytest.fixture
def journey_browser(new_context, live_server):
    """Opens a fresh context on the live server per person (closed after the test)."""
    return lambda: new_context(live_server.url)


def _log_in(journey_browser, live_server, username):
    page = journey_browser().new_page()
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/me/")
    return page


def test_leader_schedules_member_rsvps_and_the_feed_has_it(
    journey_browser, live_server, community, leader, member
):
    day = future_day(12)
    page = _log_in(journey_browser, live_server, "leader")
    page.goto(community.get_absolute_url())
    page.get_by_role("link", name="Leader tools").click()
    page.get_by_role("link", name="Schedule a meeting").first.click()
    page.get_by_label("Title").fill("Screen reader clinic")
    page.get_by_label("Date").fill(day.isoformat())
    page.get_by_label("Starts").fill("10:00")
    page.get_by_label("Ends").fill("11:30")
    page.get_by_label("Location").fill("Library room 2")
    page.get_by_label("Online link").fill("https://meet.example.edu/clinic")
    page.get_by_label("Capacity").fill("8")
    page.get_by_role("button", name="Schedule the meeting").click()
    page.wait_for_url("**/meetings/*/")
    assert page.get_by_role("heading", level=1).inner_text() == "Screen reader clinic"
    assert "10:00–11:30 M" in page.content()  # local time with its zone, MST or MDT
    meeting_url = page.url

    member_page = _log_in(journey_browser, live_server, "member")
    member_page.goto(meeting_url)
    member_page.get_by_role("button", name="Yes, I'm going").click()
    member_page.wait_for_load_state()
    assert "You are going" in member_page.content()
    assert Rsvp.objects.get(user=member).status == Rsvp.Status.YES

    member_page.goto("/me/settings/")
    feed_url = member_page.get_by_label("Feed address").input_value()
    response = member_page.request.get(feed_url)
    assert response.ok
    events = icalendar.Calendar.from_ical(response.body()).walk("VEVENT")
    (event,) = [e for e in events if "Screen reader clinic" in str(e["SUMMARY"])]
    start = event["DTSTART"]
    assert start.params["TZID"] == "America/Denver"
    assert (start.dt.date(), start.dt.hour, start.dt.minute) == (day, 10, 0)
    assert "https://meet.example.edu/clinic" in str(event["DESCRIPTION"])


def test_leader_edits_approves_schedules_a_series_and_the_waitlist_fills(
    journey_browser, live_server, community, leader, member, employee
):
    Community.objects.filter(pk=community.pk).update(membership_policy=MembershipPolicy.REQUEST)
    Membership.objects.create(community=community, user=employee, state=Membership.State.PENDING)
    page = _log_in(journey_browser, live_server, "leader")
    page.goto(community.get_absolute_url())
    page.get_by_role("link", name="Leader tools").click()

    page.get_by_role("link", name="Edit page").click()
    page.get_by_label("Purpose").fill("We **test** with real users.")
    page.get_by_label("Chat channel").fill("https://chat.example.edu/a11y")
    page.get_by_role("button", name="Save the page").click()
    assert "<strong>test</strong>" in page.content()

    page.get_by_role("link", name="Leader tools").click()
    page.get_by_role("link", name="People").click()
    page.get_by_role("button", name="Approve").click()
    assert "is now a member" in page.content()

    page.get_by_role("link", name="Schedule a series").click()
    page.get_by_label("Title").fill("Monthly clinic")
    page.get_by_label("First date").fill(future_day(9).isoformat())
    page.get_by_label("Starts").fill("10:00")
    page.get_by_label("Ends").fill("11:00")
    page.get_by_label("Repeats").select_option("monthly")
    page.get_by_label("Number of meetings").fill("3")
    page.get_by_label("Capacity").fill("1")
    page.get_by_role("button", name="Schedule the series").click()
    assert "3 meetings are scheduled" in page.content()
    page.get_by_role("link", name="Monthly clinic").first.click()
    page.wait_for_url("**/meetings/*/")  # content() mid-navigation is empty
    meeting_url = page.url
    assert "Monthly on the" in page.content()

    for username, expected in (("member", "You are going"), ("employee", "on the waitlist")):
        visitor = _log_in(journey_browser, live_server, username)
        visitor.goto(meeting_url)
        visitor.get_by_role("button", name="Yes, I'm going").or_(
            visitor.get_by_role("button", name="Join the waitlist")
        ).click()
        visitor.wait_for_load_state()
        assert expected in visitor.content()
    page.reload()
    assert "1 going of 1 place (full), 1 on the waitlist" in page.content()
