"""Site-wide request guards that run before any view: NUL in the path, query or form
(RefuseNulMiddleware), and control characters in request headers (RefuseBadHeaders, a WSGI
wrapper, because Django parses Content-Type while it builds the request, before any middleware).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest

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
