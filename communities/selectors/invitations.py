"""Reads about invitations: a community's invitations for its leaders, whether an address wants
no invitations, and why an invitation cannot be accepted by someone (the one place that rule
lives: the invitation page and services.invitations.invitation_accept both ask it)."""

from __future__ import annotations

from datetime import datetime

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import ValidationError
from django.db.models import Q

from ..models import Community, Invitation, InvitationOptOut

# ValidationError code -> HTTP status of the invitation page that explains it.
PROBLEM_STATUS = {
    "bad_token": 400,
    "revoked": 410,
    "expired": 410,
    "used": 410,
    "archived": 410,
    "other_address": 403,
}


def community_invitations(community: Community, *, now: datetime) -> list[Invitation]:
    """Every invitation of ``community``, newest first, each with ``status`` (Invitation.Status at
    ``now``) and its inviter loaded: pending, accepted, expired and revoked alike (one query)."""
    found = list(community.invitations.select_related("invited_by", "accepted_by"))
    for invitation in found:
        invitation.status = invitation.status_at(now)
    return found


def address_opted_out(email: str) -> bool:
    """True when ``email`` (any case) asked not to be invited: through an invitation's one-click
    link, or, for an account with that address, by switching off all communities' e-mail on
    /me/settings/ (MemberSettings.meeting_emails, the global switch)."""
    email = email.strip().lower()
    if InvitationOptOut.objects.filter(email=email).exists():
        return True
    return (
        get_user_model()
        .objects.filter(email__iexact=email, cop_settings__meeting_emails=False)
        .exists()
    )


def account_exists(email: str) -> bool:
    """True when an account has ``email`` (any case) as its address or username."""
    return (
        get_user_model().objects.filter(Q(email__iexact=email) | Q(username__iexact=email)).exists()
    )


def email_matches(user: AbstractBaseUser | AnonymousUser, invitation: Invitation) -> bool:
    """True when the account's e-mail address (as the identity provider or the account states
    it; never a guess from a name) is the invited one, compared without regard to case."""
    address = (getattr(user, "email", "") or "").strip().lower()
    return bool(address) and address == invitation.email


def invitation_problem(
    invitation: Invitation, user: AbstractBaseUser | AnonymousUser, *, now: datetime
) -> ValidationError | None:
    """Why ``user`` cannot accept ``invitation`` at ``now``, as a ValidationError whose code is
    a key of PROBLEM_STATUS, or None when they can (an anonymous visitor is asked to sign in
    first, which is not a problem). An invitation the same person already accepted is no problem:
    accepting again changes nothing."""
    if invitation.accepted_at is not None:
        if invitation.accepted_by_id is not None and invitation.accepted_by_id == user.pk:
            return None
        return ValidationError("This invitation was already used.", code="used")
    if invitation.revoked_at is not None:
        return ValidationError("This invitation was withdrawn by the community.", code="revoked")
    if invitation.expires_at <= now:
        return ValidationError(
            "This invitation has expired. Ask the person who invited you to send it again.",
            code="expired",
        )
    if invitation.community.status == Community.Status.ARCHIVED:
        return ValidationError(
            "This community is archived and takes no new members.", code="archived"
        )
    if user.is_authenticated and not email_matches(user, invitation):
        return ValidationError(
            f"This invitation is for another e-mail address than the one of your account "
            f"({user.email or 'none'}). Log out and sign in with the invited address, or ask for "
            f"an invitation to yours.",
            code="other_address",
        )
    return None
