import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from communities.models import Meeting, MembershipPolicy
from tests.personas import add_member

DIRECTORY = reverse("communities:directory")


def test_the_directory_lists_active_communities_with_their_numbers(
    client, community, member, leader
):
    Meeting.objects.create(
        community=community,
        title="Monthly",
        starts_at=timezone.now() + timezone.timedelta(days=3),
        ends_at=timezone.now() + timezone.timedelta(days=3, hours=1),
    )
    page = client.get(DIRECTORY).content.decode()
    assert community.name in page
    assert "2 members" in page
    assert "Next meeting:" in page


def test_archived_communities_leave_the_directory(client, make_community):
    make_community("Current Group")
    make_community("Old Group", status="archived")
    page = client.get(DIRECTORY).content.decode()
    assert "Current Group" in page  # the list itself is there
    assert "Old Group" not in page


def test_search_matches_every_word_in_name_summary_or_category(client, make_community):
    make_community("Web Analytics", summary="Measuring sites", category="Research")
    make_community("Plain Language", summary="Clear writing", category="Content")
    page = client.get(DIRECTORY, {"q": "measuring research"}).content.decode()
    assert "Web Analytics" in page and "Plain Language" not in page


def test_filters_narrow_the_list(client, make_community):
    make_community("Open One", membership_policy=MembershipPolicy.OPEN, kind="community")
    make_community("Senate", membership_policy=MembershipPolicy.RESTRICTED, kind="council")
    page = client.get(DIRECTORY, {"kind": "council"}).content.decode()
    assert "Senate" in page and "Open One" not in page


def test_sort_by_most_members(client, make_community, make_user):
    make_community("Aardvark")
    big = make_community("Zebra")
    for _ in range(3):
        add_member(big, make_user())
    page = client.get(DIRECTORY, {"sort": "members"}).content.decode()
    assert page.index("Zebra") < page.index("Aardvark")


@pytest.mark.parametrize(
    "params",
    [
        {"page": "abc"},
        {"page": "99999"},
        {"sort": "bogus"},
        {"kind": "nope"},
        {"q": "x" * 10_000},
    ],
)
def test_bad_parameters_fall_back_instead_of_failing(client, community, params):
    response = client.get(DIRECTORY, params)
    assert response.status_code == 200
    page = response.content.decode()
    # Still the directory, with its search form and either the list or the "no match" advice.
    assert 'name="q"' in page
    assert community.name in page or "No community matches" in page


def test_empty_results_say_what_to_do(client, community):
    assert "No community matches" in client.get(DIRECTORY, {"q": "zzzqqq"}).content.decode()


def _directory_queries(client):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(DIRECTORY, {"sort": "next_meeting"}).status_code == 200
    return len(queries)


def test_query_count_does_not_grow_with_the_number_of_communities(
    client, make_community, make_user
):
    user = make_user()
    for _ in range(10):
        add_member(make_community(), user)
    client.force_login(user)
    at_ten = _directory_queries(client)
    for _ in range(190):
        add_member(make_community(), user)
    assert _directory_queries(client) == at_ten


def test_searching_puts_no_csrf_token_in_the_address_or_the_page_links(client, make_community):
    for n in range(25):  # two pages
        make_community(f"Topic {n:02d} Group")
    page = client.get(DIRECTORY).content.decode()
    assert "csrfmiddlewaretoken" not in page  # the GET search form carries none
    # An old bookmark that still has one: the page links drop it.
    second = client.get(DIRECTORY, {"q": "group", "csrfmiddlewaretoken": "abc"}).content.decode()
    links = re.findall(r'href="(\?[^"]*page=\d+)"', second)
    assert links and not any("csrfmiddlewaretoken" in link for link in links)
