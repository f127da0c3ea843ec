"""Invitations: a leader (or the coordinators, for the CSV import) invites e-mail addresses to a
community; the person opens the link, signs in, and accepts.

The link is ``/invitations/<token>/`` where the token is the invitation's primary key signed with
SECRET_KEY (django.core.signing, as the unsubscribe links are). Everything that decides whether
the link still works is on the row: ``expires_at`` (settings.INVITATION_DAYS after the last
sending), ``accepted_at`` (single use), ``revoked_at``. So a forged or altered token fails the
signature, the database holds no secret worth stealing, and a resent invitation keeps the same
link: every copy the person received works until it is used, revoked or expires.

Accepting matches the signed-in person by their account's e-mail address only
(selectors.invitations.invitation_problem) and joins them through services.memberships
.membership_grant. Addresses that used the invitation's one-click opt-out are never invited again.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from ..models import Community, Invitation, InvitationOptOut, Membership
from ..permissions import require_leads
from ..ratelimit import rate_limit_exceeded
from ..selectors.invitations import account_exists, address_opted_out, invitation_problem
from .locking import lock, lock_community
from .memberships import membership_grant
from .notifications import coordinator_addresses, email_send

INVITATION_SALT = "communities.invitation"
# A second "Resend" within this time (a double click, an impatient leader) sends nothing more.
RESEND_QUIET = timedelta(minutes=10)


@dataclass
class InvitationReport:
    """What became of each address given to invitations_send, in the order given (lower-case)."""

    invited: list[str] = field(default_factory=list)
    already_invited: list[str] = field(default_factory=list)
    already_members: list[str] = field(default_factory=list)
    opted_out: list[str] = field(default_factory=list)
    duplicates: list[str] = field(default_factory=list)
    rate_limited: list[str] = field(default_factory=list)


def invitation_token(invitation: Invitation) -> str:
    """The signed token of ``invitation``'s link (stable: resending sends the same link)."""
    return signing.dumps(invitation.pk, salt=INVITATION_SALT)


def invitation_path(invitation: Invitation) -> str:
    """Path of the page where ``invitation`` is accepted."""
    return reverse("communities:invitation", kwargs={"token": invitation_token(invitation)})


def invitation_from_token(token: str) -> Invitation:
    """The invitation a token from invitation_token stands for, with its community and inviter.

    Raises ValidationError (code ``bad_token``) for a forged, altered or unknown token.
    """
    try:
        pk = signing.loads(token, salt=INVITATION_SALT)
        return Invitation.objects.select_related("community", "invited_by").get(pk=int(pk))
    except (signing.BadSignature, TypeError, ValueError, Invitation.DoesNotExist) as error:
        raise ValidationError(
            "This invitation link is not valid. Check that you opened the whole link from the "
            "e-mail.",
            code="bad_token",
        ) from error


