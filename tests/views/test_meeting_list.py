"""/meetings/: upcoming meetings of every listed community, its filters and pages, and the same
list as an ICS and an Atom feed."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from communities.models import Meeting
from communities.services import meetings as meeting_services
from tests.conftest import at_site_time

PAGE = reverse("communities:meeting_list")
ICS = reverse("communities:campus_ics")
ATOM = reverse("communities:meeting_list_atom")


def meet(community, when: str, title: str = "Meetup", **fields) -> Meeting:
    """A one-hour meeting starting at ``when`` (site time), saved directly: these tests are about
    reading, and some meetings must already be under way or over."""
    starts = at_site_time(when)
    return Meeting.objects.create(
        community=community, title=title, starts_at=starts, ends_at=starts + timedelta(hours=1),
        **fields,
    )  # fmt: skip


@pytest.mark.clock("2026-12-02 12:00")  # a Wednesday
def test_it_lists_upcoming_meetings_of_listed_communities_with_links(client, make_community):
    web, old = make_community("Web Group"), make_community("Old Group", status="archived")
    coming = meet(web, "2026-12-03 10:00", "Site review")
    meet(web, "2026-12-01 10:00", "Last week's review")
    meet(old, "2026-12-03 10:00", "Archived talk")
    page = client.get(PAGE).content.decode()
    assert f'href="{coming.get_absolute_url()}"' in page
    assert "Site review" in page and web.get_absolute_url() in page
    assert "Last week's review" not in page
    assert "Archived talk" not in page
    assert "1 meeting\n" in page


@pytest.mark.clock("2026-12-02 12:00")
def test_a_meeting_under_way_is_still_listed(client, community):
    meet(community, "2026-12-02 11:30", "Already started")
    assert "Already started" in client.get(PAGE).content.decode()


@pytest.mark.clock("2026-12-02 12:00")
def test_cancelled_meetings_are_shown_as_cancelled(client, community):
    meet(community, "2026-12-03 10:00", "Called off", cancelled=True)
    page = client.get(PAGE).content.decode()
    assert "Called off" in page and "Cancelled</span>" in page


@pytest.mark.clock("2026-12-02 12:00")
def test_format_and_category_filters(client, make_community):
    online = make_community("Online Group", meeting_format="virtual", category="Data")
    room = make_community("Room Group", meeting_format="in-person", category="Writing")
    meet(online, "2026-12-03 10:00", "Video call")
    meet(room, "2026-12-03 10:00", "Room talk")
    page = client.get(PAGE, {"meeting_format": "virtual"}).content.decode()
    assert "Video call" in page and "Room talk" not in page
    page = client.get(PAGE, {"category": "Writing"}).content.decode()
    assert "Room talk" in page and "Video call" not in page


@pytest.mark.clock("2026-12-02 12:00")  # Wednesday; the week ends Sunday midnight, Denver time
def test_this_week_and_this_month_end_at_midnight_in_the_site_zone(client, community):
    meet(community, "2026-12-06 22:30", "Sunday late")  # Monday 05:30 UTC: still this week
    meet(community, "2026-12-07 09:00", "Next Monday")
    meet(community, "2026-12-31 22:30", "New Year's Eve")  # January 1st in UTC
    meet(community, "2027-01-01 09:00", "New Year's Day")
    week = client.get(PAGE, {"period": "week"}).content.decode()
    assert "Sunday late" in week and "Next Monday" not in week
    month = client.get(PAGE, {"period": "month"}).content.decode()
    assert "New Year&#x27;s Eve" in month and "New Year&#x27;s Day" not in month
    assert "New Year&#x27;s Day" in client.get(PAGE).content.decode()


@pytest.mark.clock("2026-12-02 12:00")
def test_bad_filter_values_are_ignored_not_errors(client, community):
    meet(community, "2026-12-03 10:00", "Still here")
    response = client.get(
        PAGE,
        {"meeting_format": "telepathy", "category": "x" * 5000, "period": "fortnight", "page": "z"},
    )
    assert response.status_code == 200
    assert "Still here" in response.content.decode()


@pytest.mark.clock("2026-12-02 12:00")
def test_pages_of_25_keep_the_filters(client, make_community):
    online = make_community("Online Group", meeting_format="virtual")
    for n in range(30):
        meet(online, f"2026-12-{3 + n // 10:02d} {8 + n % 10:02d}:00", f"Call {n:02d}")
    first = client.get(PAGE, {"meeting_format": "virtual"}).content.decode()
    assert "Call 00" in first and "Call 29" not in first
    assert "page 1 of 2" in first and "?meeting_format=virtual&amp;page=2" in first
    second = client.get(PAGE, {"meeting_format": "virtual", "page": 2}).content.decode()
    assert "Call 29" in second and "Call 00" not in second


def _page_queries(client, path) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return len(queries)


@pytest.mark.clock("2026-12-02 12:00")
@pytest.mark.parametrize("path", [PAGE, ICS, ATOM])
@pytest.mark.parametrize("logged_in", [False, True])
def test_query_count_does_not_grow_with_the_number_of_meetings(
    client, make_community, make_user, path, logged_in
):
    if logged_in:
        client.force_login(make_user())
    groups = [make_community(f"Group {n}", category=f"Topic {n}") for n in range(3)]
    for n in range(3):
        meet(groups[n], f"2026-12-03 {8 + n:02d}:00")
    at_three = _page_queries(client, path)
    for n in range(27):
        meet(groups[n % 3], f"2026-12-{4 + n // 9:02d} {8 + n % 9:02d}:00")
    assert _page_queries(client, path) == at_three


@pytest.mark.clock("2026-12-02 12:00")
def test_the_ics_feed_holds_the_same_list_with_cancellations_and_no_links(client, make_community):
    web = make_community("Web Group", meeting_format="virtual")
    other = make_community("Other Group", meeting_format="in-person")
    kept = meet(web, "2026-12-03 10:00", "Site review", online_url="https://meet.example.edu/x")
    dropped = meet(web, "2026-12-04 10:00", "Called off", cancelled=True)
    meet(other, "2026-12-03 10:00", "Room talk")
    response = client.get(ICS, {"meeting_format": "virtual"})
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    body = response.content.decode()
    assert f"UID:meeting-{kept.pk}@" in body and f"UID:meeting-{dropped.pk}@" in body
    assert "Room talk" not in body
    assert "STATUS:CANCELLED" in body and "SUMMARY:Cancelled: Called off (Web Group)" in body
    assert "meet.example.edu" not in body  # public feed: online links are for members
    assert kept.get_absolute_url() in body


@pytest.mark.clock("2026-12-02 12:00")
def test_the_atom_feed_links_each_entry_to_its_meeting_page(client, community):
    kept = meet(community, "2026-12-03 10:00", "Site <review>")
    meet(community, "2026-12-04 10:00", "Called off", cancelled=True)
    response = client.get(ATOM)
    assert response["Content-Type"].startswith("application/atom+xml")
    body = response.content.decode()
    assert f"http://testserver{kept.get_absolute_url()}" in body
    assert "Site &lt;review&gt; (Accessibility Community of Practice)" in body
    assert "<title>Cancelled: Called off" in body


@pytest.mark.clock("2026-12-02 12:00")
def test_the_main_navigation_links_to_the_meetings(client, community):
    page = client.get(reverse("communities:directory")).content.decode()
    assert f'href="{PAGE}">Meetings</a>' in page


@pytest.mark.clock("2026-12-02 12:00")
@pytest.mark.django_db(transaction=True)
def test_a_cancellation_shows_at_once_even_for_cached_visitors(client, make_community):
    # Committed for real: on PostgreSQL visitors get cached pages, keyed by the data version that
    # every commit bumps (communities/caching.py); on SQLite nothing is cached.
    meeting = meet(make_community("Cached Group"), "2026-12-04 10:00", "Town hall")
    for path in (PAGE, ICS, ATOM):
        assert "Cancelled" not in client.get(path).content.decode()
        client.get(path)  # a cached copy, where there is a cache
    meeting_services.meeting_cancel(meeting=meeting)
    assert "Cancelled</span>" in client.get(PAGE).content.decode()
    assert "STATUS:CANCELLED" in client.get(ICS).content.decode()
    assert "<title>Cancelled: Town hall" in client.get(ATOM).content.decode()
