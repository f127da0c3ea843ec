"""Invitations to join a community, sent by e-mail address, and the addresses that asked never to
be invited again.

An invitation's link carries its primary key signed with SECRET_KEY (services.invitations); the
row holds everything that decides whether the link still works (expiry, acceptance, revocation).
Rules the database can enforce live here as constraints; every write goes through
services.invitations.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from .communities import Community

NOTE_MAX_LENGTH = 1000


class Invitation(models.Model):
    """An invitation of one e-mail address (stored lower-case) to one community, in one role.

    Open (neither accepted nor revoked) invitations are unique per community and address; an
    expired open one is renewed by inviting the address again. ``invited_by`` is None when the
    coordinators sent it (the CSV import), or when the inviting account was deleted.
    """

    class Role(models.TextChoices):
        MEMBER = "member", "Member"
        CO_LEADER = "co_leader", "Co-leader"
        LEADER = "leader", "Leader"

    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        ACCEPTED = "accepted", "Accepted"
        EXPIRED = "expired", "Expired"
        REVOKED = "revoked", "Revoked"

    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField("e-mail address", max_length=254)
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.MEMBER)
    note = models.TextField(blank=True, max_length=NOTE_MAX_LENGTH)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField()
    sent_at = models.DateTimeField(help_text="When the e-mail was last sent (resending moves it).")
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-sent_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["community", "email"],
                condition=Q(accepted_at__isnull=True, revoked_at__isnull=True),
                name="invitation_one_open_per_address",
            ),
            models.CheckConstraint(
                condition=Q(accepted_at__isnull=True) | Q(revoked_at__isnull=True),
                name="invitation_accepted_or_revoked",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.email} to {self.community} ({self.get_role_display()})"

    def status_at(self, now) -> str:
        """One of Status's values at the aware datetime ``now``."""
        if self.accepted_at is not None:
            return self.Status.ACCEPTED
        if self.revoked_at is not None:
            return self.Status.REVOKED
        if self.expires_at <= now:
            return self.Status.EXPIRED
        return self.Status.PENDING


class InvitationOptOut(models.Model):
    """An address (lower-case) that asked, through the one-click link in an invitation, never to
    be invited again. It may belong to nobody with an account, so it is keyed by address."""

    email = models.EmailField("e-mail address", max_length=254, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "address that wants no invitations"
        verbose_name_plural = "addresses that want no invitations"

    def __str__(self) -> str:
        return self.email
