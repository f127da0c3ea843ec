"""Calendar files and feeds: one meeting's .ics, a community's public feed, a person's own feed.

Each answers with ETag and Last-Modified, and 304 Not Modified to a client whose copy is current
(Django's conditional GET, as the ``condition`` decorator does it, with the version computed
once); feeds are built once per version and cached (calendars.cached_feed).
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date

from .. import calendars
from ..caching import cache_page_for_visitors
from ..forms.meetings import CampusMeetingFilterForm
from ..models import Meeting
from ..permissions import MovedCommunity, get_visible_community, get_visible_meeting, member_access
from ..selectors.me import feed_owner
from ..selectors.meetings import campus_meetings


def _ics(
    request,
    version: calendars.FeedVersion,
    build: Callable[[], bytes],
    filename: str | None,
    *,
    private: bool = False,
) -> HttpResponse:
    """304 when the client's ETag (or date) is current, else the file from ``build()``;
    ``filename`` None serves it inline (feeds), else as an attachment. ``private`` (a personal
    feed, a file with the online link) adds ``Cache-Control: private``, so no shared cache keeps
    a copy (one would outlive a reset token)."""
    modified = int(version.last_modified.timestamp())
    response = get_conditional_response(request, etag=version.etag, last_modified=modified)
    if response is None:
        response = HttpResponse(build(), content_type=calendars.CONTENT_TYPE)
        response["Content-Disposition"] = (
            f'attachment; filename="{filename}"' if filename else "inline"
        )
    response["ETag"] = version.etag
    response["Last-Modified"] = http_date(modified)
    if private:
        patch_cache_control(response, private=True)
    return response


def meeting_ics(request, slug, pk):
    """Download one meeting as .ics (with the online link for members and leaders)."""
    try:
        meeting = get_visible_meeting(slug, pk)
    except MovedCommunity as moved:
        meeting = get_object_or_404(Meeting, pk=pk, community=moved.community)
    _, is_member, can_manage = member_access(request.user, meeting.community)
    with_link = is_member or can_manage
    return _ics(
        request,
        calendars.meeting_file_version(meeting, with_link=with_link),
        lambda: calendars.meeting_file(meeting, with_link=with_link),
        f"meeting-{meeting.pk}.ics",
        private=with_link,
    )


def community_ics(request, slug):
    """The community's public feed (no online links)."""
    try:
        community = get_visible_community(slug)
    except MovedCommunity as moved:
        return redirect("communities:community_ics", slug=moved.community.slug, permanent=True)
    version = calendars.community_feed_version(community)
    return _ics(
        request,
        version,
        lambda: calendars.cached_feed(
            "community", version, lambda: calendars.community_feed(community)
        ),
        None,
    )


def personal_ics(request, token):
    """A user's personal feed at a secret URL. An unknown or reset token is 404 whatever is
    cached: the token is looked up first, on every request."""
    user = feed_owner(token)
    if user is None:
        raise Http404("No such calendar.")
    version = calendars.personal_feed_version(user, token)
    return _ics(
        request,
        version,
        lambda: calendars.cached_feed("personal", version, lambda: calendars.personal_feed(user)),
        None,
        private=True,
    )


@cache_page_for_visitors
def campus_ics(request):
    """The public feed of /meetings/ (same filters; cancelled meetings included, no links)."""
    filters = CampusMeetingFilterForm(request.GET).filters()
    meetings = campus_meetings(now=timezone.now(), **filters)[: calendars.CAMPUS_FEED_LIMIT]
    response = HttpResponse(calendars.campus_feed(meetings), content_type=calendars.CONTENT_TYPE)
    response["Content-Disposition"] = "inline"
    return response
