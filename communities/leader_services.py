"""Writes a community's leaders make: its page, its people, messages to members; plus the roster
export. The views check that the actor leads the community (permissions.get_led_community).

Membership changes lock the community row first, so two leaders acting at once cannot both remove
the last leader, approve twice, or step past the message rate limit.
"""

from __future__ import annotations

import csv
import io
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from . import rsvp_services, services
from .models import Community, CommunityResources, MemberMessage, Membership
from .notifications import coordinator_addresses, email_send, email_send_each

PAGE_FIELDS = (
    "summary", "description", "category", "meeting_cadence", "meeting_format", "usual_location",
    "membership_policy", "joining_instructions",
)  # fmt: skip
RESOURCE_FIELDS = ("mailing_list_url", "chat_url", "shared_folder_url")
# Cells a spreadsheet would run as a formula (CSV injection); they get a leading quote.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _lock(community: Community) -> Community:
    return Community.objects.select_for_update().get(pk=community.pk)


@transaction.atomic
def community_page_update(*, community: Community, **fields) -> Community:
    """Change what a leader may change on the page (PAGE_FIELDS) and the resource links
    (RESOURCE_FIELDS). Raises ValidationError for bad values (e.g. a link that is not http(s))."""
    community = services.community_update(
        community=community, **{k: v for k, v in fields.items() if k in PAGE_FIELDS}
    )
    resources, _ = CommunityResources.objects.get_or_create(community=community)
    for name in RESOURCE_FIELDS:
        if name in fields:
            setattr(resources, name, fields[name].strip())
    if resources.mailing_list_url and not resources.mailing_list_url.lower().startswith(
        ("http://", "https://", "mailto:")
    ):
        raise ValidationError(
            {
                "mailing_list_url": ValidationError(
                    "Give a web address (https://…) or a mailto: link.", code="scheme"
                )
            }
        )
    resources.full_clean()
    resources.save()
    return community


def _membership(community: Community, membership_id: int) -> Membership:
    found = (
        Membership.objects.select_for_update()
        .select_related("user")
        .filter(community=community, pk=membership_id)
        .first()
    )
    if found is None:
        raise ValidationError("That person is not in this community.", code="not_found")
    return found


def _leaders_left(community: Community) -> None:
    """E-mail the coordinators when the community has no leader any more."""
    if not community.memberships.leaders().exists():
        email_send(
            to=coordinator_addresses(), template="seeking_leader", context={"community": community}
        )


@transaction.atomic
def membership_approve(*, community: Community, membership_id: int) -> Membership:
    """Approve a pending request and e-mail the requester. Idempotent for an active member.
    Raises ValidationError ``not_pending`` for a request withdrawn or declined meanwhile."""
    community = _lock(community)
    membership = _membership(community, membership_id)
    if membership.state == Membership.State.ACTIVE:
        return membership
    if membership.state != Membership.State.PENDING:
        raise ValidationError("This request was withdrawn or declined.", code="not_pending")
    membership.state, membership.joined_at = Membership.State.ACTIVE, timezone.now()
    membership.save()
    email_send(
        to=[membership.user.email],
        template="membership_approved",
        context={"community": community, "membership": membership},
    )
    return membership


@transaction.atomic
def membership_decline(*, community: Community, membership_id: int) -> Membership:
    """Decline a pending request and e-mail the requester. Idempotent for a declined one.
    Raises ValidationError ``not_pending`` for any other state."""
    community = _lock(community)
    membership = _membership(community, membership_id)
    if membership.state == Membership.State.DECLINED:
        return membership
    if membership.state != Membership.State.PENDING:
        raise ValidationError("Only pending requests can be declined.", code="not_pending")
    membership.state = Membership.State.DECLINED
    membership.save()
    email_send(
        to=[membership.user.email],
        template="membership_declined",
        context={"community": community, "membership": membership},
    )
    return membership


@transaction.atomic
def membership_remove(
    *, community: Community, membership_id: int, actor: AbstractBaseUser
) -> Membership:
    """Remove an active member (leaders too); the row stays as history with state ``left``.

    Idempotent for someone already gone. Raises ValidationError ``self`` when the actor removes
    themselves (they use "Leave"). When the last leader goes, the community is seeking a leader and
    the coordinators are e-mailed.
    """
    community = _lock(community)
    membership = _membership(community, membership_id)
    if membership.user_id == actor.pk:
        raise ValidationError("Use “Leave” on the community page to leave.", code="self")
    if membership.state != Membership.State.ACTIVE:
        return membership
    was_leader = membership.is_leader
    membership.state, membership.role = Membership.State.LEFT, Membership.Role.MEMBER
    membership.left_at = timezone.now()
    membership.save()
    rsvp_services.rsvps_release(user=membership.user, community=community)
    if was_leader:
        _leaders_left(community)
    return membership


@transaction.atomic
def membership_set_role(
    *, community: Community, membership_id: int, role: str, actor: AbstractBaseUser
) -> Membership:
    """Make an active member a co-leader, or a co-leader a plain member.

    The leader role moves only by ``leadership_hand_over``. Idempotent. Raises ValidationError
    ``not_active`` for a pending or former member, ``bad_role``, and ``last_leader`` when a
    leader would demote themselves as the only one (hand over first); a coordinator may demote
    the last leader, which leaves the community seeking one and tells the coordinators.
    """
    if role not in (Membership.Role.CO_LEADER, Membership.Role.MEMBER):
        raise ValidationError("Choose co-leader or member.", code="bad_role")
    community = _lock(community)
    membership = _membership(community, membership_id)
    if membership.state != Membership.State.ACTIVE:
        raise ValidationError("Only active members can take a role.", code="not_active")
    if membership.role == role:
        return membership
    others = community.memberships.leaders().exclude(pk=membership.pk).exists()
    if membership.is_leader and not others and membership.user_id == actor.pk:
        raise ValidationError(
            "You are the only leader. Hand over leadership before you step down.",
            code="last_leader",
        )
    was_leader = membership.is_leader
    membership.role = role
    membership.save()
    if was_leader and role == Membership.Role.MEMBER:
        _leaders_left(community)
    return membership


