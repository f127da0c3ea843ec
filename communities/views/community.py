"""A community's page, and joining or leaving it (POST only)."""

from __future__ import annotations

from functools import wraps

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from ..models import Membership
from ..permissions import MovedCommunity, get_visible_community, is_coordinator, membership_for
from ..ratelimit import rate_limit_exceeded, rate_limit_message
from ..selectors.communities import community_page
from ..selectors.meetings import upcoming_meetings
from ..services import memberships


def community_detail(request, slug):
    """A community's page: purpose, leaders, meetings, and the join button for this user."""
    try:
        community = get_visible_community(slug)
    except MovedCommunity as moved:
        return redirect(moved.community, permanent=True)
    community = community_page(community)
    context = {
        "community": community,
        "membership": membership_for(request.user, community),
        "meetings": upcoming_meetings(community),
        "can_manage": is_coordinator(request.user)
        or any(m.user_id == request.user.pk for m in community.leader_memberships),
    }
    return render(request, "communities/community_detail.html", context)


def _community_for_post(slug):
    try:
        return get_visible_community(slug)
    except MovedCommunity as moved:
        return moved.community


def _post_for_members(view):
    """POST only; an anonymous user is sent to log in and brought back to the community page
    (not to this POST-only URL, which would answer a GET with 405)."""

    @require_POST
    @wraps(view)
    def wrapper(request, slug):
        community = _community_for_post(slug)
        if not request.user.is_authenticated:
            return redirect_to_login(community.get_absolute_url())
        return view(request, community)

    return wrapper


@_post_for_members
def community_join(request, community):
    """POST: join (open) or ask to join (request policy). Idempotent; new joins are rate limited."""
    if rate_limit_exceeded(request.user, "join", target=community.pk):
        return render(
            request,
            "429.html",
            {"message": rate_limit_message("join"), "back": community},
            status=429,
        )
    try:
        membership = memberships.membership_join(user=request.user, community=community)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if membership.state == Membership.State.PENDING:
            messages.success(request, f"Your request to join {community} is with its leaders.")
        else:
            messages.success(request, f"You are a member of {community}.")
    return redirect(community)


@_post_for_members
def community_leave(request, community):
    """POST: leave, or withdraw a pending request. Idempotent; the only leader cannot leave."""
    before = membership_for(request.user, community)
    try:
        memberships.membership_leave(user=request.user, community=community)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if before is None or before.state not in (
            Membership.State.ACTIVE,
            Membership.State.PENDING,
        ):
            messages.info(request, f"You were not a member of {community}.")
        elif before.state == Membership.State.PENDING:
            messages.success(request, f"You withdrew your request to join {community}.")
        else:
            messages.success(request, f"You are no longer a member of {community}.")
    return redirect(community)
