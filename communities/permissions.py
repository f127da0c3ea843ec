"""Who may see and do what. Every view asks these helpers; templates only reflect their answers.

Coordinators are active staff users in the Coordinators group (or superusers). The group and the
permissions it holds are kept in place after every migrate or flush: the data migration 0002
creates the group once, and the post_migrate receiver below restores it whenever the tables are
emptied and re-populated (``manage.py flush``, transactional tests), so a coordinator never
silently loses their rights. Each app lists its own permissions in COORDINATOR_PERMISSIONS.

Access helpers answer 404 to outsiders (an unknown community, a slug that cannot exist) and 403
to signed-in people without the right (a member who does not lead the community).
"""

from __future__ import annotations

from django.apps import AppConfig
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser, Group, Permission
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from .models import SLUG_MAX_LENGTH, Community, FormerSlug, Meeting, Membership

COORDINATORS_GROUP = "Coordinators"
# app label -> permission codenames ("app_label.codename" for another app's permission).
COORDINATOR_PERMISSIONS: dict[str, list[str]] = {
    "communities": [
        "view_community", "add_community", "change_community",
        "view_membership", "add_membership", "change_membership",
        "view_meeting", "add_meeting", "change_meeting",
        "view_proposal", "change_proposal", "view_proposalnote",
        "view_category", "add_category", "change_category", "delete_category",
        "view_leadoffer", "change_leadoffer",
        "view_formerslug",
        "view_emailmessagelog", "change_emailmessagelog",
        "view_historicalcommunity", "view_historicalmembership", "view_historicalproposal",
        "view_membermessage", "view_meetingseries", "change_meetingseries",
        "view_invitation", "view_invitationoptout",
        # Needed to pick people in membership inlines (autocomplete).
        "auth.view_user",
    ],
    "health": ["view_renewalrequest", "view_jobrecord"],
}  # fmt: skip


def _grant(group: Group, app_label: str, entries: list[str], using: str) -> None:
    for entry in entries:
        label, _, codename = entry.rpartition(".")
        group.permissions.add(
            *Permission.objects.using(using).filter(
                content_type__app_label=label or app_label, codename=codename
            )
        )


def ensure_coordinators_group(using: str = "default") -> Group:
    """The Coordinators group (created if missing) holding every permission listed in
    COORDINATOR_PERMISSIONS that exists in the database. Idempotent; returns the Group."""
    group, _ = Group.objects.using(using).get_or_create(name=COORDINATORS_GROUP)
    for app_label, entries in COORDINATOR_PERMISSIONS.items():
        _grant(group, app_label, entries, using)
    return group


def grant_coordinator_permissions(sender: AppConfig, using: str = "default", **kwargs) -> None:
    """post_migrate receiver: make sure the Coordinators group holds ``sender``'s permissions.

    Idempotent; does nothing for apps without an entry in COORDINATOR_PERMISSIONS.
    """
    entries = COORDINATOR_PERMISSIONS.get(sender.label)
    if not entries:
        return
    group, _ = Group.objects.using(using).get_or_create(name=COORDINATORS_GROUP)
    _grant(group, sender.label, entries, using)


def is_coordinator(user: AbstractBaseUser | AnonymousUser) -> bool:
    """True for active staff in the Coordinators group, and for superusers."""
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    return user.is_staff and user.groups.filter(name=COORDINATORS_GROUP).exists()


def _plausible_slug(slug: str) -> bool:
    # PostgreSQL refuses NUL in text parameters (a 500); no slug can contain one anyway.
    return 0 < len(slug) <= SLUG_MAX_LENGTH and "\x00" not in slug


def get_visible_community(slug: str) -> Community:
    """The community with ``slug`` (archived ones too: their pages stay readable).

    Raises Http404 when no community has it. A former slug raises ``MovedCommunity`` carrying the
    current community, so the view can redirect.
    """
    if not _plausible_slug(slug):
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


