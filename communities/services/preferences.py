"""A user's own settings: the personal calendar feed secret and which meeting e-mails they get.

Writes are services (atomic, idempotent). Unsubscribe links carry a signed token, so one click
works without logging in and nobody can forge a link for somebody else. Who is e-mailed about a
community's meetings is the read selectors.people.meeting_mail_recipients.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.core import signing
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from ..models import Community, MeetingEmailOptOut, MemberSettings

UNSUBSCRIBE_SALT = "communities.unsubscribe"


def _new_token() -> str:
    return secrets.token_urlsafe(24)


def settings_for(user: AbstractBaseUser) -> MemberSettings:
    """The user's settings row, created with a fresh calendar token on first use."""
    found = MemberSettings.objects.filter(user=user).first()
    if found is not None:
        return found
    try:
        with transaction.atomic():
            return MemberSettings.objects.create(user=user, calendar_token=_new_token())
    except IntegrityError:  # created by a concurrent request a moment ago
        return MemberSettings.objects.get(user=user)


@transaction.atomic
def calendar_token_reset(*, user: AbstractBaseUser) -> MemberSettings:
    """Give the user a new personal feed secret; the old feed URL stops working (404)."""
    member_settings = settings_for(user)
    member_settings.calendar_token = _new_token()
    member_settings.save(update_fields=["calendar_token"])
    return member_settings


@transaction.atomic
def meeting_emails_set(
    *, user: AbstractBaseUser, enabled: bool, muted_community_ids: set[int]
) -> MemberSettings:
    """Set the global switch and the communities whose meeting e-mails the user does not want.

    ``muted_community_ids`` replaces the user's per-community opt-outs. Idempotent.
    """
    member_settings = settings_for(user)
    member_settings.meeting_emails = enabled
    member_settings.save(update_fields=["meeting_emails"])
    MeetingEmailOptOut.objects.filter(user=user).exclude(
        community_id__in=muted_community_ids
    ).delete()
    for community_id in muted_community_ids:
        MeetingEmailOptOut.objects.get_or_create(user=user, community_id=community_id)
    return member_settings


def unsubscribe_url(user: AbstractBaseUser, community: Community | None) -> str:
    """Path of a one-click unsubscribe link for ``user``: from ``community``, or from all meeting
    e-mails when ``community`` is None. The token is signed with SECRET_KEY and never expires."""
    token = signing.dumps(
        {"u": user.pk, "c": community.pk if community else None}, salt=UNSUBSCRIBE_SALT
    )
    return reverse("communities:unsubscribe", kwargs={"token": token})


def unsubscribe_target(token: str) -> tuple[AbstractBaseUser, Community | None]:
    """The user and community (None: all) a token from ``unsubscribe_url`` stands for.

    Raises ValidationError (code ``bad_token``) for a forged, mangled or stale token.
    """
    try:
        data = signing.loads(token, salt=UNSUBSCRIBE_SALT)
        user = get_user_model().objects.get(pk=data["u"])
        community = Community.objects.get(pk=data["c"]) if data["c"] else None
    except (signing.BadSignature, KeyError, TypeError, ObjectDoesNotExist) as error:
        raise ValidationError("This unsubscribe link is not valid.", code="bad_token") from error
    return user, community


@transaction.atomic
def unsubscribe_apply(*, token: str) -> tuple[AbstractBaseUser, Community | None]:
    """Turn off meeting e-mails for the user and community (or all) a signed token names.

    Idempotent. Raises ValidationError (``bad_token``) for an invalid token.
    """
    user, community = unsubscribe_target(token)
    if community is None:
        member_settings = settings_for(user)
        member_settings.meeting_emails = False
        member_settings.save(update_fields=["meeting_emails"])
    else:
        MeetingEmailOptOut.objects.get_or_create(user=user, community=community)
    return user, community


def _unsubscribe_headers(url: str) -> dict[str, str]:
    # RFC 2369 / RFC 8058: mail apps show an "Unsubscribe" button that POSTs to the link.
    return {
        "List-Unsubscribe": f"<{settings.SITE_URL}{url}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }


def meeting_mail_item(user, community: Community, context: dict) -> tuple[str, dict, dict]:
    """One recipient's ``(address, context, headers)`` for notifications.email_send_each, with
    their own unsubscribe links (templates include communities/email/_unsubscribe.txt)."""
    mute_url = unsubscribe_url(user, community)
    personal = {
        **context,
        "user": user,
        "unsubscribe_url": mute_url,
        "unsubscribe_all_url": unsubscribe_url(user, None),
    }
    return user.email, personal, _unsubscribe_headers(mute_url)
