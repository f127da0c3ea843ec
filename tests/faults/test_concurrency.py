"""Races and a database restart, on PostgreSQL (SQLite serialises writers, so they prove nothing
there and are skipped; CI runs them)."""

from __future__ import annotations

import threading
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from io import BytesIO

import psycopg
import pytest
from django.conf import settings
from django.core.handlers.wsgi import WSGIHandler
from django.db import connection, connections
from django.test import Client

from communities.models import Community, Membership, MembershipPolicy, Proposal
from communities.services import communities, proposals
from tests.personas import make_coordinator, make_person

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (set DATABASE_URL)")


def logged_in_cookie(user) -> str:
    client = Client()
    client.force_login(user)
    return client.cookies[settings.SESSION_COOKIE_NAME].value


def run_together(n: int, request):
    """Call ``request()`` from ``n`` threads released at the same moment; return the results."""
    barrier = threading.Barrier(n)

    def call():
        try:
            barrier.wait()
            return request()
        finally:
            connections.close_all()  # each thread has its own connection: give it back

    with ThreadPoolExecutor(max_workers=n) as pool:
        return [f.result() for f in [pool.submit(call) for _ in range(n)]]


def test_fifty_simultaneous_joins_by_one_person_make_one_membership():
    person = make_person("eager")
    community = communities.community_create(name="Busy", membership_policy=MembershipPolicy.OPEN)
    cookie = logged_in_cookie(person)

    def join():
        client = Client()
        client.cookies[settings.SESSION_COOKIE_NAME] = cookie
        return client.post(f"/c/{community.slug}/join/").status_code

    statuses = run_together(50, join)
    assert Counter(statuses) == {302: 50}
    membership = Membership.objects.get(user=person, community=community)
    assert membership.state == Membership.State.ACTIVE


def test_two_coordinators_approving_at_the_same_moment_make_one_community():
    proposer = make_person("proposer")
    proposal = proposals.proposal_submit(
        proposer=proposer, name="Race Club", purpose="Exactly one of us wins.", audience="All"
    )
    cookies = iter([logged_in_cookie(make_coordinator(f"coordinator{n}")) for n in (1, 2)])
    lock = threading.Lock()

    def approve():
        client = Client()
        with lock:
            client.cookies[settings.SESSION_COOKIE_NAME] = next(cookies)
        data = {"action": "approve", "_selected_action": [proposal.pk], "apply": "1", "note": ""}
        return client.post("/admin/communities/proposal/", data).status_code

    assert run_together(2, approve) == [302, 302]
    community = Community.objects.get(name="Race Club")
    assert Proposal.objects.get().community == community
    assert list(Membership.objects.values_list("user", "role")) == [(proposer.pk, "leader")]


def _wsgi_get(path: str) -> int:
    """One request through Django's real WSGI handler, which (unlike the test client) runs the
    request_started/finished connection housekeeping that CONN_HEALTH_CHECKS relies on."""
    status = []
    environ = {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": path,
        "SERVER_NAME": "testserver",
        "SERVER_PORT": "80",
        "wsgi.input": BytesIO(),
        "wsgi.url_scheme": "http",
    }
    response = WSGIHandler()(environ, lambda s, headers: status.append(s))
    response.close()
    return int(status[0].split()[0])


def test_the_app_survives_the_database_dropping_its_connections():
    communities.community_create(name="Still Here")
    assert _wsgi_get("/") == 200
    assert connection.connection is not None  # kept open for the next request (CONN_MAX_AGE)
    # From settings (CONN_HEALTH_CHECKS); with it off, the next request is a 500.
    assert connection.health_check_enabled
    pid = connection.connection.info.backend_pid
    db = connection.settings_dict
    with psycopg.connect(
        host=db["HOST"],
        port=db["PORT"],
        user=db["USER"],
        password=db["PASSWORD"],
        dbname="postgres",
    ) as admin:
        admin.execute("SELECT pg_terminate_backend(%s)", [pid])
    assert _wsgi_get("/") == 200  # the dead connection is noticed and replaced, no restart
    assert connection.connection.info.backend_pid != pid
