"""Site-wide request guards that run before any view."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest

NUL = "\x00"


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
