"""The directory: search, filters, sort and pages over the listed communities."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils.functional import SimpleLazyObject

from ..caching import cache_page_for_visitors, fragment_cache
from ..forms.directory import CommunityFilter
from ..selectors.directory import directory_communities

DIRECTORY_PAGE_SIZE = 20


@cache_page_for_visitors
def directory(request):
    """The directory: search ``q``, filters, ``sort`` and ``page`` (bad values fall back)."""
    # Lazy, so a cached list (see caching.fragment_cache) costs no query and no queryset building.
    communities = SimpleLazyObject(
        lambda: CommunityFilter(request.GET, queryset=directory_communities())
    )
    page = SimpleLazyObject(
        lambda: Paginator(communities.qs, DIRECTORY_PAGE_SIZE).get_page(request.GET.get("page"))
    )
    query = request.GET.copy()
    query.pop("page", None)
    query.pop("csrfmiddlewaretoken", None)  # left in old bookmarks by an earlier search form
    return render(
        request,
        "communities/directory.html",
        {
            "filter": communities,
            "page": page,
            "query": query.urlencode(),
            "fragment": fragment_cache(request, "directory"),
        },
    )
