"""Settings for benchmark servers only: the site's settings, the bench app (seed_scale) and a bare
view to compare with.

Used as DJANGO_SETTINGS_MODULE=bench.settings by bench/run.py; production never loads it, so the
bare view (bench/urls.py) does not exist there.
"""

from cop_site.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
# The servers run with DEBUG=0, which leaves bench out of INSTALLED_APPS; seed_scale needs it.
if "bench" not in INSTALLED_APPS:  # noqa: F405
    INSTALLED_APPS = [*INSTALLED_APPS, "bench"]  # noqa: F405
