"""The site's URLs plus ``/bench/bare/``: a view returning a constant response through the same
middleware stack, the yardstick for the throughput ratio."""

from django.http import HttpResponse
from django.urls import path

from cop_site.urls import urlpatterns as site_urlpatterns


def bare(request):
    return HttpResponse(b"ok", content_type="text/plain")


urlpatterns = [path("bench/bare/", bare, name="bench_bare"), *site_urlpatterns]
