"""Join burst: 100 logged-in people press "Join" on the same community at the same moment.

Against gunicorn (2 workers, PostgreSQL, DEBUG=0): first 10 joins one after another (the
single-join latency, median), then 100 concurrent joins released together by a barrier. Reports
p50/p95 latency, errors (anything but the 302 back to the page) and the memberships created,
which must be exactly one per person. Writes bench/results/join_burst.json.
"""

from __future__ import annotations

import http.client
import statistics
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.common import print_table, setup_django, write_result
from bench.server import WORKERS, gunicorn

BURST = 100
SINGLE = 10
CSRF = "benchcsrftokenbenchcsrftoken0123"  # 32 characters, as a CSRF cookie secret may be


def join(base, path, session):
    """POST the join form like a browser; returns (seconds, status or error text)."""
    parts = urlsplit(base)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=120)
    body = f"csrfmiddlewaretoken={CSRF}"
    headers = {
        "Cookie": f"sessionid={session}; csrftoken={CSRF}",
        "Content-Type": "application/x-www-form-urlencoded",
    }
    started = time.perf_counter()
    try:
        connection.request("POST", path, body=body, headers=headers)
        response = connection.getresponse()
        response.read()
        outcome = response.status
    except OSError as error:
        outcome = repr(error)
    finally:
        connection.close()
    return time.perf_counter() - started, outcome


def people(count):
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX

    model = get_user_model()
    names = [f"bench-join-{n}" for n in range(count)]
    existing = set(model.objects.filter(username__in=names).values_list("username", flat=True))
    model.objects.bulk_create(
        [
            model(username=n, password=UNUSABLE_PASSWORD_PREFIX + "x")
            for n in names
            if n not in existing
        ]
    )
    return list(model.objects.filter(username__in=names).order_by("pk"))


def main():
    setup_django("full")
    from django.urls import reverse

    from bench.pages import session_cookie
    from communities.models import Community, Membership, MembershipPolicy

    community = (
        Community.objects.filter(status="active", membership_policy=MembershipPolicy.OPEN)
        .with_stats()
        .order_by("-member_count", "pk")
        .first()
    )
    users = people(SINGLE + BURST)
    Membership.objects.filter(community=community, user__in=users).delete()
    sessions = [session_cookie(user) for user in users]
    path = reverse("communities:join", args=[community.slug])
    with gunicorn() as base:
        join(base, "/bench/bare/", sessions[0])  # both workers up and connected
        single = [join(base, path, s)[0] for s in sessions[:SINGLE]]
        barrier = threading.Barrier(BURST)
        outcomes = [None] * BURST

        def run(index):
            barrier.wait()
            outcomes[index] = join(base, path, sessions[SINGLE + index])

        threads = [threading.Thread(target=run, args=(i,)) for i in range(BURST)]
        wall = time.perf_counter()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        wall = time.perf_counter() - wall
    burst_users = users[SINGLE:]
    rows = Membership.objects.filter(community=community, user__in=burst_users)
    created = rows.filter(state=Membership.State.ACTIVE).count()
    per_person = rows.count() == len({r.user_id for r in rows})
    latencies = sorted(seconds for seconds, _ in outcomes)
    errors = [o for _, o in outcomes if o != 302]
    single_ms = statistics.median(single) * 1000
    p50 = statistics.median(latencies) * 1000
    p95 = latencies[int(0.95 * BURST) - 1] * 1000
    # With W workers, a request queued behind k others waits about k / W service times.
    queue_floor = (0.95 * BURST / WORKERS) * single_ms
    result = {
        "community": community.name,
        "members_before": community.member_count,
        "single_join_ms": single_ms,
        "p50_ms": p50,
        "p95_ms": p95,
        "p95_over_single": p95 / single_ms,
        "queueing_floor_p95_ms": queue_floor,
        "wall_seconds": wall,
        "errors": len(errors),
        "error_samples": [str(e) for e in errors[:5]],
        "memberships_created": created,
        "one_row_per_person": per_person,
    }
    print_table(
        f"Join burst: {BURST} concurrent joins of “{community.name}” ({community.member_count} members)",
        ["measure", "value", "target"],
        [
            ["single join (median of 10)", f"{single_ms:.1f} ms", ""],
            ["burst p50", f"{p50:.1f} ms", ""],
            ["burst p95", f"{p95:.1f} ms", f"≤ {5 * single_ms:.1f} ms (5 × single)"],
            ["p95 ÷ single", f"{p95 / single_ms:.1f}", "≤ 5"],
            [f"queueing floor for p95 ({WORKERS} workers)", f"{queue_floor:.0f} ms", ""],
            ["burst wall time", f"{wall:.2f} s", ""],
            ["errors", len(errors), "0"],
            ["memberships created", created, str(BURST)],
            ["one row per person", per_person, "True"],
        ],
    )
    write_result("join_burst", result)


if __name__ == "__main__":
    main()
