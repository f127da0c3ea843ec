from django.conf import settings


def site(request):
    """Template context for every page: the site's name."""
    return {"site_name": settings.SITE_NAME}
