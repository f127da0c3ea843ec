"""Site-wide request guards that run before any view: NUL in the path, query or form
(RefuseNulMiddleware), and control characters in request headers (RefuseBadHeaders, a WSGI
wrapper, because Django parses Content-Type while it builds the request, before any middleware).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from urllib.parse import urlsplit, urlunsplit

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.http import (
    HttpRequest,
    HttpResponse,
    HttpResponseBadRequest,
    HttpResponseRedirect,
    QueryDict,
)
from django.middleware.gzip import GZipMiddleware
from django.shortcuts import resolve_url
from django.urls import Resolver404, resolve
from django.utils.http import url_has_allowed_host_and_scheme

from communities.seo import INDEXABLE_VIEWS

NUL = "\x00"
# Header values may hold tabs (RFC 9110 5.5); every other C0 control and DEL is refused. Bytes
# 0x80-0x9F are not refused: WSGI hands header bytes over as Latin-1, and UTF-8 text uses them.
HEADER_CONTROLS = frozenset(chr(n) for n in (*range(0x20), 0x7F)) - {"\t"}


def _has_nul(request: HttpRequest) -> bool:
    if NUL in request.path:
        return True
    for data in (request.GET, request.POST if request.method == "POST" else None):
        if data and any(
            NUL in key or NUL in value for key, values in data.lists() for value in values
        ):
            return True
    return False


class RefuseNulMiddleware:
    """Answer 400 to a request with a NUL character in its path, query string or form fields.

    The one home of the NUL rule: no text field, search, filter, slug or token can hold NUL, and
    PostgreSQL refuses it in a query parameter (a 500 in any view, the admin's filters, search and
    autocomplete included). Uploaded files are not inspected (the importer refuses binary files).
    Placed before the session and CSRF middleware, so nothing reads the request first.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if _has_nul(request):
            return HttpResponseBadRequest(
                "The address or form contains a NUL character (%00), which nothing here accepts.",
                content_type="text/plain; charset=utf-8",
            )
        return self.get_response(request)


def _bad_header(environ: dict) -> str | None:
    for key, value in environ.items():
        if (key.startswith("HTTP_") or key in ("CONTENT_TYPE", "CONTENT_LENGTH")) and any(
            ch in HEADER_CONTROLS for ch in str(value)
        ):
            return key
    return None


class RefuseBadHeaders:
    """WSGI wrapper: answer 400 to a request with a control character (NUL, ESC, DEL...) in a
    header, before Django builds the request. Django reads Content-Type's charset while it
    constructs the request (a NUL there raised ValueError: a 500 that no middleware could catch).

    Wraps the application in cop_site/wsgi.py, so gunicorn and ``manage.py runserver`` (which
    loads settings.WSGI_APPLICATION) both go through it. Django's test client builds requests
    itself; tests/security/test_bad_headers.py calls the wrapped application and a served copy.
    """

    def __init__(self, app: Callable):
        self.app = app

    def __call__(self, environ: dict, start_response: Callable) -> Iterable[bytes]:
        if _bad_header(environ) is None:
            return self.app(environ, start_response)
        body = b"A request header contains a control character (such as NUL), which nothing here accepts.\n"
        start_response(
            "400 Bad Request",
            [("Content-Type", "text/plain; charset=utf-8"), ("Content-Length", str(len(body)))],
        )
        return [body]


def _page_above(path: str) -> str:
    """The nearest URL above ``path`` that the site answers, e.g. /c/x/meetings/5/ for
    /c/x/meetings/5/rsvp/ and /me/proposals/ for /me/proposals/7/withdraw/; "/" at worst."""
    parts = path.strip("/").split("/")
    while len(parts) > 1:
        parts.pop()
        candidate = "/" + "/".join(parts) + "/"
        try:
            resolve(candidate)
        except Resolver404:
            continue
        return candidate
    return "/"


class PostOnlyReturnMiddleware:
    """A POST-only URL is never where a person lands: log-in returns them to the button's page.

    The one home of this rule (issue 15). When a session has expired, pressing a button (RSVP,
    pulse, join, withdraw, a leader's remove or cancel) POSTs to a view that sends the person to
    log in with ``next`` set to that POST-only URL; after logging in the browser would GET it and
    see a blank 405. So:

    - a POST answered with a redirect to the log-in page gets ``next`` = the page the button was
      on (the same-origin Referer; Referrer-Policy is same-origin), and
    - a GET (or HEAD) answered 405 (a bookmarked action, a browser that sent no Referer) is
      redirected to the nearest page above it, with a message that nothing was changed.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if request.method == "POST" and response.status_code in (301, 302, 303):
            return self._return_to_referer(request, response)
        if request.method in ("GET", "HEAD") and response.status_code == 405:
            messages.info(
                request, "Nothing was changed: that address only works from its button. Try again."
            )
            return HttpResponseRedirect(_page_above(request.path))
        return response

    def _return_to_referer(self, request: HttpRequest, response: HttpResponse) -> HttpResponse:
        location = urlsplit(response["Location"])
        if location.path != resolve_url(settings.LOGIN_URL):
            return response
        query = QueryDict(location.query, mutable=True)
        if query.get(REDIRECT_FIELD_NAME) != request.get_full_path():
            return response
        referer = urlsplit(request.META.get("HTTP_REFERER", ""))
        back = urlunsplit(("", "", referer.path, referer.query, ""))
        same_site = url_has_allowed_host_and_scheme(
            request.META.get("HTTP_REFERER", ""),
            allowed_hosts={request.get_host()},
            require_https=request.is_secure(),
        )
        query[REDIRECT_FIELD_NAME] = (
            back if referer.path and same_site else _page_above(request.path)
        )
        response["Location"] = urlunsplit(("", "", location.path, query.urlencode("/"), ""))
        return response


class PublicGZipMiddleware(GZipMiddleware):
    """Compress only pages that hold no secret: anonymous visitors' pages without a CSRF token.

    BREACH recovers a secret from a compressed HTTPS response's length when the attacker can also
    put text of their choice into the same response (a search term, a form value). So a response is
    compressed only when it was made for a visitor who is not logged in (no names, e-mails or
    calendar tokens of theirs on it) and no CSRF token was rendered into it (the log-in form has
    one). Those are the directory, community, meeting and information pages that search engines
    and first-time visitors load; a logged-in person's pages stay uncompressed. The decision and
    the alternative (the TLS proxy) are written down in the README ("Compression").
    """

    def process_response(self, request: HttpRequest, response: HttpResponse) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            return response
        # CsrfViewMiddleware (inside this one) sets the CSRF cookie on every response that had a
        # token rendered into it, and only then.
        if settings.CSRF_COOKIE_NAME in response.cookies:
            return response
        return super().process_response(request, response)


class RobotsTagMiddleware:
    """``X-Robots-Tag: noindex`` on every response but the public pages search engines may list.

    The one home of the rule is communities.seo.INDEXABLE_VIEWS (URL names); anything else (a
    person's pages and calendar feed, leader tools, admin, log-in, error pages) is noindex, so a
    new view stays out of search results until someone names it there.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        match = getattr(request, "resolver_match", None)
        if response.status_code != 200 or match is None or match.view_name not in INDEXABLE_VIEWS:
            response.headers["X-Robots-Tag"] = "noindex"
        return response
