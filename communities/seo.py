"""What search engines and link previews read: indexable views, absolute URLs, schema.org data.

The rule for ``noindex`` lives here (INDEXABLE_VIEWS, used by cop_site.middleware.RobotsTagMiddleware):
only the public pages named below may be indexed; every other response (personal pages, leader
tools, admin, feeds with secret tokens, error pages) is sent with ``X-Robots-Tag: noindex``.
"""

from __future__ import annotations

from django.conf import settings
from django.utils.timezone import localtime

# URL names (namespace:name) of the pages a search engine may list. Anything not named here is
# noindex: a new view is private until someone decides otherwise. (robots.txt and sitemap.xml are
# files for crawlers, not pages to list: noindex too, as Django's sitemap view already says.)
INDEXABLE_VIEWS = frozenset(
    {
        "communities:directory",
        "communities:detail",
        "communities:meeting_detail",
        "communities:about",
        "communities:about_start",
        "communities:about_tips",
    }
)


def absolute_url(path: str) -> str:
    """``path`` on the site's public address (settings.SITE_URL), e.g. for canonical links."""
    return settings.SITE_URL + path


def organization_data(community) -> dict:
    """schema.org ``Organization`` of a community: name, description, page, who leads it."""
    data = {
        "@context": "https://schema.org",
        "@type": "Organization",
        "name": community.name,
        "url": absolute_url(community.get_absolute_url()),
    }
    if community.summary:
        data["description"] = community.summary
    if community.host_unit:
        data["parentOrganization"] = {"@type": "Organization", "name": community.host_unit}
    return data


def event_data(meeting) -> dict:
    """schema.org ``Event`` of a meeting: start and end with the meeting's zone offset, status,
    attendance mode and location. The online link is for members only: the virtual location is
    the meeting's page, never the link itself."""
    page = absolute_url(meeting.get_absolute_url())
    place = meeting.location or meeting.community.usual_location
    physical = {"@type": "Place", "name": place or "Announced to members", "address": place or ""}
    virtual = {"@type": "VirtualLocation", "url": page}
    if meeting.online_url and meeting.location:
        mode, location = "MixedEventAttendanceMode", [physical, virtual]
    elif meeting.online_url:
        mode, location = "OnlineEventAttendanceMode", virtual
    else:
        mode, location = "OfflineEventAttendanceMode", physical
    data = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": meeting.title,
        "url": page,
        "startDate": localtime(meeting.starts_at, meeting.zone).isoformat(),
        "endDate": localtime(meeting.ends_at, meeting.zone).isoformat(),
        "eventStatus": "https://schema.org/"
        + ("EventCancelled" if meeting.cancelled else "EventScheduled"),
        "eventAttendanceMode": f"https://schema.org/{mode}",
        "location": location,
        "organizer": {
            "@type": "Organization",
            "name": meeting.community.name,
            "url": absolute_url(meeting.community.get_absolute_url()),
        },
    }
    if meeting.notes:
        data["description"] = meeting.notes[:300]
    return data
