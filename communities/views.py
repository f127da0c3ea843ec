"""Pages. Thin: parse the request, check access, call one service, render or redirect."""

from __future__ import annotations

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.functional import SimpleLazyObject
from django.views.decorators.http import require_POST

from .caching import cache_page_for_visitors, fragment_cache
from .filters import CommunityFilter
from .forms import ProposalForm
from .models import Community, Meeting, Membership, Proposal
from .permissions import MovedCommunity, get_visible_community, is_coordinator, membership_for
from .ratelimit import rate_limit_exceeded, rate_limit_message
from .services import memberships, proposals

DIRECTORY_PAGE_SIZE = 20


@cache_page_for_visitors
def directory(request):
    """The directory: search ``q``, filters, ``sort`` and ``page`` (bad values fall back)."""
    # Lazy, so a cached list (see caching.fragment_cache) costs no query and no queryset building.
    communities = SimpleLazyObject(
        lambda: CommunityFilter(request.GET, queryset=Community.objects.listed().with_stats())
    )
    page = SimpleLazyObject(
        lambda: Paginator(communities.qs, DIRECTORY_PAGE_SIZE).get_page(request.GET.get("page"))
    )
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "communities/directory.html",
        {
            "filter": communities,
            "page": page,
            "query": query.urlencode(),
            "fragment": fragment_cache(request, "directory"),
        },
    )


def community_detail(request, slug):
    """A community's page: purpose, leaders, meetings, and the join button for this user."""
    try:
        community = get_visible_community(slug)
    except MovedCommunity as moved:
        return redirect(moved.community, permanent=True)
    community = (
        Community.objects.with_stats()
        .select_related("resources")
        .prefetch_related(
            Prefetch(
                "memberships",
                queryset=Membership.objects.leaders()
                .select_related("user", "user__profile")
                .order_by("role", "joined_at"),
                to_attr="leader_memberships",
            )
        )
        .get(pk=community.pk)
    )
    context = {
        "community": community,
        "membership": membership_for(request.user, community),
        "meetings": Meeting.objects.filter(community=community)
        .select_related("community")
        .upcoming()[:5],
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


@login_required
def propose(request):
    """Propose a new community. Saved first; the e-mails follow and never fail the request."""
    form = ProposalForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if rate_limit_exceeded(request.user, "propose"):
            # The form comes back filled in: nothing the user typed is lost.
            form.add_error(
                None, ValidationError(rate_limit_message("propose"), code="rate_limited")
            )
            return render(request, "communities/propose.html", {"form": form}, status=429)
        try:
            proposal = proposals.proposal_submit(proposer=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return redirect("communities:proposal_sent", pk=proposal.pk)
    return render(request, "communities/propose.html", {"form": form})


@login_required
def proposal_sent(request, pk):
    proposal = get_object_or_404(Proposal, pk=pk, proposer=request.user)
    return render(request, "communities/proposal_sent.html", {"proposal": proposal})


@login_required
def my_communities(request):
    """The communities the user belongs to, leads, or has asked to join."""
    memberships = (
        Membership.objects.filter(
            user=request.user, state__in=[Membership.State.ACTIVE, Membership.State.PENDING]
        )
        .select_related("community")
        .order_by("state", "community__name")
    )
    community_ids = [m.community_id for m in memberships]
    upcoming = (
        Meeting.objects.filter(community_id__in=community_ids, cancelled=False)
        .upcoming()
        .select_related("community")[:10]
    )
    return render(
        request,
        "communities/my_communities.html",
        {"memberships": memberships, "meetings": upcoming},
    )


@login_required
def my_proposals(request):
    proposals = Proposal.objects.filter(proposer=request.user).select_related("community")
    return render(request, "communities/my_proposals.html", {"proposals": proposals})


@require_POST
@login_required
def proposal_withdraw(request, pk):
    proposal = get_object_or_404(Proposal, pk=pk, proposer=request.user)
    try:
        proposals.proposal_withdraw(proposal=proposal, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"You withdrew “{proposal.name}”.")
    return redirect("communities:my_proposals")
