"""What a person saves on /me/settings/ in one go: their e-mail switches and "ask me about" line
(services.preferences) and where they appear on members pages (services.memberships). A module of
its own so that neither of those two imports the other."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction

from ..models import MemberSettings
from .memberships import membership_listing_set
from .preferences import ask_me_about_set, meeting_emails_set


@transaction.atomic
def my_settings_save(
    *,
    user: AbstractBaseUser,
    meeting_emails: bool,
    muted_community_ids: set[int],
    member_digest: bool,
    ask_me_about: str,
    listed_community_ids: set[int],
) -> MemberSettings:
    """Save everything /me/settings/ sets, in one transaction: e-mail switches
    (preferences.meeting_emails_set), the "ask me about" line (preferences.ask_me_about_set) and where the user appears
    on members pages (services.memberships.membership_listing_set). Raises ValidationError
    keyed ``ask_me_about`` for a line the model refuses."""
    ask_me_about_set(user=user, text=ask_me_about)
    membership_listing_set(user=user, listed_community_ids=listed_community_ids)
    return meeting_emails_set(
        user=user,
        enabled=meeting_emails,
        muted_community_ids=muted_community_ids,
        member_digest=member_digest,
    )
