"""A user's own settings: the personal calendar feed secret, which community e-mails they get,
the weekly member digest, their "ask me about" line; and the headers of every bulk e-mail.

Writes are services (atomic, idempotent). Unsubscribe links carry a signed token, so one click
works without logging in and nobody can forge a link for somebody else. Who gets a community's
bulk e-mail is the read selectors.people.community_mail_recipients; the headers every such
e-mail carries (List-Unsubscribe, one-click, Reply-To) are built by mail_headers, here only.
"""

from __future__ import annotations

import secrets
from email.utils import formataddr

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.core import signing
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from ..models import Community, MeetingEmailOptOut, MemberSettings
from ..validators import single_line

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
    *,
    user: AbstractBaseUser,
    enabled: bool,
    muted_community_ids: set[int],
    member_digest: bool | None = None,
) -> MemberSettings:
    """Set the global switch for communities' bulk e-mail, the communities the user wants none
    from, and (unless None) the weekly member digest.

    ``muted_community_ids`` replaces the user's per-community opt-outs. Idempotent.
    """
    member_settings = settings_for(user)
    member_settings.meeting_emails = enabled
    fields = ["meeting_emails"]
    if member_digest is not None:
        member_settings.member_digest = member_digest
        fields.append("member_digest")
    member_settings.save(update_fields=fields)
    MeetingEmailOptOut.objects.filter(user=user).exclude(
        community_id__in=muted_community_ids
    ).delete()
    for community_id in muted_community_ids:
        MeetingEmailOptOut.objects.get_or_create(user=user, community_id=community_id)
    return member_settings


@transaction.atomic
def ask_me_about_set(*, user: AbstractBaseUser, text: str) -> MemberSettings:
    """Set the user's "ask me about" line (one line, at most 140 characters), shown to fellow
    members on the members pages. Raises ValidationError keyed ``ask_me_about``."""
    member_settings = settings_for(user)
    member_settings.ask_me_about = text.strip()
    member_settings.full_clean()
    member_settings.save(update_fields=["ask_me_about"])
    return member_settings


# What an unsubscribe token turns off: one community's bulk mail, all of it, or the member digest.
COMMUNITY, ALL, DIGEST = "community", "all", "digest"


def unsubscribe_url(
    user: AbstractBaseUser, community: Community | None, *, kind: str | None = None
) -> str:
    """Path of a one-click unsubscribe link for ``user``: from ``community``'s bulk e-mail, or
    from all communities' when ``community`` is None; ``kind=DIGEST`` stops the weekly member
    digest instead. The token is signed with SECRET_KEY and never expires."""
    data = {"u": user.pk, "c": community.pk if community else None}
    if kind == DIGEST:
        data["k"] = DIGEST
    token = signing.dumps(data, salt=UNSUBSCRIBE_SALT)
    return reverse("communities:unsubscribe", kwargs={"token": token})


def unsubscribe_target(token: str) -> tuple[AbstractBaseUser, Community | None, str]:
    """``(user, community, kind)`` a token from ``unsubscribe_url`` stands for: kind COMMUNITY
    (community set), ALL or DIGEST (community None). Tokens made before kinds existed read as
    COMMUNITY or ALL.

    Raises ValidationError (code ``bad_token``) for a forged, mangled or stale token.
    """
    try:
        data = signing.loads(token, salt=UNSUBSCRIBE_SALT)
        user = get_user_model().objects.get(pk=data["u"])
        community = Community.objects.get(pk=data["c"]) if data["c"] else None
    except (signing.BadSignature, KeyError, TypeError, ObjectDoesNotExist) as error:
        raise ValidationError("This unsubscribe link is not valid.", code="bad_token") from error
    if data.get("k") == DIGEST:
        return user, None, DIGEST
    return user, community, COMMUNITY if community else ALL


@transaction.atomic
def unsubscribe_apply(*, token: str) -> tuple[AbstractBaseUser, Community | None, str]:
    """Turn off what a signed token names (see unsubscribe_target): one community's bulk mail,
    all of it, or the weekly digest. Idempotent. Raises ValidationError (``bad_token``)."""
    user, community, kind = unsubscribe_target(token)
    if kind == COMMUNITY:
        MeetingEmailOptOut.objects.get_or_create(user=user, community=community)
    else:
        member_settings = settings_for(user)
        field = "member_digest" if kind == DIGEST else "meeting_emails"
        setattr(member_settings, field, False)
        member_settings.save(update_fields=[field])
    return user, community, kind


def mail_headers(
    user: AbstractBaseUser,
    community: Community | None,
    *,
    kind: str | None = None,
    reply_to: AbstractBaseUser | None = None,
) -> dict[str, str]:
    """The headers of every bulk e-mail to one person, built here only: a one-click
    ``List-Unsubscribe`` (RFC 2369) with ``List-Unsubscribe-Post`` (RFC 8058: mail apps show an
    "Unsubscribe" button that POSTs to the signed link, no log-in), for ``community`` (or the
    digest, ``kind=DIGEST``), and ``Reply-To`` the person who wrote it, when one did."""
    url = unsubscribe_url(user, community, kind=kind)
    headers = {
        "List-Unsubscribe": f"<{settings.SITE_URL}{url}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }
    if reply_to is not None and reply_to.email:
        headers["Reply-To"] = reply_to_address(reply_to)
    return headers


def reply_to_address(person: AbstractBaseUser) -> str:
    """``"Full Name <address>"`` for a Reply-To header (the name on one line)."""
    name = single_line(person.get_full_name() or person.get_username())
    return formataddr((name, person.email))


def community_mail_item(
    user: AbstractBaseUser,
    community: Community,
    context: dict,
    *,
    reply_to: AbstractBaseUser | None = None,
) -> tuple[str, dict, dict]:
    """One recipient's ``(address, context, headers)`` for notifications.email_send_each: their
    own unsubscribe links in the body (templates include communities/email/_unsubscribe.txt)
    and in the headers (mail_headers). Recipients come from
    selectors.people.community_mail_recipients, which applies the opt-outs."""
    personal = {
        **context,
        "user": user,
        "unsubscribe_url": unsubscribe_url(user, community),
        "unsubscribe_all_url": unsubscribe_url(user, None),
    }
    return user.email, personal, mail_headers(user, community, reply_to=reply_to)


# The name the meeting services have used since issue 3.
meeting_mail_item = community_mail_item
