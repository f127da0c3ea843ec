"""Reads about people: a community's roster (and its CSV) and join requests, finding a user, who
gets meeting e-mails."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Q, QuerySet
from django.utils import timezone

from ..models import Community, MeetingEmailOptOut, Membership

# Cells a spreadsheet would run as a formula (CSV injection); they get a leading quote.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


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


def roster(community: Community):
    """Active members, leaders first, then by name, with their users (one query)."""
    return (
        community.memberships.active()
        .select_related("user")
        .by_rank("user__last_name", "user__first_name", "user__username")
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


def meeting_mail_recipients(
    community: Community, among: Iterable[int] | None = None
) -> list[AbstractBaseUser]:
    """Active members (leaders included) of ``community`` who want its meeting e-mails and have an
    address: not switched off globally, not muted for this community. ``among`` limits them to
    those user ids. One query."""
    users = get_user_model().objects.all()
    if among is not None:
        users = users.filter(pk__in=list(among))
    return list(
        users.filter(
            memberships__community=community,
            memberships__state=Membership.State.ACTIVE,
            is_active=True,
        )
        .exclude(email="")
        .exclude(cop_settings__meeting_emails=False)
        .exclude(pk__in=MeetingEmailOptOut.objects.filter(community=community).values("user"))
        .order_by("pk")
    )


def pending_requests(community: Community) -> QuerySet[Membership]:
    """Requests to join ``community`` waiting for its leaders, oldest first, with their users."""
    return (
        community.memberships.filter(state=Membership.State.PENDING)
        .select_related("user")
        .order_by("requested_at")
    )
