"""Who may see and do what. Every view asks these helpers; templates only reflect their answers."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import Http404

from .models import Community, FormerSlug, Membership
from .notifications import COORDINATORS_GROUP


def is_coordinator(user: AbstractBaseUser | AnonymousUser) -> bool:
    """True for active staff in the Coordinators group, and for superusers."""
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    return user.is_staff and user.groups.filter(name=COORDINATORS_GROUP).exists()


def get_visible_community(slug: str) -> Community:
    """The community with ``slug`` (archived ones too: their pages stay readable).

    Raises Http404 when no community has it. A former slug raises ``MovedCommunity`` carrying the
    current community, so the view can redirect.
    """
    if "\x00" in slug:  # "%00" in a URL: no slug has one, and PostgreSQL refuses it in a query
        raise Http404("No such community.")
    community = Community.objects.filter(slug=slug).first()
    if community is not None:
        return community
    former = FormerSlug.objects.select_related("community").filter(slug=slug).first()
    if former is not None:
        raise MovedCommunity(former.community)
    raise Http404("No such community.")


class MovedCommunity(Exception):
    """Raised by get_visible_community for an old slug; ``community`` is where it went."""

    def __init__(self, community: Community):
        super().__init__(community.slug)
        self.community = community


def membership_for(
    user: AbstractBaseUser | AnonymousUser, community: Community
) -> Membership | None:
    """The user's membership row in ``community`` (any state), or None (always None if anonymous)."""
    if not user.is_authenticated:
        return None
    return Membership.objects.filter(user=user, community=community).first()


def get_led_community(slug: str, user: AbstractBaseUser) -> Community:
    """The community with ``slug`` if ``user`` leads it (or is a coordinator).

    Raises Http404 for an unknown slug and PermissionDenied (403) for anyone else.
    """
    if "\x00" in slug:
        raise Http404("No such community.")
    community = Community.objects.filter(slug=slug).first()
    if community is None:
        raise Http404("No such community.")
    if is_coordinator(user) or community.memberships.leaders().filter(user=user).exists():
        return community
    raise PermissionDenied("Only this community's leaders can do that.")
