from django.conf import settings

from communities import seo


def site(request):
    """Template context for every page: ``site_title``, the site's name, and ``canonical_url``,
    the page's address on the public site (settings.SITE_URL, without the query string).

    Not called ``site_name``: Django's auth views put the request's host under that name.
    """
    return {"site_title": settings.SITE_NAME, "canonical_url": seo.absolute_url(request.path)}
