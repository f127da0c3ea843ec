"""One small, realistic world shared by the permission matrix, the accessibility sweep and the
browser journeys: a community with a person in every role, a second community with its own leader,
a proposal, enough listed communities for a second directory page.

Add a persona or an object here (not in each test) when a new page needs one, so every harness
sees it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

from django.contrib.auth.models import AbstractBaseUser
from django.utils import timezone

from communities.models import (
    Category,
    Community,
    Invitation,
    LeadOffer,
    Meeting,
    Membership,
    MembershipPolicy,
    Proposal,
)
from communities.services import communities, invitations, proposals
from tests.personas import add_member, make_coordinator, make_person

# The roles of the issue, in the order the matrix prints them.
ROLES = (
    "anonymous",
    "employee",
    "pending",
    "member",
    "other_leader",
    "leader",
    "coordinator",
)


@dataclass
class World:
    """Who is who: ``users[role]`` (None for anonymous) and the objects their pages need."""

    users: dict[str, AbstractBaseUser | None]
    community: Community  # on request: has a leader, a member and a pending member
    other: Community  # led by ``other_leader``
    open_community: Community
    restricted: Community
    archived: Community
    proposal: Proposal  # submitted by ``employee``
    sent_back: Proposal | None = None  # ``employee``'s, a coordinator asked for changes
    extra: list[Community] = field(default_factory=list)
    meeting: Meeting | None = None  # ``community``'s coming meeting
    # ``community``'s pending invitations: to an address no account has, and to ``employee``.
    invitation: Invitation | None = None
    employee_invitation: Invitation | None = None


def build_world(*, directory_pages: int = 1) -> World:
    """Create the world. ``directory_pages=2`` adds listed communities for a second page."""
    for category in ("Accessibility", "Writing"):
        Category.objects.get_or_create(name=category)
    community = communities.community_create(
        name="Accessibility Community of Practice",
        summary="Making the university's sites and documents usable by everyone.",
        description="We review pages together.\n\nBring a page you are working on.",
        category="Accessibility",
        meeting_cadence="Monthly, 2nd Wednesday",
        membership_policy=MembershipPolicy.REQUEST,
    )
    other = communities.community_create(
        name="Data Stewards Council", kind="council", membership_policy=MembershipPolicy.OPEN
    )
    open_community = communities.community_create(
        name="Plain Language Writers", membership_policy=MembershipPolicy.OPEN, category="Writing"
    )
    restricted = communities.community_create(
        name="Staff Senate", kind="council", membership_policy=MembershipPolicy.RESTRICTED
    )
    archived = communities.community_create(name="Old Web Group", status=Community.Status.ARCHIVED)
    users: dict[str, AbstractBaseUser | None] = {"anonymous": None}
    users["employee"] = make_person("employee", first_name="Emery", last_name="Employee")
    users["pending"] = make_person("pending")
    users["member"] = make_person("member", first_name="Max", last_name="Member")
    users["other_leader"] = make_person("other_leader")
    users["leader"] = make_person("leader", first_name="Lee", last_name="Leader")
    users["coordinator"] = make_coordinator(first_name="Casey", last_name="Coordinator")
    add_member(community, users["leader"], role=Membership.Role.LEADER)
    add_member(community, users["member"])
    add_member(community, users["pending"], state=Membership.State.PENDING)
    add_member(other, users["other_leader"], role=Membership.Role.LEADER)
    add_member(open_community, users["member"])
    starts = timezone.now() + timedelta(days=7)
    meeting = Meeting.objects.create(
        community=community,
        title="Monthly review",
        starts_at=starts,
        ends_at=starts + timedelta(hours=1),
        location="Main Hall 210",
    )
    proposal = proposals.proposal_submit(
        proposer=users["employee"],
        name="Research Software Engineers",
        purpose="Share practices for research code: testing, packaging, reviews.",
        audience="Anyone who writes code for research.",
    )
    invitations.invitations_send(
        community=community,
        emails=["newcomer@example.edu", users["employee"].email],
        note="We review a page together each month; bring yours.",
        actor=users["leader"],
    )
    # An offer to lead the leaderless open community, for the dashboard and admin's list.
    LeadOffer.objects.create(
        community=open_community, user=users["employee"], note="I chaired a writing group."
    )
    sent_back = proposals.proposal_submit(
        proposer=users["employee"],
        name="Campus Gardeners",
        purpose="Grow food and flowers on campus plots, and share seeds.",
        audience="Anyone with a free lunch hour.",
    )
    proposals.proposal_request_changes(
        proposal=sent_back, coordinator=users["coordinator"], note="Which plots? Ask Facilities."
    )
    extra = [
        communities.community_create(name=f"Topic group {n:02d}", summary="A listed group.")
        for n in range(22 if directory_pages > 1 else 0)
    ]
    return World(
        users=users,
        community=community,
        other=other,
        open_community=open_community,
        restricted=restricted,
        archived=archived,
        proposal=proposal,
        sent_back=sent_back,
        extra=extra,
        meeting=meeting,
        invitation=Invitation.objects.get(email="newcomer@example.edu"),
        employee_invitation=Invitation.objects.get(email=users["employee"].email),
    )
