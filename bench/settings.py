"""Settings for benchmark servers only: the site's settings plus a bare view to compare with.

Used as DJANGO_SETTINGS_MODULE=bench.settings by bench/run.py; production never loads it, so the
bare view (bench/urls.py) does not exist there.
"""

from cop_site.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
