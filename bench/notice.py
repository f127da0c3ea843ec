# ruff: noqa: E402 (Django is set up before the project's imports)
"""Time a leader scheduling a meeting, members told, in one community (test client POST; e-mail
to the locmem backend). usage: DATABASE_URL=... .venv/bin/python bench/notice.py CHECKOUT [SLUG]"""

import os
import sys
import time

root = sys.argv[1]
sys.path.insert(0, root)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
os.environ.update(
    DEBUG="0",
    SECRET_KEY="x" * 60,
    ALLOWED_HOSTS="testserver",
    SECURE_SSL_REDIRECT="0",
    LOG_LEVEL="WARNING",
    EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
)
import django

django.setup()
from datetime import date, timedelta

from django.core import mail
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from communities.models import Community, EmailMessageLog

slug = sys.argv[2] if len(sys.argv) > 2 else "campus-accessibility-senate"
community = Community.objects.get(slug=slug)
leader = community.memberships.filter(state="active", role="leader").first().user
mail.outbox = []
c = Client()
c.force_login(leader)
form = {
    "title": "Town hall",
    "day": (date.today() + timedelta(days=20)).isoformat(),
    "start_time": "12:00",
    "end_time": "13:00",
    "timezone": "America/Denver",
    "location": "Room 5",
    "online_url": "",
    "notes": "",
    "capacity": "",
}
before = EmailMessageLog.objects.count()
with CaptureQueriesContext(connection) as q:
    t = time.perf_counter()
    cpu = time.process_time()
    r = c.post(f"/c/{slug}/manage/meetings/new/", form)
    wall = time.perf_counter() - t
    cpu = time.process_time() - cpu
print(
    f"{root}: status {r.status_code}, {len(q)} queries, {wall * 1000:.0f} ms wall, {cpu * 1000:.0f} ms CPU, "
    f"{EmailMessageLog.objects.count() - before} logged, {len(getattr(mail, 'outbox', []))} sent in the request"
)
