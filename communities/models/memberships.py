"""Memberships (with leader roles) and proposals for new communities.

Rules the database can enforce live here as constraints; every write goes through the services
package.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from ..querysets import MembershipQuerySet
from ..validators import validate_single_line
from .categories import CATEGORY_MAX_LENGTH, validate_category
from .communities import Community, Kind, MeetingFormat


class Membership(models.Model):
    """One person's relation to one community: their role and the state of their membership.

    One row per person per community (unique constraint). Leaving keeps the row as history
    (state ``left``); joining again reuses it.
    """

    class Role(models.TextChoices):
        LEADER = "leader", "Leader"
        CO_LEADER = "co_leader", "Co-leader"
        MEMBER = "member", "Member"

    class State(models.TextChoices):
        PENDING = "pending", "Pending approval"
        ACTIVE = "active", "Active"
        LEFT = "left", "Left"
        DECLINED = "declined", "Request declined"

    LEADER_ROLES = (Role.LEADER, Role.CO_LEADER)

    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.MEMBER)
    state = models.CharField(max_length=20, choices=State.choices, default=State.ACTIVE)
    requested_at = models.DateTimeField(default=timezone.now)
    joined_at = models.DateTimeField(null=True, blank=True)
    left_at = models.DateTimeField(null=True, blank=True)
    # Whether the person appears on the community's members page (seen by its members only).
    # Visible by default, as most campuses do; each member may hide themselves per community.
    listed_to_members = models.BooleanField("shown on the members page", default=True)

    history = HistoricalRecords()
    objects = MembershipQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["community", "user"], name="membership_one_per_person"),
            # Only active members can hold a leader role: a pending request is never a leader.
            models.CheckConstraint(
                condition=Q(role="member") | Q(state="active"), name="membership_leaders_active"
            ),
        ]
        indexes = [
            models.Index(fields=["community", "state", "role"]),
            # Only the leaders' rows (a few per community): the leader count and the leaders on
            # a community page read these, never the community's thousands of other rows
            # (PostgreSQL applied `role IN (...)` as a filter over the composite index above).
            models.Index(
                fields=["community"],
                condition=Q(state="active", role__in=["leader", "co_leader"]),
                name="membership_leaders",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} in {self.community} ({self.get_role_display()}, {self.get_state_display()})"

    def get_absolute_url(self) -> str:
        return self.community.get_absolute_url()

    @property
    def is_leader(self) -> bool:
        return self.state == self.State.ACTIVE and self.role in self.LEADER_ROLES


class Proposal(models.Model):
    """A request, by any employee, to start a new community; decided by a coordinator."""

    class Status(models.TextChoices):
        SUBMITTED = "submitted", "Submitted"
        CHANGES_REQUESTED = "changes_requested", "Changes requested"
        APPROVED = "approved", "Approved"
        DECLINED = "declined", "Declined"
        WITHDRAWN = "withdrawn", "Withdrawn"

    proposer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="proposals"
    )
    name = models.CharField("proposed name", max_length=200)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.COMMUNITY)
    category = models.CharField(
        max_length=CATEGORY_MAX_LENGTH, blank=True, validators=[validate_category]
    )
    purpose = models.TextField(help_text="What will members learn or do together?")
    audience = models.TextField("who it is for", help_text="Which roles, units or interests?")
    proposed_co_leaders = models.TextField(
        blank=True, help_text="Names or e-mail addresses of people willing to co-lead (optional)."
    )
    intended_cadence = models.CharField(
        max_length=200, blank=True, help_text='e.g. "Monthly"', validators=[validate_single_line]
    )
    intended_format = models.CharField(
        max_length=20, choices=MeetingFormat.choices, default=MeetingFormat.UNKNOWN
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.SUBMITTED)
    coordinator_note = models.TextField(blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="decided_proposals",
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    community = models.OneToOneField(
        Community, on_delete=models.SET_NULL, null=True, blank=True, related_name="proposal"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=["submitted", "changes_requested", "withdrawn"])
                | Q(decided_at__isnull=False),
                name="proposal_decision_dated",
            ),
        ]

    # Waiting for someone: the coordinators (submitted) or the proposer (changes requested).
    OPEN_STATUSES = (Status.SUBMITTED, Status.CHANGES_REQUESTED)

    def __str__(self) -> str:
        return f"{self.name} ({self.get_status_display()})"

    def get_absolute_url(self) -> str:
        return reverse("communities:proposal_detail", kwargs={"pk": self.pk})

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN_STATUSES


class ProposalNote(models.Model):
    """One note in the thread between a proposal's proposer and the coordinators (a request for
    changes, a question, an answer). Written through services.proposals only."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="notes")
    # SET_NULL: a deleted account's notes stay readable in the thread, unsigned.
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    from_coordinator = models.BooleanField(default=False)
    body = models.TextField(max_length=2000)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"Note on {self.proposal.name}"


class LeadOffer(models.Model):
    """Someone's offer to lead a community that is seeking a leader (Community.seeking_leader),
    with a short note; a coordinator accepts (the person becomes its leader) or declines.
    One pending offer per person per community."""

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting for a coordinator"
        ACCEPTED = "accepted", "Accepted"
        DECLINED = "declined", "Declined"

    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="lead_offers")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="lead_offers"
    )
    note = models.TextField(
        max_length=1000, blank=True, help_text="Why they would like to lead it, in a few lines."
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PENDING)
    created_at = models.DateTimeField(default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at"]
        verbose_name = "offer to lead"
        verbose_name_plural = "offers to lead"
        constraints = [
            models.UniqueConstraint(
                fields=["community", "user"],
                condition=Q(status="pending"),
                name="lead_offer_one_pending_per_person",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} offers to lead {self.community} ({self.get_status_display()})"
