# ruff: noqa: E402 (Django is set up before the project's imports)
"""Calendar feeds: cold build, cached 200, conditional 304; queries and CPU ms (process_time, median of 5).
usage: DATABASE_URL=... .venv/bin/python bench/feeds.py CHECKOUT"""

import os
import statistics
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
)
import django

django.setup()
from django.core.cache import cache
from django.db import connection
from django.test import Client

from bench.pages import Fixture

f = Fixture()
n = 5


def run(c, path, headers=None, clear=False):
    q = []
    cpu = []
    r = None
    for _ in range(n):
        if clear:
            cache.clear()
        q.clear()

        def rec(execute, sql, params, many, context):
            q.append(sql)
            return execute(sql, params, many, context)

        with connection.execute_wrapper(rec):
            t = time.process_time()
            r = c.get(path, headers=headers or {})
            cpu.append((time.process_time() - t) * 1000)
    return r, len(q), statistics.median(cpu)


for page in f.pages():
    if "ICS" not in page.name:
        continue
    c = Client()
    r, nq, ms = run(c, page.path, clear=True)
    line = f"| {page.name} | {len(r.content) // 1024} KB, {r.content.count(b'BEGIN:VEVENT')} events | cold: {nq} q, {ms:.1f} ms"
    if r.has_header("ETag"):
        r2, nq2, ms2 = run(c, page.path)
        r3, nq3, ms3 = run(c, page.path, headers={"if-none-match": r["ETag"]})
        line += (
            f" | cached 200: {nq2} q, {ms2:.1f} ms | 304: {r3.status_code} {nq3} q, {ms3:.1f} ms"
        )
    print(line + " |", flush=True)
