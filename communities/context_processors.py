from django.conf import settings


def site(request):
    """Template context for every page: ``site_title``, the site's name.

    Not called ``site_name``: Django's auth views put the request's host under that name.
    """
    return {"site_title": settings.SITE_NAME}