def find_user(identifier: str) -> AbstractBaseUser | None:
    """An active user by exact username or e-mail address (ignoring case), or None."""
    identifier = identifier.strip()
    if not identifier:
        return None
    return (
        get_user_model()
        .objects.filter(is_active=True)
        .filter(Q(username__iexact=identifier) | Q(email__iexact=identifier))
        .order_by("pk")
        .first()
    )


@transaction.atomic
def co_leader_add(*, community: Community, identifier: str) -> Membership:
    """Make an existing user (username or e-mail) a co-leader, joining them if needed.

    Idempotent for a current leader or co-leader. Raises ValidationError keyed ``identifier``
    (code ``unknown_user``) when no active user matches.
    """
    user = find_user(identifier)
    if user is None:
        raise ValidationError(
            {"identifier": "No one with that username or e-mail address has an account."},
            code="unknown_user",
        )
    community = _lock(community)
    membership = (
        Membership.objects.select_for_update().filter(community=community, user=user).first()
    )
    if membership is None:
        membership = Membership(community=community, user=user)
    if membership.is_leader:
        return membership
    now = timezone.now()
    if membership.state != Membership.State.ACTIVE:
        membership.joined_at, membership.left_at = now, None
    membership.state, membership.role = Membership.State.ACTIVE, Membership.Role.CO_LEADER
    membership.full_clean()
    membership.save()
    email_send(to=[user.email], template="co_leader_added", context={"community": community})
    return membership


@transaction.atomic
def leadership_hand_over(
    *, community: Community, membership_id: int, stay_as_co_leader: bool = True
) -> Membership:
    """Make an active member the leader. The current leader(s) become co-leaders, or members when
    ``stay_as_co_leader`` is False. Idempotent. Raises ValidationError ``not_active``."""
    community = _lock(community)
    membership = _membership(community, membership_id)
    if membership.state != Membership.State.ACTIVE:
        raise ValidationError("Only an active member can become the leader.", code="not_active")
    if membership.role == Membership.Role.LEADER:
        return membership
    former = Membership.Role.CO_LEADER if stay_as_co_leader else Membership.Role.MEMBER
    for current in community.memberships.active().filter(role=Membership.Role.LEADER):
        current.role = former
        current.save()
    membership.role = Membership.Role.LEADER
    membership.save()
    email_send(
        to=[membership.user.email],
        template="leadership_handed_over",
        context={"community": community},
    )
    return membership


def roster(community: Community):
    """Active members, leaders first, then by name, with their users (one query)."""
    return (
        community.memberships.active()
        .select_related("user")
        .order_by("role", "user__last_name", "user__first_name", "user__username")
    )


def _cell(value: str) -> str:
    return f"'{value}" if value.startswith(FORMULA_STARTS) else value


def roster_csv(community: Community) -> str:
    """The roster as CSV text with a UTF-8 byte-order mark (so Excel reads accents), one row per
    active member: name, e-mail, role, joined date (in the site's zone). Cells that a
    spreadsheet would take for a formula start with a quote instead."""
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out)
    writer.writerow(["Name", "E-mail", "Role", "Joined"])
    for m in roster(community):
        joined = timezone.localtime(m.joined_at).date().isoformat() if m.joined_at else ""
        name = m.user.get_full_name() or m.user.get_username()
        writer.writerow([_cell(name), _cell(m.user.email), m.get_role_display(), joined])
    return out.getvalue()


@transaction.atomic
def members_email(
    *,
    community: Community,
    sender: AbstractBaseUser,
    subject: str,
    body: str,
    mode: str = MemberMessage.Mode.INDIVIDUAL,
) -> MemberMessage:
    """E-mail every active member (the sender included), individually or in one BCC message to
    the sender, and record it. At most MEMBER_MESSAGES_PER_DAY per community in 24 hours.

    Raises ValidationError ``rate_limited`` over the limit and ``no_members`` when nobody has an
    address. The community row is locked, so two leaders cannot pass the limit together.
    """
    community = _lock(community)
    since = timezone.now() - timedelta(days=1)
    limit = settings.MEMBER_MESSAGES_PER_DAY
    if MemberMessage.objects.filter(community=community, sent_at__gte=since).count() >= limit:
        raise ValidationError(
            f"This community has sent {limit} messages in the last 24 hours; try again tomorrow.",
            code="rate_limited",
        )
    addresses = sorted(
        {
            m.user.email
            for m in community.memberships.active().select_related("user")
            if m.user.email
        }
    )
    if not addresses:
        raise ValidationError("No member has an e-mail address.", code="no_members")
    message = MemberMessage(
        community=community, sender=sender, subject=subject.strip(), body=body, mode=mode,
        recipient_count=len(addresses),
    )  # fmt: skip
    message.full_clean()
    message.save()
    context = {"community": community, "message": message, "sender": sender}
    if mode == MemberMessage.Mode.BCC:
        email_send(to=[sender.email], bcc=addresses, template="member_message", context=context)
    else:
        email_send_each(
            template="member_message", items=[(address, context, {}) for address in addresses]
        )
    return message
