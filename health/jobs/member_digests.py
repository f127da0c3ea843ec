"""The members' weekly digest (opt-in): new meetings and new members of their communities."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.urls import reverse

from communities.models import Community, MeetingEmailOptOut, Membership
from communities.services.notifications import email_send
from communities.services.preferences import DIGEST, mail_headers, unsubscribe_url

from .base import LISTED, absolute_url, record_once
from .digests import digest_period


def member_digest_sections(user, now: datetime) -> list[dict]:
    """What ``user``'s weekly digest says: for each listed community they are an active member
    of and take e-mail from, the coming meetings scheduled in the last 7 days and the members
    who joined in them (not the user). Communities with nothing new are left out."""
    week_ago = now - timedelta(days=7)
    muted = MeetingEmailOptOut.objects.filter(user=user).values("community")
    communities = Community.objects.filter(
        memberships__user=user,
        memberships__state=Membership.State.ACTIVE,
        status__in=LISTED,
    ).exclude(pk__in=muted)
    sections = []
    for community in communities.order_by("name"):
        meetings = list(
            community.meetings.filter(cancelled=False, starts_at__gt=now, created_at__gte=week_ago)
        )
        joined = list(
            community.memberships.active()
            .filter(joined_at__gte=week_ago, listed_to_members=True)
            .exclude(user=user)
            .select_related("user")
        )
        if meetings or joined:
            sections.append({"community": community, "meetings": meetings, "new_members": joined})
    return sections


def send_member_digests(now: datetime) -> int:
    """Once per ISO week (from Monday DIGEST_HOUR), e-mail each member who asked for it
    (MemberSettings.member_digest) and has not switched communities' e-mail off their digest
    (member_digest_sections); nothing when there is nothing new. Returns the number of e-mails."""
    period = digest_period(now)
    if period is None:
        return 0
    people = (
        get_user_model()
        .objects.filter(is_active=True, cop_settings__member_digest=True)
        .exclude(email="")
        .exclude(cop_settings__meeting_emails=False)
    )
    sent = 0
    for user in people.order_by("pk"):
        sections = member_digest_sections(user, now)
        if not sections:
            continue
        with transaction.atomic():
            if not record_once(f"member-digest:user:{user.pk}:{period}", job="member-digest"):
                continue
            email_send(
                to=[user.email],
                template="member_digest",
                context={
                    "user": user,
                    "sections": sections,
                    "settings_url": absolute_url(reverse("communities:my_settings")),
                    "unsubscribe_url": unsubscribe_url(user, None, kind=DIGEST),
                },
                headers=mail_headers(user, None, kind=DIGEST),
            )
            sent += 1
    return sent
