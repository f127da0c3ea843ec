"""Offers to lead a community that is seeking a leader (Community.seeking_leader): made by any
signed-in person with a short note, decided by a coordinator (admin actions). Accepting makes the
person the leader through services.memberships.leader_appoint; the other pending offers for that
community are then declined, and everyone is told by e-mail.

Every write locks the community row first (services.locking), so two coordinators accepting two
offers at once cannot make two leaders: the second finds the community led and is refused.
"""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from ..models import Community, LeadOffer
from ..permissions import is_coordinator
from .locking import lock, lock_community
from .memberships import leader_appoint
from .notifications import coordinator_addresses, email_send


def _locked_offer(offer: LeadOffer) -> tuple[Community, LeadOffer]:
    community = lock_community(offer.community)
    offer = lock(LeadOffer.objects.select_related("user").filter(pk=offer.pk)).get()
    offer.community = community
    return community, offer


@transaction.atomic
def lead_offer_make(*, community: Community, user: AbstractBaseUser, note: str) -> LeadOffer:
    """Offer to lead ``community`` and tell the coordinators. Idempotent: a second offer while
    one is pending updates its note and returns it (no second e-mail).

    Raises ValidationError ``not_seeking`` when the community has a leader or is archived.
    """
    community = lock_community(community)
    if not community.seeking_leader:
        raise ValidationError(
            f"{community.name} is not looking for a leader at the moment.", code="not_seeking"
        )
    note = note.strip()
    pending = LeadOffer.objects.filter(
        community=community, user=user, status=LeadOffer.Status.PENDING
    ).first()
    if pending is not None:
        pending.note = note
        pending.full_clean()
        pending.save(update_fields=["note"])
        return pending
    offer = LeadOffer(community=community, user=user, note=note)
    offer.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            offer.save()
    except IntegrityError:  # a double click raced us (without row locks: SQLite)
        return LeadOffer.objects.get(
            community=community, user=user, status=LeadOffer.Status.PENDING
        )
    email_send(
        to=coordinator_addresses(),
        template="lead_offer_made",
        context={"offer": offer, "community": community},
    )
    return offer


def _decide(offer: LeadOffer, status: str, actor: AbstractBaseUser) -> None:
    offer.status, offer.decided_by, offer.decided_at = status, actor, timezone.now()
    offer.save(update_fields=["status", "decided_by", "decided_at"])
    email_send(
        to=[offer.user.email],
        template=f"lead_offer_{status}",
        context={"offer": offer, "community": offer.community},
    )


@transaction.atomic
def lead_offer_accept(*, offer: LeadOffer, actor: AbstractBaseUser) -> LeadOffer:
    """Accept ``offer`` (coordinators only): its person becomes the community's leader (joining
    it if needed), the other pending offers for it are declined; all are e-mailed.
    Idempotent for an accepted offer.

    Raises PermissionDenied for anyone but a coordinator; ValidationError ``not_pending`` for
    a declined offer, ``has_leader`` when the community found a leader meanwhile.
    """
    if not is_coordinator(actor):
        raise PermissionDenied("Only coordinators decide offers to lead.")
    community, offer = _locked_offer(offer)
    if offer.status == LeadOffer.Status.ACCEPTED:
        return offer
    if offer.status != LeadOffer.Status.PENDING:
        raise ValidationError("This offer was declined already.", code="not_pending")
    if community.memberships.leaders().exists():
        raise ValidationError(
            f"{community.name} has a leader now; decline the offer instead.", code="has_leader"
        )
    leader_appoint(community=community, user=offer.user)
    _decide(offer, LeadOffer.Status.ACCEPTED, actor)
    others = LeadOffer.objects.filter(community=community, status=LeadOffer.Status.PENDING)
    for other in lock(others.select_related("user")):
        other.community = community
        _decide(other, LeadOffer.Status.DECLINED, actor)
    return offer


@transaction.atomic
def lead_offer_decline(*, offer: LeadOffer, actor: AbstractBaseUser) -> LeadOffer:
    """Decline ``offer`` (coordinators only) and tell its person. Idempotent for a declined one.

    Raises PermissionDenied for anyone but a coordinator; ValidationError ``not_pending`` for an
    accepted offer.
    """
    if not is_coordinator(actor):
        raise PermissionDenied("Only coordinators decide offers to lead.")
    _, offer = _locked_offer(offer)
    if offer.status == LeadOffer.Status.DECLINED:
        return offer
    if offer.status != LeadOffer.Status.PENDING:
        raise ValidationError("This offer was accepted already.", code="not_pending")
    _decide(offer, LeadOffer.Status.DECLINED, actor)
    return offer
