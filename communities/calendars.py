"""iCalendar (RFC 5545) files for meetings, made with the ``icalendar`` package.

Every event carries its start and end in the meeting's own zone (TZID) with a matching VTIMEZONE,
so Outlook, Google and Apple show the right hour on both sides of a DST change. UIDs are stable
(``meeting-<pk>@<site host>``), cancelled meetings stay with STATUS:CANCELLED, and SEQUENCE grows
with every change so clients replace their copy.

Feeds are polled all day by calendar clients, so each one has a *version* (feed_version): an
ETag and a Last-Modified time made from what the feed shows (its meetings' count, latest change
and span inside the window; the community names; for a personal feed the person's communities
and answers). The views answer a repeat with 304 and keep each built feed in the cache under its
version (cached_feed), so a change, a cancellation or a new member shows at the next poll and
nothing stale is ever served: a changed feed has a new key.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.cache import cache
from django.db.models import Count, Max, Min, QuerySet
from django.utils import timezone

from .models import Community, Meeting, Membership, Rsvp
from .validators import plain_text, single_line

if TYPE_CHECKING:
    from icalendar import Event

logger = logging.getLogger(__name__)

# The window a feed covers. Subscribed clients replace their copy with the feed at every poll, so
# it holds what people look at in a calendar: last month's meetings (notes, "when did we last
# meet") and what is planned, up to two years ahead (the community and meeting pages show the
# rest). It was 183 days back with no end: the biggest feed was 140 KB, at ~0.5 ms of CPU per
# event, for clients polling every hour.
FEED_PAST_DAYS = 31
FEED_FUTURE_DAYS = 731
# How long a built feed stays in the cache. Its key changes with its content, so this only
# bounds memory, never staleness.
FEED_CACHE_SECONDS = 24 * 3600
# Part of every version: bump it when the files' format changes, so caches and clients refresh.
FORMAT = "2"
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


def _window(meetings: QuerySet[Meeting]) -> QuerySet[Meeting]:
    now = timezone.now()
    return meetings.filter(
        ends_at__gte=now - timedelta(days=FEED_PAST_DAYS),
        starts_at__lte=now + timedelta(days=FEED_FUTURE_DAYS),
    )


def _feed_window(meetings: QuerySet[Meeting]) -> QuerySet[Meeting]:
    return _window(meetings).select_related("community").order_by("starts_at")


def community_feed(community: Community) -> bytes:
    """The public feed of a community: its meetings from FEED_PAST_DAYS ago to FEED_FUTURE_DAYS
    ahead, cancelled ones included, without online links (anyone may subscribe)."""
    meetings = _feed_window(Meeting.objects.filter(community=community))
    return calendar_bytes(meetings, name=community.name, with_link=False)


def _member_of(user: AbstractBaseUser):
    return Membership.objects.active().filter(user=user)


def personal_feed(user: AbstractBaseUser) -> bytes:
    """A user's feed: meetings of every community they are an active member of, with links,
    in the same window as community feeds."""
    communities = _member_of(user).values("community")
    meetings = _feed_window(Meeting.objects.filter(community__in=communities))
    return calendar_bytes(meetings, name=f"My meetings · {settings.SITE_NAME}", with_link=True)


def meeting_file(meeting: Meeting, *, with_link: bool) -> bytes:
    """A single meeting's .ics (download or e-mail attachment)."""
    return calendar_bytes([meeting], name=meeting.title, with_link=with_link)


def campus_feed(meetings: Iterable[Meeting]) -> bytes:
    """The public campus-wide feed (/meetings/calendar.ics): the meetings selected by
    selectors.meetings.campus_meetings, cancelled ones with STATUS:CANCELLED, no online links."""
    return calendar_bytes(meetings, name=f"Meetings · {settings.SITE_NAME}", with_link=False)


@dataclass(frozen=True)
class FeedVersion:
    """What identifies one state of a calendar file: ``etag`` (a quoted strong ETag) changes
    whenever the file's bytes would, ``last_modified`` is the latest change it shows (aware UTC
    datetime, for clients that send only If-Modified-Since)."""

    etag: str
    last_modified: datetime


def _version(*parts, changed: Iterable[datetime | None]) -> FeedVersion:
    text = "|".join(str(p) for p in (FORMAT, settings.SITE_URL, settings.SITE_NAME, *parts))
    times = [t for t in changed if t is not None]
    return FeedVersion(
        etag=f'"{hashlib.sha256(text.encode()).hexdigest()[:32]}"',
        last_modified=max(times, default=datetime(2000, 1, 1, tzinfo=UTC)),
    )


def _meetings_state(meetings: QuerySet[Meeting]) -> dict:
    """One aggregate over the window: any edit (auto ``updated_at``), cancellation, new or
    removed meeting, or a meeting sliding out of the window changes it."""
    return _window(meetings).aggregate(
        n=Count("pk"), changed=Max("updated_at"), first=Min("starts_at"), last=Max("starts_at")
    )


def community_feed_version(community: Community) -> FeedVersion:
    """The version of ``community_feed(community)``: one query."""
    state = _meetings_state(Meeting.objects.filter(community=community))
    return _version(
        "community", community.pk, community.name, community.updated_at, *state.values(),
        changed=[state["changed"], community.updated_at],
    )  # fmt: skip


def personal_feed_version(user: AbstractBaseUser, token: str) -> FeedVersion:
    """The version of ``personal_feed(user)`` served at ``token``: four queries (the person's
    communities and their names, their meetings, the person's latest RSVP, so a feed that shows
    answers can never lag behind one, and their latest join or leave, so Last-Modified moves
    forward when the set of communities changes: a client that sends only If-Modified-Since
    must not get 304 for a feed that gained or lost a community). The token is part of it: a
    reset never matches an old copy."""
    communities = sorted(_member_of(user).values_list("community", "community__updated_at"))
    state = _meetings_state(Meeting.objects.filter(community__in=[c for c, _ in communities]))
    answered = Rsvp.objects.filter(user=user).aggregate(t=Max("updated_at"))["t"]
    moved = Membership.objects.filter(user=user).aggregate(
        joined=Max("joined_at"), left=Max("left_at")
    )
    return _version(
        "personal", user.pk, token, communities, answered, *state.values(),
        changed=[state["changed"], answered, moved["joined"], moved["left"],
                 *(t for _, t in communities)],
    )  # fmt: skip


def meeting_file_version(meeting: Meeting, *, with_link: bool) -> FeedVersion:
    """The version of ``meeting_file(meeting, with_link=...)``: no query (the meeting and its
    community are loaded)."""
    community = meeting.community
    return _version(
        "meeting", meeting.pk, meeting.updated_at, meeting.sequence, with_link,
        community.name, community.slug, community.updated_at,
        changed=[meeting.updated_at, community.updated_at],
    )  # fmt: skip


def cached_feed(kind: str, version: FeedVersion, build: Callable[[], bytes]) -> bytes:
    """The feed's bytes from the cache under ``kind`` and ``version``, or ``build()`` stored
    there for FEED_CACHE_SECONDS. A cache that is down only costs the build."""
    key = "ics:" + kind + ":" + version.etag.strip('"')
    try:
        found = cache.get(key)
    except Exception:  # a cache outage must not break calendars: build instead
        logger.warning("cache unreachable: building %s without it", kind, exc_info=True)
        return build()
    if found is not None:
        return found
    content = build()
    try:
        cache.set(key, content, FEED_CACHE_SECONDS)
    except Exception:
        logger.warning("cache unreachable: %s not stored", kind, exc_info=True)
    return content
