"""Calendar files and feeds: one meeting's .ics, a community's public feed, a person's own feed."""

from __future__ import annotations

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone

from .. import calendars
from ..caching import cache_page_for_visitors
from ..forms.meetings import CampusMeetingFilterForm
from ..models import Meeting
from ..permissions import MovedCommunity, get_visible_community, get_visible_meeting, member_access
from ..selectors.me import feed_owner
from ..selectors.meetings import campus_meetings


def _ics(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=calendars.CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def meeting_ics(request, slug, pk):
    """Download one meeting as .ics (with the online link for members and leaders)."""
    try:
        meeting = get_visible_meeting(slug, pk)
    except MovedCommunity as moved:
        meeting = get_object_or_404(Meeting, pk=pk, community=moved.community)
    _, is_member, can_manage = member_access(request.user, meeting.community)
    return _ics(
        calendars.meeting_file(meeting, with_link=is_member or can_manage),
        f"meeting-{meeting.pk}.ics",
    )


def community_ics(request, slug):
    """The community's public feed (no online links)."""
    try:
        community = get_visible_community(slug)
    except MovedCommunity as moved:
        return redirect("communities:community_ics", slug=moved.community.slug, permanent=True)
    response = _ics(calendars.community_feed(community), f"{community.slug}.ics")
    response["Content-Disposition"] = "inline"
    return response


def personal_ics(request, token):
    """A user's personal feed at a secret URL; an unknown or reset token is 404."""
    user = feed_owner(token)
    if user is None:
        raise Http404("No such calendar.")
    response = _ics(calendars.personal_feed(user), "my-meetings.ics")
    response["Content-Disposition"] = "inline"
    return response


@cache_page_for_visitors
def campus_ics(request):
    """The public feed of /meetings/ (same filters; cancelled meetings included, no links)."""
    filters = CampusMeetingFilterForm(request.GET).filters()
    meetings = campus_meetings(now=timezone.now(), **filters)[: calendars.CAMPUS_FEED_LIMIT]
    response = HttpResponse(calendars.campus_feed(meetings), content_type=calendars.CONTENT_TYPE)
    response["Content-Disposition"] = "inline"
    return response