def _send(invitation: Invitation) -> None:
    path = invitation_path(invitation)
    inviter = invitation.invited_by
    reply_to = [inviter.email] if inviter and inviter.email else coordinator_addresses()
    opt_out = f"{settings.SITE_URL}{path}opt-out/"
    headers = {
        "List-Unsubscribe": f"<{opt_out}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }
    if reply_to:
        headers["Reply-To"] = ", ".join(reply_to)
    email_send(
        to=[invitation.email],
        template="invitation",
        context={
            "invitation": invitation,
            "community": invitation.community,
            "inviter": inviter,
            "invitation_url": f"{settings.SITE_URL}{path}",
            "opt_out_url": opt_out,
        },
        headers=headers,
    )


def _renew(invitation: Invitation, now: datetime) -> None:
    invitation.sent_at = now
    invitation.expires_at = now + timedelta(days=settings.INVITATION_DAYS)


@transaction.atomic
def invitations_send(
    *,
    community: Community,
    emails: list[str],
    role: str = Invitation.Role.MEMBER,
    note: str = "",
    actor: AbstractBaseUser | None,
    now: datetime | None = None,
) -> InvitationReport:
    """Invite each address of ``emails`` (valid addresses; any case) to ``community`` as ``role``
    with ``note``, e-mailing each a link (Reply-To the inviter) that works for
    settings.INVITATION_DAYS.

    Not errors, but reported (InvitationReport): a repeated address, an active member, an address
    with a pending invitation, one that opted out of invitations, and, once ``actor`` has invited
    settings.RATE_LIMITS["invite"] addresses, the rest. An expired open invitation is renewed.
    ``actor`` None means the coordinators (the CSV import; no rate limit). Raises PermissionDenied
    unless ``actor`` leads the community (checked under its lock), ValidationError ``archived``.
    """
    now = now or timezone.now()
    community = lock_community(community)
    if actor is not None:
        require_leads(actor, community)
    if community.status == Community.Status.ARCHIVED:
        raise ValidationError(
            "This community is archived and takes no new members.", code="archived"
        )
    members = {
        e.lower() for e in community.memberships.active().values_list("user__email", flat=True)
    }
    report, seen = InvitationReport(), set()
    for email in (e.strip().lower() for e in emails):
        if email in seen:
            report.duplicates.append(email)
            continue
        seen.add(email)
        if address_opted_out(email):
            report.opted_out.append(email)
        elif email in members:
            report.already_members.append(email)
        else:
            _invite_one(community, email, role, note, actor, now, report)
    return report


def _invite_one(community, email, role, note, actor, now, report: InvitationReport) -> None:
    open_one = lock(
        community.invitations.filter(email=email, accepted_at=None, revoked_at=None)
    ).first()
    if open_one is not None and open_one.expires_at > now:
        report.already_invited.append(email)
        return
    # Re-inviting the same address in the window counts once.
    if actor is not None and rate_limit_exceeded(actor, "invite", target=f"{community.pk}:{email}"):
        report.rate_limited.append(email)
        return
    invitation = open_one or Invitation(community=community, email=email, created_at=now)
    invitation.role, invitation.note, invitation.invited_by = role, note, actor
    _renew(invitation, now)
    invitation.full_clean()
    invitation.save()
    invitation.community = community
    _send(invitation)
    report.invited.append(email)


def _locked_invitation(community: Community, invitation_id: int) -> Invitation:
    rows = community.invitations.select_related("invited_by").filter(pk=invitation_id)
    found = lock(rows, of=("self",)).first()
    if found is None:
        raise ValidationError("There is no such invitation.", code="not_found")
    found.community = community
    return found


@transaction.atomic
def invitation_revoke(
    *,
    community: Community,
    invitation_id: int,
    actor: AbstractBaseUser,
    now: datetime | None = None,
) -> Invitation:
    """Withdraw an invitation: its link stops working (the page says it was withdrawn).

    Idempotent for a revoked one. Raises PermissionDenied unless ``actor`` leads the community
    (checked under its lock); ValidationError ``accepted`` once it was accepted (the person is a
    member: remove them on the people page instead), ``not_found``.
    """
    community = lock_community(community)
    require_leads(actor, community)
    invitation = _locked_invitation(community, invitation_id)
    if invitation.accepted_at is not None:
        raise ValidationError(
            "This invitation was accepted; to undo it, remove the person on the People page.",
            code="accepted",
        )
    if invitation.revoked_at is None:
        invitation.revoked_at = now or timezone.now()
        invitation.save(update_fields=["revoked_at"])
    return invitation


@transaction.atomic
def invitation_resend(
    *,
    community: Community,
    invitation_id: int,
    actor: AbstractBaseUser,
    now: datetime | None = None,
) -> tuple[Invitation, bool]:
    """E-mail a pending or expired invitation again (the same link) and give it another
    settings.INVITATION_DAYS. Returns ``(invitation, sent)``: ``sent`` is False when it was
    (re)sent less than RESEND_QUIET ago (a double click sends one e-mail).

    Raises PermissionDenied unless ``actor`` leads the community (checked under its lock);
    ValidationError ``accepted``, ``revoked`` (invite the address again instead), ``opted_out``,
    ``not_found``.
    """
    now = now or timezone.now()
    community = lock_community(community)
    require_leads(actor, community)
    invitation = _locked_invitation(community, invitation_id)
    if invitation.accepted_at is not None:
        raise ValidationError("This invitation was already accepted.", code="accepted")
    if invitation.revoked_at is not None:
        raise ValidationError(
            "This invitation was withdrawn; invite the address again instead.", code="revoked"
        )
    if address_opted_out(invitation.email):
        raise ValidationError("This address asked not to be invited again.", code="opted_out")
    if invitation.sent_at > now - RESEND_QUIET:
        return invitation, False
    _renew(invitation, now)
    invitation.save(update_fields=["sent_at", "expires_at"])
    _send(invitation)
    return invitation, True


@transaction.atomic
def invitation_accept(
    *, token: str, user: AbstractBaseUser, now: datetime | None = None
) -> Membership:
    """Accept the invitation ``token`` stands for as ``user``: they become an active member (or
    co-leader, or leader) through services.memberships.membership_grant, and the invitation is
    used up. Accepting again as the same person returns their membership and changes nothing.

    Raises ValidationError with a code of selectors.invitations.PROBLEM_STATUS (``bad_token``,
    ``used``, ``revoked``, ``expired``, ``archived``, ``other_address`` when the account's e-mail
    address is not the invited one); nothing is written then.
    """
    now = now or timezone.now()
    invitation = invitation_from_token(token)
    community = lock_community(invitation.community)  # lock order: community, then its rows
    invitation = _locked_invitation(community, invitation.pk)
    problem = invitation_problem(invitation, user, now=now)
    if problem is not None:
        raise problem
    if invitation.accepted_at is not None:  # accepted by this same person before
        return community.memberships.get(user=user)
    membership = membership_grant(community=community, user=user, role=invitation.role)
    invitation.accepted_at, invitation.accepted_by = now, user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    return membership


@transaction.atomic
def invitation_sign_up(
    *, token: str, first_name: str, last_name: str, password: str, now: datetime | None = None
) -> tuple[AbstractBaseUser, Membership]:
    """Make a site account for the address the invitation ``token`` was sent to (its username is
    the address; the link proves the person receives mail there) and accept the invitation with
    it, in one transaction. For people with no account and no single sign-on; off when
    settings.INVITATION_SIGN_UP is False.

    Raises ValidationError: a code of selectors.invitations.PROBLEM_STATUS, ``sign_up_off``, or
    ``has_account`` when an account with that address exists (they sign in instead).
    """
    if not settings.INVITATION_SIGN_UP:
        raise ValidationError("Accounts are not made here; sign in instead.", code="sign_up_off")
    invitation = invitation_from_token(token)
    problem = invitation_problem(invitation, AnonymousUser(), now=now or timezone.now())
    if problem is not None:
        raise problem
    email = invitation.email
    if len(email) > 150 or account_exists(email):
        raise ValidationError(
            "There is already an account with this address: sign in with it to accept.",
            code="has_account",
        )
    try:
        with transaction.atomic():  # a concurrent sign-up with the same link made it first
            user = get_user_model().objects.create_user(
                username=email, email=email, password=password,
                first_name=first_name[:150], last_name=last_name[:150],
            )  # fmt: skip
    except IntegrityError as error:
        raise ValidationError(
            "There is already an account with this address: sign in with it to accept.",
            code="has_account",
        ) from error
    return user, invitation_accept(token=token, user=user, now=now)


@transaction.atomic
def invitation_opt_out(*, token: str, now: datetime | None = None) -> str:
    """Put the address the invitation ``token`` was sent to on the do-not-invite list (the
    e-mail's one-click List-Unsubscribe link) and withdraw its open invitations. Idempotent.

    Returns the address. Raises ValidationError ``bad_token``.
    """
    invitation = invitation_from_token(token)
    InvitationOptOut.objects.get_or_create(email=invitation.email)
    Invitation.objects.filter(email=invitation.email, accepted_at=None, revoked_at=None).update(
        revoked_at=now or timezone.now()
    )
    return invitation.email
