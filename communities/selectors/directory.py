"""Reads for the directory: the communities it lists. Keyword search is selectors.search."""

from __future__ import annotations

from django.db.models import QuerySet

from ..models import Community


def directory_communities() -> QuerySet[Community]:
    """The communities the directory lists (active and dormant, never archived), each annotated
    with its member and leader counts and next meeting (models.CommunityQuerySet.with_stats)."""
    return Community.objects.listed().with_stats()
