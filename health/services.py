"""Every write of the health app: pulse answers and renewal confirmations.

Same habits as communities.services: atomic, validated, unique-constraint races turned into a
ValidationError with a code, row locks through communities.services.locking, and community
changes through communities.services.communities.community_update so django-simple-history
records who changed what. A community's lifecycle (dormant, archived) is communities' own.
"""

from __future__ import annotations

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from communities.models import Community, Meeting, Membership
from communities.services.communities import community_update
from communities.services.locking import lock, lock_community

from .models import PulseAnswer, RenewalRequest
from .tokens import PulseClaim

# A pulse given from the community page replaces the member's own earlier one from the same week,
# so a double click or a change of mind never counts twice.
ANYTIME_PULSE_REPLACES_WITHIN = timedelta(days=7)


def _check_value(value: int) -> None:
    if value not in range(1, 6):
        raise ValidationError(
            {"value": ValidationError("Choose a value from 1 to 5.", code="invalid_value")}
        )


@transaction.atomic
def pulse_answer_meeting(*, claim: PulseClaim, value: int, focus: str = "") -> PulseAnswer:
    """Save the answer a member gives through the link e-mailed after a meeting.

    ``claim`` comes from a verified token (tokens.pulse_token_read). Raises ValidationError with
    code ``already_answered`` (the link was used, also when two submits race), ``unavailable``
    (meeting cancelled or gone, community archived, user inactive) or ``invalid_value``.
    """
    _check_value(value)
    meeting = Meeting.objects.select_related("community").filter(pk=claim.meeting_id).first()
    user = get_user_model().objects.filter(pk=claim.user_id, is_active=True).first()
    if (
        meeting is None
        or user is None
        or meeting.cancelled
        or meeting.community.status == Community.Status.ARCHIVED
    ):
        raise ValidationError("This pulse is no longer open.", code="unavailable")
    answered = ValidationError(
        "You have already answered for this meeting. Thank you!", code="already_answered"
    )
    if PulseAnswer.objects.filter(meeting=meeting, user=user).exists():
        raise answered
    answer = PulseAnswer(
        community=meeting.community, meeting=meeting, user=user, value=value, focus=focus.strip()
    )
    answer.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():  # savepoint: a concurrent submit may insert first
            answer.save()
    except IntegrityError as error:
        raise answered from error
    return answer


@transaction.atomic
def pulse_give(
    *, user: AbstractBaseUser, community: Community, value: int, focus: str = ""
) -> PulseAnswer:
    """Save a pulse an active member gives at any time from the community page.

    A second one within a week replaces the first (returned updated). Raises ValidationError with
    code ``not_member`` (not an active member), ``archived`` or ``invalid_value``.
    """
    _check_value(value)
    if community.status == Community.Status.ARCHIVED:
        raise ValidationError("This community is archived.", code="archived")
    if not Membership.objects.active().filter(user=user, community=community).exists():
        raise ValidationError("Only members can give this community a pulse.", code="not_member")
    since = timezone.now() - ANYTIME_PULSE_REPLACES_WITHIN
    answer = (
        lock(
            PulseAnswer.objects.filter(
                user=user, community=community, meeting=None, created_at__gte=since
            )
        ).first()
    ) or PulseAnswer(user=user, community=community)
    answer.value, answer.focus = value, focus.strip()
    answer.full_clean(validate_constraints=False)
    answer.save()
    return answer


def renewal_open(community: Community) -> RenewalRequest | None:
    """The community's latest renewal request if nobody has confirmed it yet, else None."""
    latest = community.renewals.order_by("-year").first()
    return latest if latest is not None and latest.confirmed_at is None else None


@transaction.atomic
def renewal_confirm(
    *,
    community: Community,
    user: AbstractBaseUser,
    description: str,
    meeting_cadence: str,
    leaders_note: str = "",
) -> RenewalRequest:
    """A leader confirms the yearly renewal: purpose and cadence (saved on the community) and
    the leaders (with a note on changes for the coordinators).

    Idempotent: confirming an already confirmed year returns it unchanged. Raises ValidationError
    with code ``nothing_due`` when no renewal was asked, and the community's field errors.
    """
    renewal = lock(RenewalRequest.objects.filter(community=community).order_by("-year")).first()
    if renewal is None:
        raise ValidationError("No renewal is due for this community yet.", code="nothing_due")
    if renewal.confirmed_at is not None:
        return renewal
    community_update(
        community=lock_community(community),
        description=description.strip(),
        meeting_cadence=meeting_cadence.strip(),
    )
    renewal.confirmed_at, renewal.confirmed_by = timezone.now(), user
    renewal.leaders_note = leaders_note.strip()
    renewal.save()
    return renewal
