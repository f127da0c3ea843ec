"""Members see each other (issue 13, item 6): /c/<slug>/members/ for the community's members,
leaders and coordinators; each member chooses whether to appear; the public page keeps only the
count and the leaders."""

from __future__ import annotations

import pytest
from django.urls import reverse

from accounts.models import Profile
from communities.models import MemberSettings, Membership
from communities.services import preferences
from tests.personas import add_member

pytestmark = pytest.mark.django_db


@pytest.fixture
def url(community):
    return reverse("communities:members", args=[community.slug])


@pytest.fixture
def colleague(community, make_user):
    person = make_user("colleague", first_name="Cam", last_name="Colleague")
    add_member(community, person)
    Profile.objects.create(user=person, unit="Library", title="Web Librarian")
    preferences.ask_me_about_set(user=person, text="screen readers, <b>PDF</b> fixes")
    return person


def test_a_member_sees_names_units_titles_and_ask_me_about(client, url, leader, member, colleague):
    client.force_login(member)
    page = client.get(url).content.decode()
    assert "Cam Colleague" in page and "Web Librarian, Library" in page
    assert "Ask me about: screen readers, &lt;b&gt;PDF&lt;/b&gt; fixes" in page  # escaped
    assert "Lee Leader" in page


@pytest.mark.parametrize("who", ["leader", "coordinator"])
def test_leaders_and_coordinators_see_it(client, url, colleague, who, request):
    client.force_login(request.getfixturevalue(who))
    assert "Cam Colleague" in client.get(url).content.decode()


def test_outsiders_pending_and_former_members_are_refused(
    client, url, community, employee, colleague, make_user
):
    pending = make_user("pending")
    add_member(community, pending, state=Membership.State.PENDING)
    former = make_user("former")
    add_member(community, former, state=Membership.State.LEFT)
    for person in (employee, pending, former):
        client.force_login(person)
        response = client.get(url)
        assert response.status_code == 403
        assert "Cam Colleague" not in response.content.decode()
    client.logout()
    assert client.get(url)["Location"].startswith("/accounts/login/")


def test_the_public_page_keeps_the_count_and_leaders_but_not_the_members(
    client, community, colleague, employee
):
    page = client.get(community.get_absolute_url()).content.decode()
    assert "Cam Colleague" not in page and "/members/" not in page
    client.force_login(colleague)
    assert (
        f'href="/c/{community.slug}/members/"'
        in client.get(community.get_absolute_url()).content.decode()
    )


def test_a_member_who_hides_themselves_is_counted_not_named(
    client, url, community, member, colleague
):
    client.force_login(colleague)
    settings_url = reverse("communities:my_settings")
    client.post(settings_url, {"meeting_emails": "on", "ask_me_about": "PDFs"})  # none ticked
    assert not Membership.objects.get(user=colleague).listed_to_members
    client.force_login(member)
    page = client.get(url).content.decode()
    assert "Cam Colleague" not in page and "1 other member chose not to be listed" in page
    client.force_login(colleague)
    client.post(settings_url, {"ask_me_about": "PDFs", "listed_in": [community.pk]})
    client.force_login(member)
    assert "Cam Colleague" in client.get(url).content.decode()


def test_members_are_listed_by_default(community, member):
    assert Membership.objects.get(user=member, community=community).listed_to_members is True


def test_the_ask_me_about_line_is_one_short_line(client, member):
    client.force_login(member)
    url = reverse("communities:my_settings")
    for bad in ["a" * 141, "two\nlines"]:
        response = client.post(url, {"ask_me_about": bad})
        assert response.status_code == 200 and 'id="form-errors"' in response.content.decode()
    assert not MemberSettings.objects.filter(ask_me_about__contains="a").exists()
    client.post(url, {"ask_me_about": "  accessible forms  "})
    assert MemberSettings.objects.get(user=member).ask_me_about == "accessible forms"


def test_the_members_page_takes_a_fixed_number_of_queries(
    client, url, community, member, colleague, make_user, django_assert_max_num_queries
):
    for n in range(5):
        add_member(community, make_user(f"extra{n}"))
    client.force_login(member)
    with django_assert_max_num_queries(12):
        client.get(url)
