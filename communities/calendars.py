"""iCalendar (RFC 5545) files for meetings, made with the ``icalendar`` package.

Every event carries its start and end in the meeting's own zone (TZID) with a matching VTIMEZONE,
so Outlook, Google and Apple show the right hour on both sides of a DST change. UIDs are stable
(``meeting-<pk>@<site host>``), cancelled meetings stay with STATUS:CANCELLED, and SEQUENCE grows
with every change so clients replace their copy.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import timedelta
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.db.models import QuerySet
from django.utils import timezone

from .models import Community, Meeting, Membership
from .validators import plain_text, single_line

if TYPE_CHECKING:
    from icalendar import Event

# How far back feeds go: past meetings stay visible in subscribed calendars for about six months.
FEED_PAST_DAYS = 183
CONTENT_TYPE = "text/calendar; charset=utf-8"
# The campus-wide feed holds the soonest meetings only, so its size (and build time) stays bounded
# however many communities there are; subscribed clients pick up later ones as they come closer.
CAMPUS_FEED_LIMIT = 500


def meeting_uid(meeting: Meeting) -> str:
    """The meeting's UID, the same in every file and feed for the meeting's whole life."""
    host = urlsplit(settings.SITE_URL).hostname or "localhost"
    return f"meeting-{meeting.pk}@{host}"


def meeting_event(meeting: Meeting, *, with_link: bool) -> Event:
    """One VEVENT for ``meeting`` (its community must be loaded). ``with_link`` adds the online
    link, which only members and leaders may see."""
    from icalendar import Event  # imported on first use: it is slow to import (~50 ms)

    zone = meeting.zone
    page = settings.SITE_URL + meeting.get_absolute_url()
    event = Event()
    event.add("uid", meeting_uid(meeting))
    event.add("dtstamp", meeting.updated_at)
    event.add("created", meeting.created_at)
    event.add("last-modified", meeting.updated_at)
    event.add("sequence", meeting.sequence)
    event.add("dtstart", meeting.starts_at.astimezone(zone))
    event.add("dtend", meeting.ends_at.astimezone(zone))
    # One-line properties: a line break or control character stored before the fields refused it
    # must not break the file or reach the reader's calendar raw.
    title = single_line(f"{meeting.title} ({meeting.community.name})")
    event.add("summary", f"Cancelled: {title}" if meeting.cancelled else title)
    event.add("status", "CANCELLED" if meeting.cancelled else "CONFIRMED")
    event.add("url", page)
    location = single_line(meeting.location)
    link = single_line(meeting.online_url) if with_link else ""
    if link:
        location = f"{location} / {link}" if location else link
    if location:
        event.add("location", location)
    notes = plain_text(meeting.notes).strip()
    lines = [notes] if notes else []
    if link:
        lines.append(f"Join online: {link}")
    lines.append(f"Details and RSVP: {page}")
    event.add("description", "\n\n".join(lines))
    return event


def calendar_bytes(
    meetings: Iterable[Meeting],
    *,
    name: str,
    with_link: Callable[[Meeting], bool] | bool = False,
) -> bytes:
    """A VCALENDAR holding one VEVENT per meeting, with the VTIMEZONEs they need, as bytes.

    ``with_link`` is a bool or a function of the meeting deciding whether its online link is shown.
    """
    from icalendar import Calendar  # imported on first use: it is slow to import (~50 ms)

    cal = Calendar()
    cal.add("prodid", f"-//{settings.SITE_NAME}//Meetings//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", single_line(name))
    cal.add("x-published-ttl", "PT1H")  # how often subscribed clients should refresh
    for meeting in meetings:
        show = with_link(meeting) if callable(with_link) else with_link
        cal.add_component(meeting_event(meeting, with_link=show))
    cal.add_missing_timezones()
    return cal.to_ical()


def _feed_window(meetings: QuerySet[Meeting]) -> QuerySet[Meeting]:
    since = timezone.now() - timedelta(days=FEED_PAST_DAYS)
    return meetings.filter(ends_at__gte=since).select_related("community").order_by("starts_at")


def community_feed(community: Community) -> bytes:
    """The public feed of a community: its meetings from ~6 months ago on, cancelled ones
    included, without online links (anyone may subscribe)."""
    meetings = _feed_window(Meeting.objects.filter(community=community))
    return calendar_bytes(meetings, name=community.name, with_link=False)


def personal_feed(user: AbstractBaseUser) -> bytes:
    """A user's feed: meetings of every community they are an active member of, with links."""
    communities = Membership.objects.active().filter(user=user).values("community")
    meetings = _feed_window(Meeting.objects.filter(community__in=communities))
    return calendar_bytes(meetings, name=f"My meetings · {settings.SITE_NAME}", with_link=True)


def meeting_file(meeting: Meeting, *, with_link: bool) -> bytes:
    """A single meeting's .ics (download or e-mail attachment)."""
    return calendar_bytes([meeting], name=meeting.title, with_link=with_link)


def campus_feed(meetings: Iterable[Meeting]) -> bytes:
    """The public campus-wide feed (/meetings/calendar.ics): the meetings selected by
    selectors.meetings.campus_meetings, cancelled ones with STATUS:CANCELLED, no online links."""
    return calendar_bytes(meetings, name=f"Meetings · {settings.SITE_NAME}", with_link=False)
