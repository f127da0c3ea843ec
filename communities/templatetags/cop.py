"""Template filters for showing times with their zone, and sanitised Markdown."""

from __future__ import annotations

import json
from datetime import datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django import template
from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import _json_script_escapes, format_html
from django.utils.safestring import mark_safe

from communities import seo

register = template.Library()


def _zone(name: str | None) -> ZoneInfo:
    try:
        return ZoneInfo(name or settings.TIME_ZONE)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo(settings.TIME_ZONE)


def format_when(moment: datetime, zone_name: str | None = None) -> str:
    """An aware datetime as local wall-clock time with its zone, e.g. "Wed 11 Mar 2026, 10:00 MDT".

    ``zone_name`` is an IANA zone name (default: settings.TIME_ZONE).
    """
    local = moment.astimezone(_zone(zone_name))
    return f"{local:%a} {local.day} {local:%b %Y, %H:%M} {local.tzname()}"


def format_span(starts: datetime, ends: datetime, zone_name: str | None = None) -> str:
    """A meeting's span in its zone: "Wed 11 Mar 2026, 10:00–11:00 MDT" (same day), or both
    ends in full when it crosses midnight or a zone change (e.g. DST) within the meeting."""
    zone = _zone(zone_name)
    start, end = starts.astimezone(zone), ends.astimezone(zone)
    if start.date() == end.date() and start.tzname() == end.tzname():
        return f"{start:%a} {start.day} {start:%b %Y, %H:%M}–{end:%H:%M} {end.tzname()}"
    return f"{format_when(starts, zone_name)} – {format_when(ends, zone_name)}"


@register.filter
def when(moment: datetime | None, zone_name: str | None = None) -> str:
    """Template filter: ``{{ dt|when }}`` or ``{{ dt|when:meeting.timezone }}``."""
    return format_when(moment, zone_name) if moment else ""


@register.filter
def meeting_span(meeting) -> str:
    """Template filter: ``{{ meeting|meeting_span }}`` in the meeting's own zone."""
    return format_span(meeting.starts_at, meeting.ends_at, meeting.timezone)


@register.filter
def json_ld(data: dict) -> str:
    """``data`` as a ``<script type="application/ld+json">`` block, escaped like json_script
    (``<``, ``>`` and ``&`` as \\u escapes, so no text in it can close the element). A data block
    is not executed, so the Content-Security-Policy allows it."""
    return format_html(
        '<script type="application/ld+json">{}</script>',
        mark_safe(json.dumps(data, cls=DjangoJSONEncoder).translate(_json_script_escapes)),  # noqa: S308
    )


@register.filter
def organization_ld(community) -> str:
    """A community's schema.org Organization as JSON-LD (communities.seo.organization_data)."""
    return json_ld(seo.organization_data(community))


@register.filter
def event_ld(meeting) -> str:
    """A meeting's schema.org Event as JSON-LD (communities.seo.event_data)."""
    return json_ld(seo.event_data(meeting))
