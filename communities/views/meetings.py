"""A meeting's page and RSVP (/c/<slug>/meetings/<id>/)."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.views.decorators.http import require_POST

from ..caching import cache_page_for_visitors, fragment_cache
from ..feeds import CampusMeetingsFeed
from ..forms.meetings import CampusMeetingFilterForm
from ..models import Meeting, Rsvp
from ..permissions import MovedCommunity, get_visible_meeting, member_access
from ..ratelimit import rate_limit_exceeded, rate_limit_message
from ..selectors.meetings import campus_meetings, meeting_answers, series_pattern
from ..services import rsvps


def meeting_detail(request, slug, pk):
    """A meeting: its time in its own zone, place, agenda, who is going and the RSVP buttons.

    Everyone sees how many are going; members see who; the online link only members and leaders.
    """
    try:
        meeting = get_visible_meeting(slug, pk)
    except MovedCommunity as moved:
        return redirect(
            "communities:meeting_detail", slug=moved.community.slug, pk=pk, permanent=True
        )
    membership, is_member, can_manage = member_access(request.user, meeting.community)
    going, waitlist = meeting_answers(meeting)
    context = {
        "meeting": meeting,
        "community": meeting.community,
        "membership": membership,
        "is_member": is_member,
        "can_manage": can_manage,
        "show_link": is_member or can_manage,
        "going": going,
        "waitlist": waitlist,
        "places_left": None if meeting.capacity is None else max(meeting.capacity - len(going), 0),
        "my_rsvp": meeting.rsvps.filter(user=request.user).first() if is_member else None,
        "pattern": series_pattern(meeting.series) if meeting.series else "",
    }
    return render(request, "communities/meetings/detail.html", context)


@require_POST
@login_required
def meeting_rsvp(request, slug, pk):
    """POST ``answer=yes|no``: RSVP for a meeting (members only). Idempotent; rate limited per
    user (settings.RATE_LIMITS["rsvp"]), a repeated answer counting once: over it, a 429 page."""
    try:
        meeting = get_visible_meeting(slug, pk)
    except MovedCommunity as moved:
        meeting = get_object_or_404(Meeting, pk=pk, community=moved.community)
    going = request.POST.get("answer") == "yes"
    # Repeating the same answer to the same meeting (a double click) counts once.
    if rate_limit_exceeded(request.user, "rsvp", target=f"{meeting.pk}:{going}"):
        context = {"message": rate_limit_message("rsvp"), "back": meeting}
        return render(request, "429.html", context, status=429)
    try:
        rsvp = rsvps.rsvp_set(meeting=meeting, user=request.user, going=going)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        text = {
            Rsvp.Status.YES: "You are going. See you there!",
            Rsvp.Status.WAITLIST: "The meeting is full: you are on the waitlist and will move up "
            "if someone cancels.",
            Rsvp.Status.NO: "You are not going.",
        }[rsvp.status]
        messages.success(request, text)
    return redirect(meeting)


MEETING_LIST_PAGE_SIZE = 25


@cache_page_for_visitors
def meeting_list(request):
    """Upcoming meetings of all listed communities (/meetings/), filtered by ``meeting_format``,
    ``category`` and ``period`` (bad values are ignored), ``page`` by page."""
    form = CampusMeetingFilterForm(request.GET)
    filters = form.filters()
    # Lazy, so a cached list (caching.fragment_cache) costs no query.
    page = SimpleLazyObject(
        lambda: Paginator(
            campus_meetings(now=timezone.now(), **filters), MEETING_LIST_PAGE_SIZE
        ).get_page(request.GET.get("page"))
    )
    query = urlencode(filters)
    context = {
        "form": form,
        "page": page,
        "query": query,
        "feed_query": f"?{query}" if query else "",
        "fragment": fragment_cache(request, "meeting_list"),
    }
    return render(request, "communities/meetings/list.html", context)


@cache_page_for_visitors
def meeting_list_atom(request):
    """The Atom feed of /meetings/ (same filters), for feed readers."""
    return CampusMeetingsFeed()(request)
