"""The Atom feed of upcoming meetings across campus (/meetings/feed.atom), made with
django.contrib.syndication. The same list as /meetings/ and its filters (selectors.meetings)."""

from __future__ import annotations

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed

from .forms.meetings import CampusMeetingFilterForm
from .models import Meeting
from .selectors.meetings import campus_meetings
from .templatetags.cop import meeting_span
from .validators import single_line

# A feed reader wants what is coming soon; the page (paginated) and the ICS feed show the rest.
ATOM_LIMIT = 50


class CampusMeetingsFeed(Feed):
    """Upcoming meetings of all listed communities, soonest first; each entry links to the
    meeting's page. Takes the page's GET filters (``meeting_format``, ``category``, ``period``)."""

    feed_type = Atom1Feed

    def get_object(self, request, *args, **kwargs) -> dict[str, str]:
        return CampusMeetingFilterForm(request.GET).filters()

    def title(self) -> str:
        return f"Upcoming meetings · {settings.SITE_NAME}"

    def subtitle(self) -> str:
        return "Meetings of the communities of practice and councils, soonest first."

    def link(self) -> str:
        return reverse("communities:meeting_list")

    def items(self, filters: dict[str, str]):
        return campus_meetings(now=timezone.now(), **filters)[:ATOM_LIMIT]

    def item_title(self, meeting: Meeting) -> str:
        title = single_line(f"{meeting.title} ({meeting.community.name})")
        return f"Cancelled: {title}" if meeting.cancelled else title

    def item_description(self, meeting: Meeting) -> str:
        parts = [meeting_span(meeting)]
        if meeting.location:
            parts.append(single_line(meeting.location))
        if meeting.cancelled:
            parts.append("This meeting is cancelled.")
        return " · ".join(parts)

    def item_pubdate(self, meeting: Meeting):
        return meeting.created_at

    def item_updateddate(self, meeting: Meeting):
        return meeting.updated_at
