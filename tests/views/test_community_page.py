import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from communities.models import Meeting, Membership, MembershipPolicy
from communities.services import communities
from tests.personas import add_member


def test_the_page_shows_purpose_leaders_and_a_join_button(client, community, leader, employee):
    client.force_login(employee)
    page = client.get(community.get_absolute_url()).content.decode()
    assert "Lee Leader (leader)" in page
    assert f"Join {community.name}" in page


def test_members_see_a_leave_button(client, community, member):
    client.force_login(member)
    assert f"Leave {community.name}" in client.get(community.get_absolute_url()).content.decode()


def test_visitors_are_asked_to_log_in(client, community):
    assert "Log in to join" in client.get(community.get_absolute_url()).content.decode()


def test_restricted_communities_explain_instead_of_a_button(client, make_community, employee):
    council = make_community("Staff Senate", membership_policy=MembershipPolicy.RESTRICTED)
    client.force_login(employee)
    page = client.get(council.get_absolute_url()).content.decode()
    assert "How to become a member" in page and "Join Staff Senate" not in page


def test_a_community_without_leaders_is_seeking_one(client, community):
    assert "Seeking a leader" in client.get(community.get_absolute_url()).content.decode()


def test_an_unknown_slug_is_404(client, db):
    assert client.get("/c/no-such-thing/").status_code == 404


def test_an_old_slug_redirects_after_a_rename(client, community):
    old_url = community.get_absolute_url()
    communities.community_update(community=community, name="Renamed Group")
    response = client.get(old_url)
    assert response.status_code == 301 and response["Location"] == "/c/renamed-group/"


@pytest.mark.parametrize(
    "name",
    [
        "Группа практики",
        "東京プロジェクト",
        "Café ☕ Club",
        "مجتمع الممارسة",
        "admin",
        "propose",
        "accounts",
        "static",
        "☕☕☕ 3",
    ],
)
def test_names_in_any_script_or_like_site_paths_get_working_pages(client, make_community, name):
    community = make_community(name)
    response = client.get(community.get_absolute_url())
    assert response.status_code == 200 and name in response.content.decode()


def test_join_and_leave_by_post(client, community, employee):
    client.force_login(employee)
    response = client.post(reverse("communities:join", args=[community.slug]))
    assert response.status_code == 302
    client.post(reverse("communities:join", args=[community.slug]))  # a double click
    assert Membership.objects.filter(user=employee).count() == 1
    client.post(reverse("communities:leave", args=[community.slug]))
    assert Membership.objects.get(user=employee).state == Membership.State.LEFT


def test_join_by_get_is_refused(client, community, employee):
    client.force_login(employee)
    response = client.get(reverse("communities:join", args=[community.slug]))
    assert response["Location"] == community.get_absolute_url()
    assert not Membership.objects.exists()


def test_the_only_leader_sees_why_they_cannot_leave(client, community, leader):
    client.force_login(leader)
    response = client.post(reverse("communities:leave", args=[community.slug]), follow=True)
    assert "only leader" in response.content.decode()
    assert Membership.objects.get(user=leader).is_leader


@pytest.mark.parametrize("url_name", ["join", "leave"])
def test_anonymous_posts_are_sent_to_log_in(client, community, url_name):
    response = client.post(reverse(f"communities:{url_name}", args=[community.slug]))
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_a_nul_byte_in_the_url_is_a_400(client, community, employee):
    assert client.get("/c/a%00b/").status_code == 400
    client.force_login(employee)
    assert client.post("/c/a%00b/join/").status_code == 400


def test_logging_in_from_join_comes_back_to_the_community_page(client, community):
    response = client.post(reverse("communities:join", args=[community.slug]))
    assert response["Location"] == f"/accounts/login/?next={community.get_absolute_url()}"


def test_leaving_a_community_never_joined_says_so(client, community, employee):
    client.force_login(employee)
    response = client.post(reverse("communities:leave", args=[community.slug]), follow=True)
    assert "You were not a member" in response.content.decode()


def test_invalid_filter_values_are_ignored_without_error_messages(client, community):
    page = client.get("/", {"kind": "bogus", "sort": "nope"}).content.decode()
    assert community.name in page and "Select a valid choice" not in page


def test_names_that_slugify_alike_get_distinct_working_urls(client, make_community):
    names = [
        "C++ Guild",
        "C# Guild",
        "C Guild",
        "☕ 1",
        "🎉 1!",
        "Café Club",
        "Cafe Club",
        "CAFÉ-CLUB!",
    ]
    communities = [make_community(name) for name in names]
    urls = [c.get_absolute_url() for c in communities]
    assert len(set(urls)) == len(names)
    for community, url in zip(communities, urls, strict=True):
        response = client.get(url)
        assert response.status_code == 200 and community.name in response.content.decode()


def test_every_former_url_keeps_redirecting_after_several_renames(client, community):
    first = community.get_absolute_url()
    communities.community_update(community=community, name="Digital Accessibility")
    second = community.get_absolute_url()
    communities.community_update(community=community, name="Inclusive Design")
    for old in (first, second):
        response = client.get(old)
        assert (response.status_code, response["Location"]) == (301, "/c/inclusive-design/")
    communities.community_update(community=community, name="Accessibility Community of Practice")
    assert client.get(first).status_code == 200  # the original name takes its URL back
    assert client.get(second)["Location"] == first


def _page_queries(client, community):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(community.get_absolute_url()).status_code == 200
    return len(queries)


def test_query_count_does_not_grow_with_members_leaders_or_meetings(client, community, make_user):
    viewer = make_user()
    add_member(community, viewer)
    client.force_login(viewer)
    add_member(community, make_user(), role=Membership.Role.LEADER)
    small = _page_queries(client, community)
    for n in range(30):
        add_member(community, make_user(), role=Membership.Role.CO_LEADER if n < 5 else "member")
        start = timezone.now() + timezone.timedelta(days=n + 1)
        Meeting.objects.create(
            community=community,
            title=f"M{n}",
            starts_at=start,
            ends_at=start + timezone.timedelta(hours=1),
        )
    assert _page_queries(client, community) == small <= 8
