"""A community's page, joining or leaving it (POST only), its members page (members only) and
the form to write to its leaders."""

from __future__ import annotations

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST, require_safe

from ..forms.base import add_service_errors
from ..forms.community import ContactLeadersForm, LeadOfferForm
from ..models import Membership
from ..permissions import (
    MovedCommunity,
    get_visible_community,
    is_coordinator,
    membership_for,
    require_sees_members,
)
from ..ratelimit import rate_limit_exceeded, rate_limit_message
from ..selectors.communities import community_page
from ..selectors.meetings import upcoming_meetings
from ..selectors.people import members_page
from ..services import memberships
from ..services.lead_offers import lead_offer_make
from ..services.member_messages import leaders_contact


def community_detail(request, slug):
    """A community's page: purpose, leaders, meetings, and the join button for this user."""
    try:
        community = get_visible_community(slug)
    except MovedCommunity as moved:
        return redirect(moved.community, permanent=True)
    community = community_page(community)
    membership = membership_for(request.user, community)
    leads_it = any(m.user_id == request.user.pk for m in community.leader_memberships)
    can_manage = is_coordinator(request.user) or leads_it
    context = {
        "community": community,
        "membership": membership,
        "meetings": upcoming_meetings(community),
        "can_manage": can_manage,
        "sees_members": can_manage
        or (membership is not None and membership.state == Membership.State.ACTIVE),
        "may_contact": not leads_it,
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
        if membership.state == Membership.State.PENDING and community.seeking_leader:
            messages.success(
                request,
                f"{community} is seeking a leader, so the coordinators will answer your request.",
            )
        elif membership.state == Membership.State.PENDING:
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


@require_safe
@login_required
def community_members(request, slug):
    """Who else is in the community (name, unit, title, "ask me about"): for its active members,
    leaders and coordinators only (others: 403). People who chose not to appear are counted."""
    try:
        community = get_visible_community(slug)
    except MovedCommunity as moved:
        return redirect("communities:members", slug=moved.community.slug, permanent=True)
    require_sees_members(request.user, community)
    listed, hidden = members_page(community)
    return render(
        request,
        "communities/members.html",
        {"community": community, "members": listed, "hidden_count": hidden},
    )


@login_required
def community_contact(request, slug):
    """Write to the community's leaders (to the coordinators while it has none) without seeing
    their addresses; replies come to the sender. GET: the form; POST: send (rate limited:
    settings.RATE_LIMITS["contact_leaders"], over it 429 with the form kept)."""
    try:
        community = get_visible_community(slug)
    except MovedCommunity as moved:
        return redirect("communities:contact", slug=moved.community.slug, permanent=True)
    form = ContactLeadersForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        if rate_limit_exceeded(request.user, "contact_leaders"):
            form.add_error(None, ValidationError(rate_limit_message("contact_leaders")))
            status = 429
        else:
            try:
                leaders_contact(community=community, sender=request.user, **form.cleaned_data)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, "Your message is sent. Replies come to your e-mail.")
                return redirect(community)
    has_leaders = community.memberships.leaders().exists()
    context = {"community": community, "form": form, "has_leaders": has_leaders}
    return render(request, "communities/contact.html", context, status=status)


@login_required
def community_offer_to_lead(request, slug):
    """Offer to lead a community seeking a leader (Community.seeking_leader), with a note for
    the coordinators. GET: the form; POST: record the offer (rate limited:
    settings.RATE_LIMITS["offer_to_lead"]). A community not seeking one: back to its page."""
    try:
        community = get_visible_community(slug)
    except MovedCommunity as moved:
        return redirect("communities:offer_to_lead", slug=moved.community.slug, permanent=True)
    if not community.seeking_leader:
        messages.info(request, f"{community.name} is not looking for a leader at the moment.")
        return redirect(community)
    form = LeadOfferForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        if rate_limit_exceeded(request.user, "offer_to_lead", target=community.pk):
            form.add_error(None, ValidationError(rate_limit_message("offer_to_lead")))
            status = 429
        else:
            try:
                lead_offer_make(community=community, user=request.user, **form.cleaned_data)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(
                    request, "Thank you: the coordinators have your offer and will answer you."
                )
                return redirect(community)
    context = {"community": community, "form": form}
    return render(request, "communities/offer_to_lead.html", context, status=status)
