# ruff: noqa: E402 (Django is set up before the project's imports)
"""Per page: query count, database time (sum of EXPLAIN ANALYZE execution times, median of 3) and
this process's CPU per request (median of N, time.process_time: robust to other processes' load).
usage: DATABASE_URL=... .venv/bin/python bench/page_cost.py CHECKOUT [N] [page-substring]
(CHECKOUT: this checkout, or an export of another commit to compare with on the same data)."""

import os
import re
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

n = int(sys.argv[2]) if len(sys.argv) > 2 else 5
only = sys.argv[3] if len(sys.argv) > 3 else ""
f = Fixture()
for page in f.pages():
    if only not in page.name:
        continue
    c = Client()
    u = f.user(page.who)
    if u:
        c.force_login(u)
    c.get(page.path)
    cache.clear()
    q = []

    def rec(execute, sql, params, many, context, q=q):
        q.append((sql, params))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(rec):
        r = c.get(page.path)
    dbs = []
    for _ in range(3):
        total = 0.0
        with connection.cursor() as cur:
            for sql, params in q:
                if sql.lstrip().upper().startswith("SELECT"):
                    cur.execute("EXPLAIN ANALYZE " + sql, params)
                    total += float(
                        re.search(
                            r"Execution Time: ([\d.]+)", "\n".join(x[0] for x in cur.fetchall())
                        ).group(1)
                    )
        dbs.append(total)
    cpu = []
    for _ in range(n):
        cache.clear()
        t = time.process_time()
        c.get(page.path)
        cpu.append((time.process_time() - t) * 1000)
    print(
        f"| {page.name} | {r.status_code} | {len(q)} | {statistics.median(dbs):.2f} | {statistics.median(cpu):.1f} |",
        flush=True,
    )
