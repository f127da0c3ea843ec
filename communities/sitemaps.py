"""/sitemap.xml (django.contrib.sitemaps): listed communities, their coming public meetings and the
information pages. Archived communities and cancelled or past meetings are left out."""

from __future__ import annotations

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from .models import Community, Meeting


class CommunitySitemap(Sitemap):
    """The directory's communities (Community.objects.listed: active and dormant)."""

    changefreq = "weekly"

    def items(self):
        return Community.objects.listed().order_by("pk")

    def lastmod(self, community):
        return community.updated_at


class MeetingSitemap(Sitemap):
    """Meetings not yet over and not cancelled, of listed communities (their pages are public)."""

    changefreq = "daily"

    def items(self):
        return (
            Meeting.objects.upcoming()
            .filter(cancelled=False, community__in=Community.objects.listed())
            .select_related("community")
            .order_by("pk")
        )

    def lastmod(self, meeting):
        return meeting.updated_at


class PageSitemap(Sitemap):
    """The directory and the information pages."""

    changefreq = "monthly"

    def items(self):
        return [
            "communities:directory",
            "communities:about",
            "communities:about_start",
            "communities:about_tips",
        ]

    def location(self, item):
        return reverse(item)


SITEMAPS = {"pages": PageSitemap, "communities": CommunitySitemap, "meetings": MeetingSitemap}
