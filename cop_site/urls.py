"""Root URL map (see DESIGN.md): the app's pages at the root, Django auth under /accounts/."""

from django.contrib import admin
from django.contrib.auth.views import LoginView
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path, reverse_lazy
from django.views.generic import RedirectView, TemplateView

from accounts.forms import LoginForm
from communities.seo import absolute_url
from communities.sitemaps import SITEMAPS

admin.site.site_header = "Communities of Practice: coordination"
admin.site.site_title = "CoP coordination"

urlpatterns = [
    # For search engines (communities/seo.py has the rule for what may be indexed).
    path(
        "robots.txt",
        TemplateView.as_view(
            template_name="robots.txt",
            content_type="text/plain; charset=utf-8",
            extra_context={"sitemap_url": absolute_url("/sitemap.xml")},
        ),
        name="robots_txt",
    ),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    # One login page for everyone: the site's own is accessible (Django admin's has no <h1> and no
    # skip link) and throttled by django-axes; "?next=/admin/..." is passed on.
    path(
        "admin/login/",
        RedirectView.as_view(url=reverse_lazy("login"), query_string=True),
        name="admin_login",
    ),
    path("admin/", admin.site.urls),
    # Before django.contrib.auth.urls: its logout view is replaced by one that also ends SSO.
    path("", include("accounts.sso_urls")),
    path("", include("accounts.urls")),
    # Before django.contrib.auth.urls: the log-in form that enforces the username's length.
    path("accounts/login/", LoginView.as_view(authentication_form=LoginForm), name="login"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("", include("communities.urls")),
    path("", include("health.urls")),
]
