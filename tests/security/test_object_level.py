"""Object-level access: people reach only their own proposals, leaders only their own communities.

The leader tools and meeting pages (issue 3) use get_led_community, then look the meeting up in
that community: a leader of A cannot reach B's meeting by its id, through A's address or B's.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils import timezone

from communities.models import Meeting, Proposal
from communities.permissions import get_led_community
from tests.personas import make_person
from tests.world import build_world


@pytest.fixture
def world(db):
    return build_world()


@pytest.mark.parametrize("role", ["leader", "coordinator"])
def test_a_leader_or_coordinator_reaches_the_community_they_lead(world, role):
    assert get_led_community(world.community.slug, world.users[role]) == world.community


@pytest.mark.parametrize("role", ["other_leader", "member", "pending", "employee"])
def test_anyone_else_is_refused_with_403(world, role):
    with pytest.raises(PermissionDenied):
        get_led_community(world.community.slug, world.users[role])


@pytest.mark.parametrize("slug", ["no-such-community", "a\x00b"])
def test_an_unknown_community_is_404_before_any_permission_question(world, slug):
    with pytest.raises(Http404):
        get_led_community(slug, world.users["leader"])


@pytest.mark.parametrize("role", ["member", "other_leader", "coordinator"])
def test_nobody_else_withdraws_or_reads_a_proposal_by_its_id(client, world, role):
    client.force_login(world.users[role])
    pk = world.proposal.pk
    assert client.post(f"/me/proposals/{pk}/withdraw/").status_code == 404
    response = client.get(f"/propose/sent/{pk}/")
    assert response.status_code == 404 and world.proposal.name not in response.content.decode()
    assert Proposal.objects.get(pk=pk).status == Proposal.Status.SUBMITTED
    assert world.proposal.name not in client.get("/me/proposals/").content.decode()


@pytest.fixture
def other_meeting(world):
    """A coming meeting of ``world.other`` (led by other_leader, not by leader)."""
    starts = timezone.now() + timedelta(days=3)
    return Meeting.objects.create(
        community=world.other, title="Stewards' sync", starts_at=starts,
        ends_at=starts + timedelta(hours=1), location="Room 1",
    )  # fmt: skip


@pytest.mark.parametrize("through", ["own_slug", "their_slug"])
@pytest.mark.parametrize("action", ["edit", "cancel", "restore", "attendance"])
def test_a_leader_cannot_touch_another_communitys_meeting_by_its_id(
    client, world, other_meeting, through, action, mailoutbox
):
    slug = world.community.slug if through == "own_slug" else world.other.slug
    url = f"/c/{slug}/manage/meetings/{other_meeting.pk}/{action}/"
    client.force_login(world.users["leader"])
    data = {"title": "Taken over", "day": "2030-01-01", "start_time": "10:00",
            "end_time": "11:00", "timezone": "UTC", "location": "Elsewhere"}  # fmt: skip
    before = Meeting.objects.filter(pk=other_meeting.pk).values().get()
    # A GET of the POST-only cancel/restore goes to the page above (PostOnlyReturnMiddleware).
    for response in (client.get(url), client.post(url, data)):
        assert response.status_code in (302, 403, 404)
        assert other_meeting.title not in response.content.decode()
    assert client.post(url, data).status_code in (403, 404)
    assert Meeting.objects.filter(pk=other_meeting.pk).values().get() == before
    assert mailoutbox == []


def test_a_staff_user_who_is_not_a_coordinator_gets_no_coordinator_page(client, world):
    staff = make_person("helpdesk", is_staff=True)
    client.force_login(staff)
    for url in ("/coordination/", "/coordination/communities.csv"):
        assert client.get(url).status_code == 403
    assert client.get(f"/c/{world.community.slug}/manage/").status_code == 403
    assert client.get(f"/c/{world.community.slug}/health/").status_code == 403