def member_access(
    user: AbstractBaseUser | AnonymousUser, community: Community
) -> tuple[Membership | None, bool, bool]:
    """``(membership, is_member, can_manage)`` of ``user`` in ``community``: their row (any state,
    or None), whether it is active, and whether they lead it or are a coordinator."""
    membership = membership_for(user, community)
    is_member = membership is not None and membership.state == Membership.State.ACTIVE
    can_manage = is_coordinator(user) or (membership is not None and membership.is_leader)
    return membership, is_member, can_manage


def get_visible_meeting(slug: str, pk: int) -> Meeting:
    """The meeting ``pk`` of the community with ``slug``, with its community and series.

    Raises Http404 for an unknown community or meeting, MovedCommunity for a former slug.
    """
    community = get_visible_community(slug)
    return get_object_or_404(
        Meeting.objects.select_related("community", "series"), pk=pk, community=community
    )


def get_led_community(slug: str, user: AbstractBaseUser) -> Community:
    """The community with ``slug`` if ``user`` leads it (or is a coordinator).

    Raises Http404 for an unknown slug and PermissionDenied (403) for anyone else.
    """
    community = Community.objects.filter(slug=slug).first() if _plausible_slug(slug) else None
    if community is None:
        raise Http404("No such community.")
    require_leads(user, community)
    return community


def get_hand_over_community(slug: str, user: AbstractBaseUser) -> Community:
    """The community with ``slug`` for a hand-over POST: its leaders and coordinators, and any
    active member, since the leader who just handed over may be a plain member when the same form
    arrives a second time (a double click). services.memberships.leadership_hand_over decides
    the rest under the community's lock (only the leader hands over; a repeat changes nothing).

    Raises Http404 for an unknown slug and PermissionDenied (403) for anyone else.
    """
    community = Community.objects.filter(slug=slug).first() if _plausible_slug(slug) else None
    if community is None:
        raise Http404("No such community.")
    if not leads(user, community) and not community.memberships.active().filter(user_id=user.pk):
        raise PermissionDenied("Only this community's leaders can do that.")
    return community


def leads(user: AbstractBaseUser | AnonymousUser, community: Community) -> bool:
    """True when ``user`` is a leader or co-leader of ``community`` now, or a coordinator.

    Services that change people call it again after taking the community's row lock
    (services.memberships), so a leader removed a moment ago cannot act on the old answer.
    """
    if is_coordinator(user):
        return True
    return community.memberships.leaders().filter(user_id=user.pk).exists()


def require_leads(user: AbstractBaseUser | AnonymousUser, community: Community) -> None:
    """Raise PermissionDenied (403) unless ``user`` leads ``community`` or is a coordinator."""
    if not leads(user, community):
        raise PermissionDenied("Only this community's leaders can do that.")


def may_hand_over(user: AbstractBaseUser | AnonymousUser, community: Community) -> bool:
    """True when ``user`` may hand the leader role over, or remove or demote the leader: the
    leader themselves, a coordinator, or any co-leader while the community has no leader.

    A co-leader may not (the leader role moves only by the leader's hand-over). Services call it
    again after locking the community (services.memberships); templates use it to offer the forms.
    """
    if is_coordinator(user):
        return True
    if not leads(user, community):
        return False
    leader = community.memberships.active().filter(role=Membership.Role.LEADER)
    return leader.exclude(user_id=user.pk).first() is None


def may_see_members(user: AbstractBaseUser | AnonymousUser, community: Community) -> bool:
    """True for whom a community's members page is: its active members (leaders included) and
    coordinators. Templates use it to offer the "Members" link."""
    _, is_member, can_manage = member_access(user, community)
    return is_member or can_manage


def require_sees_members(user: AbstractBaseUser | AnonymousUser, community: Community) -> None:
    """Raise PermissionDenied (403) unless ``user`` may see ``community``'s members page
    (may_see_members). The community itself is public, so its existence is no secret."""
    if not may_see_members(user, community):
        raise PermissionDenied("Only this community's members can see who else is in it.")
