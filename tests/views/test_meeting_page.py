import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from communities.models import Rsvp
from communities.services import communities, rsvps
from tests.meeting_helpers import schedule
from tests.personas import add_member

LINK = "https://meet.example.edu/abc"


@pytest.fixture
def meeting(community, leader):
    return schedule(community, capacity=1)


def _rsvp_url(meeting):
    return reverse("communities:meeting_rsvp", args=[meeting.community.slug, meeting.pk])


def test_the_meeting_page_shows_the_time_with_its_zone(client, meeting):
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert "10:00–11:00 M" in page and "Room 101" in page and "Show and tell." in page


def test_visitors_see_how_many_go_but_not_who_nor_the_link(client, meeting, member):
    rsvps.rsvp_set(meeting=meeting, user=member, going=True)
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert "1 going of 1 place (full)" in page
    assert LINK not in page and "<li>member</li>" not in page
    assert "Log in</a> and join" in page


def test_members_see_who_goes_and_the_online_link(client, meeting, member):
    rsvps.rsvp_set(meeting=meeting, user=member, going=True)
    client.force_login(member)
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert LINK in page and "<li>member</li>" in page


def test_a_non_member_is_told_to_join_first(client, meeting, employee):
    client.force_login(employee)
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert "Join Accessibility Community of Practice</a> first" in page and LINK not in page
    response = client.post(_rsvp_url(meeting), {"answer": "yes"}, follow=True)
    assert "Only members can RSVP" in response.content.decode()
    assert not Rsvp.objects.exists()


def test_a_member_rsvps_then_the_next_one_is_waitlisted(client, meeting, member, make_user):
    client.force_login(member)
    response = client.post(_rsvp_url(meeting), {"answer": "yes"})
    assert response.status_code == 302 and response["Location"] == meeting.get_absolute_url()
    client.post(_rsvp_url(meeting), {"answer": "yes"})  # double click
    late = make_user("late")
    add_member(meeting.community, late)
    client.force_login(late)
    response = client.post(_rsvp_url(meeting), {"answer": "yes"}, follow=True)
    assert "you are on the waitlist" in response.content.decode()
    assert dict(Rsvp.objects.values_list("user__username", "status")) == {
        "member": "yes",
        "late": "waitlist",
    }


def test_rsvp_needs_login_and_post(client, meeting, member):
    response = client.post(_rsvp_url(meeting), {"answer": "yes"})
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    client.force_login(member)
    assert client.get(_rsvp_url(meeting))["Location"] == meeting.get_absolute_url()


def test_a_meeting_of_another_community_is_404(client, meeting, make_community):
    other = make_community("Other Group")
    assert client.get(f"/c/{other.slug}/meetings/{meeting.pk}/").status_code == 404
    assert client.get(f"/c/{meeting.community.slug}/meetings/999999/").status_code == 404


def test_the_page_counts_queries_the_same_for_many_answers(
    client, meeting, member, make_user, django_assert_max_num_queries
):
    for n in range(15):
        person = make_user(f"m{n}")
        add_member(meeting.community, person)
        rsvps.rsvp_set(meeting=meeting, user=person, going=True)
    client.force_login(member)
    with django_assert_max_num_queries(12):
        assert client.get(meeting.get_absolute_url()).status_code == 200


def test_deleting_people_never_breaks_the_pages_or_feeds(client, meeting, member, leader):
    rsvps.rsvp_set(meeting=meeting, user=member, going=True)
    get_user_model().objects.filter(pk__in=[member.pk, leader.pk]).delete()
    community = meeting.community
    for url in (
        community.get_absolute_url(),
        meeting.get_absolute_url(),
        reverse("communities:community_ics", args=[community.slug]),
        reverse("communities:meeting_ics", args=[community.slug, meeting.pk]),
    ):
        assert client.get(url).status_code == 200, url


def test_old_community_slugs_redirect_the_meeting_page_and_feed(client, meeting):
    old_slug = meeting.community.slug
    communities.community_update(community=meeting.community, name="Renamed Group")
    response = client.get(f"/c/{old_slug}/meetings/{meeting.pk}/")
    assert response.status_code == 301
    assert response["Location"] == f"/c/renamed-group/meetings/{meeting.pk}/"
    assert client.get(f"/c/{old_slug}/calendar.ics")["Location"] == "/c/renamed-group/calendar.ics"


def _meeting_page_queries(client, meeting):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        assert client.get(meeting.get_absolute_url()).status_code == 200
    return len(queries)


def test_the_meeting_page_query_count_does_not_grow_with_rsvps(client, community, make_user):
    meeting = schedule(community, capacity=3)
    viewer = make_user()
    add_member(community, viewer)
    rsvps.rsvp_set(meeting=meeting, user=viewer, going=True)
    client.force_login(viewer)
    few = _meeting_page_queries(client, meeting)
    for _ in range(12):  # fills the capacity, then a waiting list
        person = make_user()
        add_member(community, person)
        rsvps.rsvp_set(meeting=meeting, user=person, going=True)
    assert _meeting_page_queries(client, meeting) == few


def test_a_meeting_with_one_place_says_place_not_places(client, meeting, member):
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert "0 going of 1 place." in page
