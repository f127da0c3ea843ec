"""Caching of the directory: whole pages for visitors who are not logged in, and the list part
(search form, results, pagination) for everyone.

A cached page is keyed by the *data version* (a counter bumped, at commit, by every change to
communities, memberships or meetings: see migration 0005) and the full path with its query
string. A change therefore makes every cached page unreachable the moment it is committed, in
every server process, whichever code made it. Pages that depend on the clock (the next meeting)
also expire after CACHE_SECONDS.

What is never cached: anything for logged-in users (their pages show their own membership state
and CSRF tokens), requests carrying messages, non-GET requests, non-200 responses, requests
served inside a transaction, and anything on databases other than PostgreSQL (no version counter
there). The cache is Django's default one (per process unless CACHES says otherwise); correctness
does not depend on sharing it, since the version lives in the database.
"""

from __future__ import annotations

import hashlib
from functools import wraps

from django.core.cache import cache
from django.db import connection
from django.http import HttpResponse

CACHE_SECONDS = 60


def data_version(request=None) -> int | None:
    """The committed data version (int), or None where there is none (non-PostgreSQL).

    With ``request``, it is read once per request and remembered on it.
    """
    if request is not None and hasattr(request, "_cop_data_version"):
        return request._cop_data_version
    version = None
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT sum(version) FROM communities_dataversion")
            row = cursor.fetchone()
        version = int(row[0]) if row and row[0] is not None else None
    if request is not None:
        request._cop_data_version = version
    return version


def fragment_cache(request, name: str) -> dict:
    """Arguments for ``{% cache fragment.timeout name fragment.version fragment.path %}`` around
    a part of a page that shows no per-user state: ``timeout`` (0 means "do not cache"),
    ``version`` and ``path`` (the full path with its query string, hashed)."""
    version = data_version(request) if not connection.in_atomic_block else None
    return {
        "timeout": CACHE_SECONDS if version is not None else 0,
        "version": version,
        "path": hashlib.sha256(f"{name}:{request.get_full_path()}".encode()).hexdigest(),
    }


def _cacheable(request) -> bool:
    # Inside a transaction (ATOMIC_REQUESTS, tests) a view may see uncommitted rows that the
    # version does not count yet: only pages built from committed data are cached.
    return (
        not connection.in_atomic_block
        and request.method in ("GET", "HEAD")
        and "messages" not in request.COOKIES
        and not request.user.is_authenticated
    )


def cache_page_for_visitors(view):
    """Decorate a view whose page shows only communities, memberships and meetings (no names of
    people, no per-user state) so visitors get a cached copy that is never stale."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not _cacheable(request):
            return view(request, *args, **kwargs)
        version = data_version(request)
        if version is None:
            return view(request, *args, **kwargs)
        path = hashlib.sha256(request.get_full_path().encode()).hexdigest()
        key = f"page:{view.__module__}.{view.__name__}:{version}:{path}"
        hit = cache.get(key)
        if hit is not None:
            content, content_type = hit
            return HttpResponse(content, content_type=content_type)
        response = view(request, *args, **kwargs)
        if response.status_code == 200 and not response.cookies and not response.streaming:
            if hasattr(response, "render") and not response.is_rendered:
                response.render()
            cache.set(key, (response.content, response["Content-Type"]), CACHE_SECONDS)
        return response

    return wrapper
